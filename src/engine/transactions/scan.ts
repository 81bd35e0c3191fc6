import type { Expr } from '../sql/ast';
import { compare, evaluate, type Scope, truth } from '../sql/expr';
import { hasSubquery } from '../sql/expr-walk';
import { scopeOf } from './catalog';
import type { Emit } from './events';
import { visible, visibleDirty, xmaxState } from './mvcc';
import { conflictOut, predicateLock, ssiCheckDoomed } from './ssi';
import type { HistOp, Snapshot, State, Table, Txn, UniqueIndex } from './types';
import { own } from '../sql/own';

/**
 * The unique index an equality in the WHERE clause would use (`id = 3` on a one-column
 * primary key or unique constraint), as PostgreSQL's planner does for such a lookup.
 * Seq scans take a relation-level SIREAD lock; index scans lock the index and the tuples read.
 */
function indexFor(table: Table, where: Expr | null, rel: string): { index: UniqueIndex; value: Expr } | null {
  if (!where) return null;
  const conjuncts: Expr[] = [];
  const walk = (e: Expr): void => {
    if (e.k === 'bin' && e.op === 'AND') {
      walk(e.l);
      walk(e.r);
    } else conjuncts.push(e);
  };
  walk(where);
  for (const c of conjuncts) {
    if (c.k !== 'bin' || c.op !== '=') continue;
    const [col, val] = c.l.k === 'col' && c.r.k === 'const' ? [c.l, c.r] : c.r.k === 'col' && c.l.k === 'const' ? [c.r, c.l] : [null, null];
    if (!col || !val || (col.rel !== undefined && col.rel !== rel)) continue;
    const i = own(table.index, col.name);
    const index = table.uniques.find((u) => u.columns.length === 1 && u.columns[0] === i);
    if (index) return { index, value: val };
  }
  return null;
}

export interface ScanOptions {
  /**
   * Record the read in the history: 'items' for a plain SELECT (every version returned), 'predicate'
   * for UPDATE, DELETE and FOR UPDATE (the versions they read are recorded when they act on them,
   * which after EvalPlanQual may be newer than the scan's), false for the executor's own checks.
   */
  readonly record: 'items' | 'predicate' | false;
  /** Ignore snapshots and read uncommitted versions (the textbook READ UNCOMMITTED). */
  readonly dirty: boolean;
  /** The scope WHERE is evaluated in, when not the table's own (an alias, a subquery's enclosing query). */
  readonly scope?: Scope;
}

/**
 * A scan: the ids of the versions visible to `snap` that satisfy `where`, in ctid order.
 * Serializable transactions take SIREAD locks and check each version they examine for
 * an rw-conflict out (HeapCheckForSerializableConflictOut).
 */
export function scan(
  state: State,
  txn: Txn | null,
  table: Table,
  snap: Snapshot,
  where: Expr | null,
  emit: Emit,
  opts: ScanOptions,
): number[] {
  const scope = opts.scope ?? scopeOf(table);
  const idx = indexFor(table, where, scope.table);
  const key = idx ? evaluate(idx.value, null, null) : null;
  const serializable = txn !== null && txn.sxact >= 0;
  if (serializable) predicateLock(state, txn, table.name, -1, idx ? idx.index.name : null);
  const out: number[] = [];
  for (const t of table.tuples) {
    if (idx && (key === null || t.values[idx.index.columns[0]] === null || compare(t.values[idx.index.columns[0]], key) !== 0)) continue;
    const vis = opts.dirty ? visibleDirty(state, t, txn) : visible(state, t, snap, txn);
    if (serializable) {
      ssiCheckDoomed(state, txn);
      if (vis) {
        const xm = xmaxState(state, t);
        if (xm !== 'none' && t.xmax !== txn.xid) conflictOut(state, txn, snap, t.xmax, emit);
        if (idx) predicateLock(state, txn, table.name, t.id, null);
      } else if (t.xmin !== txn.xid) conflictOut(state, txn, snap, t.xmin, emit);
    }
    if (!vis) continue;
    if (where && truth(evaluate(where, scope, t.values)) !== true) continue;
    out.push(t.id);
  }
  if (opts.record && txn) {
    const tn = txn.vxid;
    if (opts.record === 'items')
      for (const id of out) recordOp(state, { k: 'r', t: tn, table: table.name, row: table.tuples[id].row, version: id }, emit);
    recordOp(
      state,
      // The checker re-evaluates the predicate on later versions: one with a subquery or outer references cannot be, so it counts as every row.
      {
        k: 'p',
        t: tn,
        table: table.name,
        where: scope.outer || (where && hasSubquery(where)) ? null : where,
        scope,
        seen: out.map((id) => table.tuples[id].row),
        snap: opts.dirty ? null : snap,
      },
      emit,
    );
  }
  return out;
}

/** Append to the history and report it, so the checker can work from the state or the event log. */
export function recordOp(state: State, op: HistOp, emit: Emit): void {
  state.history.push(op);
  emit({ type: 'op.recorded', op });
}
