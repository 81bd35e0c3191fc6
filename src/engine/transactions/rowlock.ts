import { tuplesWithKey } from './key-lookup';
import type { Value } from '../sql/ast';
import { SQLSTATE, SqlError } from '../sql/errors';
import { compare, evaluate, truth } from '../sql/expr';
import { scopeOf } from './catalog';
import { isOwnXid, xidState, xmaxState } from './mvcc';
import type { Emit } from './events';
import { conflictIn } from './ssi';
import type { LockStrength, State, Table, Txn, Xid } from './types';

/** Row-level lock conflicts (PostgreSQL's table "Conflicting Row-Level Locks"). */
const CONFLICTS: Record<LockStrength, readonly LockStrength[]> = {
  'key share': ['update'],
  share: ['no key update', 'update'],
  'no key update': ['share', 'no key update', 'update'],
  update: ['key share', 'share', 'no key update', 'update'],
};

/** Whether a row lock of mode `a` conflicts with one of mode `b`. */
export const conflicts = (a: LockStrength, b: LockStrength): boolean => CONFLICTS[a].includes(b);

const STRENGTH: Record<LockStrength, number> = { 'key share': 0, share: 1, 'no key update': 2, update: 3 };

/** Outcome of trying to lock or modify one row version. */
export type LockOutcome =
  { readonly k: 'ok'; readonly id: number } | { readonly k: 'skip' } | { readonly k: 'wait'; readonly xid: Xid; readonly id: number };

const SERIALIZE_UPDATE = 'could not serialize access due to concurrent update';
const SERIALIZE_DELETE = 'could not serialize access due to concurrent delete';

/**
 * heap_lock_tuple / heap_update's check, with EvalPlanQual for Read Committed: a row being
 * changed by an in-progress transaction makes us wait; one changed by a committed transaction
 * is followed to its newest version and re-checked (Read Committed) or is a serialization
 * failure (Repeatable Read, Serializable).
 */
export function tryLock(
  state: State,
  txn: Txn,
  table: Table,
  id: number,
  mode: LockStrength,
  where: LockWhere,
  op: 'update' | 'delete' | 'lock',
): LockOutcome {
  const xactSnapshot = txn.iso === 'repeatable read' || txn.iso === 'serializable';
  for (;;) {
    const t = table.tuples[id];
    const xm = xmaxState(state, t);
    if (xm !== 'none') {
      if (isOwnXid(txn, t.xmax)) return { k: 'skip' };
      // KEY SHARE does not conflict with an update that kept the key: lock this version as it is.
      const keyShareOverNoKey = mode === 'key share' && t.xmaxMode === 'no key update';
      if (xm === 'in progress' && !keyShareOverNoKey) return { k: 'wait', xid: t.xmax, id };
      if (xm === 'committed' && !keyShareOverNoKey) {
        if (xactSnapshot)
          throw new SqlError(SQLSTATE.serialization_failure, op !== 'lock' && t.next < 0 ? SERIALIZE_DELETE : SERIALIZE_UPDATE);
        if (t.next < 0) return { k: 'skip' };
        id = t.next;
        if (!where.matches(table.tuples[id].values)) return { k: 'skip' };
        continue;
      }
    }
    for (const l of t.locks) {
      if (!isOwnXid(txn, l.xid) && conflicts(mode, l.mode) && xidState(state, l.xid) === 'in progress')
        return { k: 'wait', xid: l.xid, id };
    }
    if (xm === 'none' || t.next < 0) return { k: 'ok', id };
    // An update that kept the key did not conflict; the lock follows the update chain
    // (heap_lock_updated_tuple): a later version deleted or re-keyed conflicts with it.
    const later = lockChain(state, txn, table, t.next, mode);
    if (later.k === 'wait') return { k: 'wait', xid: later.xid, id };
    if (later.k === 'ok') return { k: 'ok', id };
    if (xactSnapshot) throw new SqlError(SQLSTATE.serialization_failure, SERIALIZE_UPDATE);
    // Read Committed (TUPLE_LOCK_FLAG_FIND_LAST_VERSION): go on from the version that conflicts.
    id = later.id;
  }
}

