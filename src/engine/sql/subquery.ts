import type { Expr, SelectStmt, Value } from './ast';
import { dynamic } from './dynamic';
import { SQLSTATE, SqlError, unsupported } from './errors';
import { compare, evaluate } from './expr';
import type { Scope } from './scope';

/**
 * Subquery expressions. Running the query needs the executor (tables, the statement's snapshot),
 * which this folder does not know: the executor installs a runner around each statement it runs.
 */

/** The subquery's rows (values, not text) and how many columns it has; `scope` and `row` are the enclosing query's. */
export type SubqueryRunner = (q: SelectStmt, scope: Scope | null, row: readonly Value[] | null) => { width: number; rows: Value[][] };

const runner = dynamic<SubqueryRunner | null>(null);

/** Install a runner and return the previous one (the executor restores it in a `finally`). */
export const swapSubqueries = (r: SubqueryRunner | null): SubqueryRunner | null => runner.swap(r);

const TESTS: Readonly<Record<string, (c: number) => boolean>> = {
  '=': (c) => c === 0,
  '<>': (c) => c !== 0,
  '<': (c) => c < 0,
  '<=': (c) => c <= 0,
  '>': (c) => c > 0,
  '>=': (c) => c >= 0,
};

/** ExecSubPlan / ExecScanSubPlan: EXISTS, a scalar (21000 past one row), `op ANY` and `op ALL` with NULLs. */
export function subquery(e: Extract<Expr, { k: 'sub' }>, scope: Scope | null, row: readonly Value[] | null): Value {
  const run = runner.get();
  if (!run) throw unsupported('subqueries here');
  const { width, rows } = run(e.q, scope, row);
  if (e.kind === 'exists') return rows.length > 0;
  if (e.kind === 'scalar') {
    if (width !== 1) throw new SqlError(SQLSTATE.syntax_error, 'subquery must return only one column');
    if (rows.length > 1)
      throw new SqlError(SQLSTATE.cardinality_violation, 'more than one row returned by a subquery used as an expression');
    return rows.length ? rows[0][0] : null;
  }
  if (width !== 1) throw new SqlError(SQLSTATE.syntax_error, width > 1 ? 'subquery has too many columns' : 'subquery has too few columns');
  const v = evaluate(e.e as Expr, scope, row);
  const test = TESTS[e.op ?? '='];
  const any = e.kind === 'any';
  let sawNull = false;
  for (const r of rows) {
    const w = r[0];
    if (v === null || w === null) {
      sawNull = true;
      continue;
    }
    if (test(compare(v, w)) === any) return any;
  }
  return sawNull ? null : !any;
}
