import type { CheckResult } from '../core/lab';
import { outcome, tableRows } from '../scenario/outcome';
import { SQLSTATE } from '../sql/errors';
import { formatValue } from '../sql/expr';
import type { Anomaly } from './anomalies';
import { takeSnapshot, visible } from './mvcc';
import type { Expected } from './schema';
import type { State } from './types';
import { verdictOf } from './view';

export type { Expected } from './schema';

const rowKey = (r: readonly (string | null)[]) => JSON.stringify(r);

/** The rows a fresh snapshot sees, as text. */
export function committedRows(state: State, table: string): (string | null)[][] {
  const t = Object.hasOwn(state.tables, table) ? state.tables[table] : undefined;
  if (!t) return [];
  const snap = takeSnapshot(state);
  return t.tuples
    .filter((u) => visible(state, u, snap, null, false))
    .map((u) => u.values.map((v, i) => formatValue(v, t.columns[i].scale)));
}

/** Adya's phenomena in words. */
const ANOMALY: Record<Anomaly, string> = {
  G0: 'G0, a dirty write',
  G1a: 'G1a, an aborted read (a dirty read)',
  G1b: 'G1b, an intermediate read',
  G1c: 'G1c, circular information flow',
  'G-single': 'G-single, a lost update or read skew',
  'G2-item': 'G2-item, write skew',
  G2: 'G2, an anti-dependency cycle',
};

/** Errors a preset may be about: why each is the lesson. */
const ERROR_LESSON: Record<string, string> = {
  [SQLSTATE.serialization_failure]:
    'A serialization failure, as this lesson expects: PostgreSQL aborts one transaction rather than let an anomaly through; the application retries it.',
  [SQLSTATE.deadlock_detected]:
    'A deadlock, as this lesson expects: the detector cancels one transaction so the other can finish; the application retries it.',
  [SQLSTATE.check_violation]: 'A CHECK violation, as this lesson expects: the constraint refuses the write and the transaction aborts.',
  [SQLSTATE.unique_violation]:
    'A unique violation, as this lesson expects: the second insert waits for the first to commit, then fails on the key.',
  [SQLSTATE.foreign_key_violation]: 'A foreign-key violation, as this lesson expects: the constraint refuses a row that points nowhere.',
};

const CONDITION = Object.fromEntries(Object.entries(SQLSTATE).map(([name, code]) => [code, name.replaceAll('_', ' ')]));

/** Rows as psql prints them in one line: a single column as its value, else a tuple. */
const rowText = (r: readonly (string | null)[]) => {
  const cells = r.map((c) => c ?? 'NULL');
  return cells.length === 1 ? cells[0] : `(${cells.join(', ')})`;
};
const readText = (rows: readonly (readonly (string | null)[])[]) => (rows.length ? rows.map(rowText).join(', ') : 'no rows');
const anomalyText = (a: Anomaly | null) => (a ? `the history shows ${ANOMALY[a]}` : 'the history shows no anomaly');

/** Compare the final state with a preset's expectation, one expectation in words each. */
export function checkOutcome(state: State, expected: Expected): CheckResult {
  const out = outcome();
  for (const [table, rows] of Object.entries(expected.rows ?? {})) {
    const actual = committedRows(state, table);
    const ok = actual.map(rowKey).sort().join('\n') === rows.map(rowKey).sort().join('\n');
    out.add(...tableRows(table, actual.map(rowText), rows.map(rowText), ok));
  }
  const errors = state.errors.filter((e) => !e.session.startsWith('('));
  for (const e of expected.errors ?? []) {
    const hit = errors.find((x) => x.session === e.session && x.code === e.code);
    const own = errors.filter((x) => x.session === e.session);
    const got = hit
      ? `${e.session} failed: ${hit.message}`
      : own.length
        ? `${e.session} failed otherwise: ${own.map((x) => `${x.code} ${x.message}`).join('; ')}`
        : `${e.session} did not fail`;
    const name = CONDITION[e.code] ? ` (${CONDITION[e.code]})` : '';
    out.add(`${e.session} fails with SQLSTATE ${e.code}${name}`, got, !!hit, ERROR_LESSON[e.code] ?? 'An error, as this lesson expects.');
  }
  if (expected.noOtherErrors) {
    const other = errors.filter((x) => !(expected.errors ?? []).some((e) => e.session === x.session && e.code === x.code));
    const say = other.map((x) => `${x.session} failed: ${x.message}`).join('; ');
    out.add(
      expected.errors?.length ? 'no other statement fails' : 'no statement fails',
      other.length ? say : 'none did',
      other.length === 0,
    );
  }
  if (expected.anomaly !== undefined) {
    const v = verdictOf(state);
    const why = expected.anomaly
      ? `${expected.anomaly}, as this lesson expects: the isolation level used here lets this anomaly through.`
      : undefined;
    out.add(anomalyText(expected.anomaly), anomalyText(v.anomaly), v.anomaly === expected.anomaly, why);
  }
  for (const [name, want] of Object.entries(expected.ended ?? {})) {
    const s = Object.hasOwn(state.sessions, name) ? state.sessions[name] : undefined;
    const last = [...state.txns].reverse().find((t) => t.session === name);
    const got = s?.txn ? 'open' : last && last.end !== 'active' ? last.end : 'none';
    const say = (end: string) =>
      end === 'open'
        ? `${name}'s transaction is still open`
        : end === 'none'
          ? `${name} ran no transaction`
          : `${name}'s last transaction ${end}`;
    out.add(say(want), say(got), got === want);
  }
  for (const [name, rows] of Object.entries(expected.results ?? {})) {
    const s = Object.hasOwn(state.sessions, name) ? state.sessions[name] : undefined;
    const got = s?.lastResult?.rows ?? [];
    out.add(`${name}'s last query returns ${readText(rows)}`, `it returned ${readText(got)}`, JSON.stringify(got) === JSON.stringify(rows));
  }
  return out.result();
}