/**
 * heap_lock_updated_tuple_rec: each later version of the chain must take the lock too. A version
 * an in-progress transaction deleted, re-keyed or locked in a conflicting mode makes us wait; one a
 * committed transaction changed in a conflicting mode is `updated` (test_lockmode_for_conflict).
 */
function lockChain(
  state: State,
  txn: Txn,
  table: Table,
  id: number,
  mode: LockStrength,
): { readonly k: 'ok' } | { readonly k: 'wait'; readonly xid: Xid } | { readonly k: 'updated'; readonly id: number } {
  for (let v = id; v >= 0; v = table.tuples[v].next) {
    const t = table.tuples[v];
    for (const l of t.locks) {
      if (l.xid !== txn.xid && conflicts(mode, l.mode) && xidState(state, l.xid) === 'in progress') return { k: 'wait', xid: l.xid };
    }
    const xm = xmaxState(state, t);
    if (xm === 'none' || t.xmax === txn.xid || !conflicts(mode, t.xmaxMode)) continue;
    if (xm === 'in progress') return { k: 'wait', xid: t.xmax };
    return { k: 'updated', id: v };
  }
  return { k: 'ok' };
}

/** The qualification re-checked on a newer version (EvalPlanQual). */
export interface LockWhere {
  matches(values: readonly Value[]): boolean;
}

/** A LockWhere from a WHERE clause over a table. */
export function whereOf(table: Table, where: import('../sql/ast').Expr | null, extra?: (v: readonly Value[]) => boolean): LockWhere {
  const scope = scopeOf(table);
  return { matches: (values) => (where === null || truth(evaluate(where, scope, values)) === true) && (!extra || extra(values)) };
}

/** Record a row lock in the tuple (a stronger lock by the same transaction subsumes a weaker one). */
export function addRowLock(table: Table, id: number, xid: Xid, mode: LockStrength): boolean {
  const t = table.tuples[id];
  const mine = t.locks.find((l) => l.xid === xid);
  if (mine && STRENGTH[mine.mode] >= STRENGTH[mode]) return false;
  t.locks = [...t.locks.filter((l) => l.xid !== xid), { xid, mode }];
  return true;
}

const keyText = (values: readonly Value[], cols: readonly number[]) => cols.map((i) => String(values[i])).join(', ');

/**
 * _bt_check_unique with a dirty snapshot: a committed live row with the same key is a
 * duplicate; one inserted or deleted by an in-progress transaction makes us wait for it.
 * `sameRow` skips the row being updated.
 */
export function checkUnique(
  state: State,
  txn: Txn,
  table: Table,
  values: readonly Value[],
  sameRow: number,
  emit: Emit,
): { xid: Xid; id: number } | null {
  for (const u of table.uniques) {
    if (u.columns.some((i) => values[i] === null)) continue;
    // A one-column key is looked up (the btree), a wider one scanned; either way only equal keys count.
    const c = u.columns[0];
    const ids = u.columns.length === 1 ? tuplesWithKey(table.tuples, table.columns[c], c, values[c]) : null;
    for (const t of ids ? ids.map((id) => table.tuples[id]) : table.tuples) {
      if (t.row === sameRow) continue;
      if (!u.columns.every((i) => t.values[i] !== null && compare(t.values[i], values[i]) === 0)) continue;
      const mine = isOwnXid(txn, t.xmin);
      const xs = mine ? 'committed' : xidState(state, t.xmin);
      if (xs === 'aborted') continue;
      if (xs === 'in progress') return { xid: t.xmin, id: t.id };
      const xm = xmaxState(state, t);
      if (xm !== 'none') {
        if (isOwnXid(txn, t.xmax) || xm === 'committed') continue;
        return { xid: t.xmax, id: t.id };
      }
      // Report an SSI conflict that the duplicate-key error would otherwise mask (PostgreSQL 9.6+).
      conflictIn(state, txn, table.name, -1, [u.name], emit, false);
      const cols = u.columns.map((i) => table.columns[i].name).join(', ');
      throw new SqlError(
        SQLSTATE.unique_violation,
        `duplicate key value violates unique constraint "${u.name}"`,
        `Key (${cols})=(${keyText(values, u.columns)}) already exists.`,
      );
    }
  }
  return null;
}
