import type { CheckResult } from '../core/lab';
import { countText, inRange, keyedRow, names, outcome, rangeText, tableRows } from '../scenario/outcome';
import type { Counters, Expected, KeyedRow, State } from './types';
import { visibleRows } from './view';

/** Rows as comparable text, ignoring order (a heap has none; updated rows move to the end). */
const show = (rows: readonly KeyedRow[]): string =>
  JSON.stringify([...rows].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((r) => ({ [r.key]: r.values })));

const byKey = (rows: readonly KeyedRow[]): string[] => [...rows].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map(keyedRow);

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

/** Transactions whose commit holds, and those that ended without effect. */
function outcomes(state: State): { committed: string[]; lost: string[] } {
  const committed: string[] = [];
  const lost: string[] = [];
  for (const name in state.txns) {
    const t = state.txns[name];
    if (t.status === 'committed') committed.push(name);
    else if (t.status === 'aborted' || t.status === 'lost') lost.push(name);
  }
  return { committed, lost };
}

const PHASE = {
  running: 'the server is running',
  crashed: 'the server is down after the crash',
  failed: 'recovery fails and the server stays down',
} as const;

/** The counters presets state, as a reader would name them. */
const COUNTER: Partial<Record<keyof Counters, string>> = {
  recordsReplayed: 'WAL records replayed by recovery',
  writesByCheckpointer: 'data pages written by the checkpointer',
  writesByBgwriter: 'data pages written by the background writer',
  writesByBackend: 'data pages written by backends',
  walFlushes: 'WAL flushes',
  evictions: 'buffers evicted',
  fsyncs: 'fsync calls',
  checkpoints: 'checkpoints',
  fpiCount: 'full-page images in the WAL',
};

const committedText = (xs: readonly string[]) => (xs.length ? `${names(xs)} committed` : 'no transaction committed');
const lostText = (xs: readonly string[]) => (xs.length ? `${names(xs)} lost or rolled back` : 'no transaction lost');

/** Compare the state after the last step with a preset's expected outcome, one expectation in words each. */
export function checkOutcome(state: State, expected: Expected): CheckResult {
  const out = outcome();
  const torn = state.recovery?.torn ?? [];
  if (expected.phase) {
    const actual =
      state.phase === 'failed'
        ? `recovery failed${torn.length ? ` on torn page ${names(torn)}` : ''}: the server is down`
        : PHASE[state.phase];
    const why = expected.tornPage
      ? 'Recovery failed, as this lesson expects: a torn page without a full-page image cannot be repaired, so PostgreSQL refuses to start.'
      : 'Recovery failed, as this lesson expects.';
    out.add(PHASE[expected.phase], actual, state.phase === expected.phase, expected.phase === 'failed' ? why : undefined);
  }
  if (expected.rows) {
    const { rows } = visibleRows(state);
    for (const [table, want] of Object.entries(expected.rows)) {
      const got = Object.hasOwn(rows, table) ? rows[table] : [];
      out.add(...tableRows(table, byKey(got), byKey(want), show(got) === show(want)));
    }
  }
  const { committed, lost } = outcomes(state);
  if (expected.committed) out.add(committedText(expected.committed), committedText(committed), sameSet(committed, expected.committed));
  if (expected.lost) {
    const why = expected.lost.length
      ? 'Lost, as this lesson expects: a transaction whose commit record was not on disk at the crash is undone whole, never half.'
      : undefined;
    out.add(lostText(expected.lost), lostText(lost), sameSet(lost, expected.lost), why);
  }
  for (const [name, range] of Object.entries(expected.counters ?? {})) {
    const v = state.counters[name as keyof Counters];
    const label = COUNTER[name as keyof Counters] ?? name;
    out.add(`${label}: ${rangeText(range?.min, range?.max)}`, countText(v), inRange(v, range?.min, range?.max));
  }
  for (const [table, want] of Object.entries(expected.tables ?? {})) {
    const rel = Object.hasOwn(state.tables, table) ? state.tables[table] : undefined;
    const facts = { pages: rel?.nblocks ?? 0, live: rel?.stats.live ?? 0, dead: rel?.stats.dead ?? 0 };
    const words = { pages: 'pages in its file', live: 'n_live_tup', dead: 'n_dead_tup' } as const;
    for (const k of ['pages', 'live', 'dead'] as const) {
      const range = want[k];
      if (range)
        out.add(`${table}, ${words[k]}: ${rangeText(range.min, range.max)}`, countText(facts[k]), inRange(facts[k], range.min, range.max));
    }
  }
  if (expected.tornPage !== undefined) {
    const want = expected.tornPage ? 'recovery finds a torn page (its checksum does not match)' : 'recovery finds no torn page';
    const got = torn.length ? `recovery found torn page${torn.length > 1 ? 's' : ''} ${names(torn)}` : 'recovery found no torn page';
    out.add(want, got, torn.length > 0 === expected.tornPage);
  }
  return out.result();
}
/** The headless runner's JSON summary. */
export function summarize(state: State): Record<string, unknown> {
  const { committed, lost } = outcomes(state);
  const { rows, damaged } = visibleRows(state);
  const c = state.counters;
  return {
    phase: state.phase,
    committed,
    lost,
    recordsReplayed: c.recordsReplayed,
    pagesWritten: c.pagesWritten,
    fsyncs: c.fsyncs,
    walBytes: c.walBytes,
    walRecords: c.walRecords,
    fullPageImages: c.fpiCount,
    checkpoints: c.checkpoints,
    crashes: state.crashes,
    recoveryFailed: state.recovery?.failed ?? null,
    damagedPages: damaged,
    rows: Object.fromEntries(Object.entries(rows).map(([t, rs]) => [t, Object.fromEntries(rs.map((r) => [r.key, r.values]))])),
  };
}
