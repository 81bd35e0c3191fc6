import type { CheckResult } from '../core/lab';
import type { Expected, KeyedRow, State } from './types';

const show = (rows: readonly KeyedRow[]): string => JSON.stringify(rows.map((r) => ({ [r.key]: r.values })));

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

/** Compare the state after the last step with a preset's expected outcome. */
export function checkOutcome(state: State, expected: Expected): CheckResult {
  const failures: string[] = [];
  for (const [table, rows] of Object.entries(expected.rows ?? {})) {
    const actual = Object.hasOwn(state.tables, table) ? state.tables[table] : [];
    if (show(actual) !== show(rows)) failures.push(`${table} is ${show(actual)}, expected ${show(rows)}`);
  }
  if (expected.committed || expected.rolledBack) {
    const r = state.recovery;
    if (!r) failures.push('recovery has not run');
    else {
      if (expected.committed && !sameSet(r.committed, expected.committed))
        failures.push(`recovery kept ${r.committed.join(', ') || 'nothing'}, expected ${expected.committed.join(', ')}`);
      if (expected.rolledBack && !sameSet(r.rolledBack, expected.rolledBack))
        failures.push(`recovery undid ${r.rolledBack.join(', ') || 'nothing'}, expected ${expected.rolledBack.join(', ') || 'nothing'}`);
    }
  }
  return { ok: failures.length === 0, failures };
}
