import type { Value } from '../sql/ast';
import { tableOf } from './catalog';
import { type Ctx, type Outcome } from './context';
import { checkUnique } from './rowlock';
import { recordOp } from './scan';
import { conflictIn } from './ssi';
import type { Progress, Table } from './types';
import { checkRow, insertTuple, queueChildChecks, runPhases, writerXid } from './write';

/**
 * INSERT: each row is checked (NOT NULL, CHECK, unique, waiting on an in-progress
 * conflicting insert) and appended; the foreign-key checks run after the last row.
 */
export function runInsert(ctx: Ctx, progress: Progress, tableName: string): Outcome {
  const table = tableOf(ctx.state, tableName);
  writerXid(ctx);
  while (progress.rowPos < progress.rows.length) {
    const values = progress.rows[progress.rowPos];
    checkRow(table, values);
    const w = checkUnique(ctx.state, ctx.txn, table, values, -2, ctx.emit);
    if (w) return { k: 'wait', xid: w.xid, table: table.name, tuple: w.id, mode: 'unique' };
    insertRow(ctx, progress, table, values);
    progress.rowPos++;
  }
  return runPhases(ctx, progress, null);
}

/** Append one checked row (heap_insert) as the statement's; `progress.locked` keeps it for RETURNING. */
export function insertRow(ctx: Ctx, progress: Progress, table: Table, values: readonly Value[]): void {
  conflictIn(
    ctx.state,
    ctx.txn,
    table.name,
    -1,
    table.uniques.map((u) => u.name),
    ctx.emit,
  );
  const t = insertTuple(ctx, table, values, -1);
  recordOp(ctx.state, { k: 'w', t: ctx.txn.vxid, table: table.name, row: t.row, version: t.id, prev: -1, values }, ctx.emit);
  progress.count++;
  progress.locked.push(t.id);
  queueChildChecks(progress, table, [values], null);
}
