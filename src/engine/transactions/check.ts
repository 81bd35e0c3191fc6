import type { CheckResult } from '../core/lab';
import { formatValue } from '../sql/expr';
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

/** Compare the final state with a preset's expectation. */
export function checkOutcome(state: State, expected: Expected): CheckResult {
  const failures: string[] = [];
  for (const [table, rows] of Object.entries(expected.rows ?? {})) {
    const actual = committedRows(state, table).map(rowKey).sort();
    const want = rows.map(rowKey).sort();
    if (actual.join('\n') !== want.join('\n'))
      failures.push(`${table} holds ${actual.join(' ') || 'no rows'}, expected ${want.join(' ') || 'no rows'}`);
  }
  const errors = state.errors.filter((e) => !e.session.startsWith('('));
  for (const e of expected.errors ?? []) {
    if (!errors.some((x) => x.session === e.session && x.code === e.code))
      failures.push(`expected ${e.session} to fail with SQLSTATE ${e.code}`);
  }
  if (expected.noOtherErrors) {
    for (const x of errors) {
      if (!(expected.errors ?? []).some((e) => e.session === x.session && e.code === x.code))
        failures.push(`${x.session} failed unexpectedly: ${x.message}`);
    }
  }
  if (expected.anomaly !== undefined) {
    const v = verdictOf(state);
    if (v.anomaly !== expected.anomaly)
      failures.push(`the history shows ${v.anomaly ?? 'no anomaly'}, expected ${expected.anomaly ?? 'no anomaly'}`);
  }
  for (const [name, want] of Object.entries(expected.ended ?? {})) {
    const s = Object.hasOwn(state.sessions, name) ? state.sessions[name] : undefined;
    const last = [...state.txns].reverse().find((t) => t.session === name);
    const got = s?.txn ? 'open' : last && last.end !== 'active' ? last.end : 'none';
    if (got !== want) failures.push(`${name}'s last transaction is ${got}, expected ${want}`);
  }
  for (const [name, rows] of Object.entries(expected.results ?? {})) {
    const s = Object.hasOwn(state.sessions, name) ? state.sessions[name] : undefined;
    const got = s?.lastResult?.rows ?? [];
    if (JSON.stringify(got) !== JSON.stringify(rows))
      failures.push(`${name} last read ${JSON.stringify(got)}, expected ${JSON.stringify(rows)}`);
  }
  return { ok: failures.length === 0, failures };
}
