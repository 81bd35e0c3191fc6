import type { CheckResult } from '../core/lab';
import { keyedRow, names, outcome, tableRows } from '../scenario/outcome';
import type { Expected, KeyedRow, State } from './types';

const show = (rows: readonly KeyedRow[]): string => JSON.stringify(rows.map((r) => ({ [r.key]: r.values })));

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

const kept = (xs: readonly string[]) => `recovery keeps ${xs.length ? names(xs) : 'no transaction'}`;
const undone = (xs: readonly string[]) => `recovery undoes ${xs.length ? names(xs) : 'no transaction'}`;

/** Compare the state after the last step with a preset's expected outcome, one expectation in words each. */
export function checkOutcome(state: State, expected: Expected): CheckResult {
  const out = outcome();
  for (const [table, rows] of Object.entries(expected.rows ?? {})) {
    const actual = Object.hasOwn(state.tables, table) ? state.tables[table] : [];
    out.add(...tableRows(table, actual.map(keyedRow), rows.map(keyedRow), show(actual) === show(rows)));
  }
  if (expected.committed || expected.rolledBack) {
    const r = state.recovery;
    if (!r) out.add('recovery has run', 'recovery has not run', false);
    else {
      if (expected.committed) out.add(kept(expected.committed), kept(r.committed), sameSet(r.committed, expected.committed));
      if (expected.rolledBack) {
        const why = expected.rolledBack.length
          ? 'Undone, as this lesson expects: a transaction without a COMMIT record in the log is rolled back, every one of its writes.'
          : undefined;
        out.add(undone(expected.rolledBack), undone(r.rolledBack), sameSet(r.rolledBack, expected.rolledBack), why);
      }
    }
  }
  return out.result();
}
