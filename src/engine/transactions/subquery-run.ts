import { unsupported } from '../sql/errors';
import type { SubqueryRunner } from '../sql/expr';
import type { Ctx } from './context';
import { takeSnapshot } from './mvcc';
import { runQuery } from './query';

/**
 * Subqueries (and INSERT ... SELECT's query) run inside a statement: they read with the
 * statement's snapshot, take SIREAD locks like any read, and see the enclosing row's columns.
 */
export function subqueryRunner(ctx: Ctx, dirty: boolean): SubqueryRunner {
  return (q, outerScope, outerRow) => {
    if (q.lock) throw unsupported(`FOR ${q.lock.toUpperCase()} in a subquery`);
    const snap = ctx.txn.snapshot ?? takeSnapshot(ctx.state);
    const r = runQuery(ctx, q, snap, dirty, outerScope ? { scope: outerScope, row: outerRow } : undefined);
    return { width: r.columns.length, rows: r.rows };
  };
}
