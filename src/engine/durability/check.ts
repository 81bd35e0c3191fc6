import type { CheckResult } from '../core/lab';
import type { Counters, Expected, KeyedRow, State } from './types';
import { visibleRows } from './view';

/** Rows as comparable text, ignoring order (a heap has none; updated rows move to the end). */
const show = (rows: readonly KeyedRow[]): string =>
  JSON.stringify([...rows].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((r) => ({ [r.key]: r.values })));

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

/** Compare the state after the last step with a preset's expected outcome. */
export function checkOutcome(state: State, expected: Expected): CheckResult {
  const failures: string[] = [];
  if (expected.phase && state.phase !== expected.phase) failures.push(`the server is ${state.phase}, expected ${expected.phase}`);
  if (expected.rows) {
    const { rows } = visibleRows(state);
    for (const [table, want] of Object.entries(expected.rows)) {
      const got = rows[table] ?? [];
      if (show(got) !== show(want)) failures.push(`${table} shows ${show(got)}, expected ${show(want)}`);
    }
  }
  const { committed, lost } = outcomes(state);
  if (expected.committed && !sameSet(committed, expected.committed))
    failures.push(`committed: ${committed.join(', ') || 'none'}, expected ${expected.committed.join(', ') || 'none'}`);
  if (expected.lost && !sameSet(lost, expected.lost))
    failures.push(`lost or aborted: ${lost.join(', ') || 'none'}, expected ${expected.lost.join(', ') || 'none'}`);
  for (const [name, range] of Object.entries(expected.counters ?? {})) {
    const v = state.counters[name as keyof Counters];
    if (range?.min !== undefined && v < range.min) failures.push(`${name} is ${v}, expected at least ${range.min}`);
    if (range?.max !== undefined && v > range.max) failures.push(`${name} is ${v}, expected at most ${range.max}`);
  }
  if (expected.tornPage !== undefined) {
    const torn = (state.recovery?.torn.length ?? 0) > 0;
    if (torn !== expected.tornPage)
      failures.push(expected.tornPage ? 'recovery found no torn page' : `recovery found torn page(s) ${state.recovery?.torn.join(', ')}`);
  }
  return { ok: failures.length === 0, failures };
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
