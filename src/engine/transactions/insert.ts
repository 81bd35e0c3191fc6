import type { Expr, SelectStmt, Stmt, Value } from '../sql/ast';
import { SQLSTATE, SqlError } from '../sql/errors';
import { subqueryRunner } from './subquery-run';
import { tableOf } from './catalog';
import type { Ctx, Outcome } from './context';
import { checkSets, newRow, targetColumns } from './defaults';
import { checkReturning } from './returning';
import type { Pending, Snapshot, Table } from './types';
import { runUpsert, upsertArbiters } from './upsert';
import { runInsert } from './insert-rows';
import { newProgress } from './write';

type Insert = Extract<Stmt, { k: 'insert' }>;

/**
 * INSERT: the rows are computed first (values, defaults), then written one by one; with ON
 * CONFLICT each row is a speculative insertion (upsert.ts). Returns the table once done, for RETURNING.
 */
/** INSERT ... SELECT: the query's rows (read with the statement's snapshot) in the target columns. */
function selectedRows(ctx: Ctx, table: Table, cols: readonly number[], s: Insert): Value[][] {
  const { width, rows } = subqueryRunner(ctx, false)(s.query as SelectStmt, null, null);
  if (width > cols.length) throw new SqlError(SQLSTATE.syntax_error, 'INSERT has more expressions than target columns');
  if (width < cols.length && s.columns) throw new SqlError(SQLSTATE.syntax_error, 'INSERT has more target columns than expressions');
  return rows.map((r) =>
    newRow(
      ctx,
      table,
      cols,
      r.map((v): Expr => ({ k: 'const', v, t: 'unknown' })),
      false,
    ),
  );
}

export function runInsertStmt(ctx: Ctx, s: Insert, pending: Pending, snapshot: () => Snapshot): { out: Outcome; table: Table } {
  const table = tableOf(ctx.state, s.table);
  if (!pending.progress) {
    const cols = targetColumns(table, s.columns);
    if (s.onConflict) upsertArbiters(table, s.onConflict);
    if (s.onConflict) checkSets(table, s.onConflict.sets);
    checkReturning(s.returning);
    snapshot();
    const rows = s.query ? selectedRows(ctx, table, cols, s) : s.rows.map((r) => newRow(ctx, table, cols, r, s.columns !== null));
    pending.progress = { ...newProgress(), rows };
  }
  const out = s.onConflict ? runUpsert(ctx, pending.progress, table, s) : runInsert(ctx, pending.progress, table.name);
  return { out, table };
}
