import type { Value } from '../sql/ast';
import { unsupported } from '../sql/errors';
import { evaluate, type SubqueryRunner, truth } from '../sql/expr';
import type { Scope } from '../sql/scope';
import { scopeOf, tableOf } from './catalog';
import type { Ctx } from './context';
import { takeSnapshot } from './mvcc';
import { checkAggregates, checkLimit, projectValues } from './project';
import { scan } from './scan';

/**
 * Subqueries (and INSERT ... SELECT's query) run inside a statement: they read with the
 * statement's snapshot, take SIREAD locks like any read, and see the enclosing row's columns.
 */
export function subqueryRunner(ctx: Ctx, dirty: boolean): SubqueryRunner {
  return (q, outerScope, outerRow) => {
    if (q.lock) throw unsupported(`FOR ${q.lock.toUpperCase()} in a subquery`);
    const { state, txn } = ctx;
    const outer = outerScope ? { outer: { scope: outerScope, row: outerRow } } : {};
    checkLimit(q);
    if (q.table === null) {
      const scope: Scope = { index: {}, types: [], table: '', ...outer };
      const rows: Value[][] = q.where && truth(evaluate(q.where, scope, [])) !== true ? [] : [[]];
      const r = projectValues(q, null, scope, rows);
      return { width: r.columns.length, rows: r.rows };
    }
    const table = tableOf(state, q.table);
    const scope: Scope = { ...scopeOf(table, q.alias), ...outer };
    checkAggregates(q, scope);
    const snap = txn.snapshot ?? takeSnapshot(state);
    const ids = scan(state, txn, table, snap, q.where, ctx.emit, { record: 'items', dirty, scope });
    const r = projectValues(
      q,
      table,
      scope,
      ids.map((id) => table.tuples[id].values),
    );
    return { width: r.columns.length, rows: r.rows };
  };
}
