import type { Stmt } from '../sql/ast';
import { tableOf } from './catalog';
import type { Ctx, Outcome } from './context';
import { newRow, targetColumns } from './defaults';
import { checkReturning } from './returning';
import type { Pending, Snapshot, Table } from './types';
import { runUpsert, upsertArbiters } from './upsert';
import { newProgress, runInsert } from './write';

type Insert = Extract<Stmt, { k: 'insert' }>;

/**
 * INSERT: the rows are computed first (values, defaults), then written one by one; with ON
 * CONFLICT each row is a speculative insertion (upsert.ts). Returns the table once done, for RETURNING.
 */
export function runInsertStmt(ctx: Ctx, s: Insert, pending: Pending, snapshot: () => Snapshot): { out: Outcome; table: Table } {
  const table = tableOf(ctx.state, s.table);
  if (!pending.progress) {
    const cols = targetColumns(table, s.columns);
    if (s.onConflict) upsertArbiters(table, s.onConflict);
    checkReturning(s.returning);
    const rows = s.rows.map((r) => newRow(ctx, table, cols, r, s.columns !== null));
    snapshot();
    pending.progress = { ...newProgress(), rows };
  }
  const out = s.onConflict ? runUpsert(ctx, pending.progress, table, s) : runInsert(ctx, pending.progress, table.name);
  return { out, table };
}
