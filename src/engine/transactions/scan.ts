import type { Expr, Value } from '../sql/ast';
import { compare, evaluate, type Scope, truth } from '../sql/expr';
import { hasSubquery } from '../sql/expr-walk';
import { scopeOf } from './catalog';
import type { Emit } from './events';
import { isOwnXid, visible, visibleDirty, xmaxState } from './mvcc';
import { conflictOut, predicateLock, ssiCheckDoomed } from './ssi';
import type { HistOp, Snapshot, State, Table, Tuple, Txn, UniqueIndex } from './types';
import { own } from '../sql/own';
import { keyedValues, versionsWithKey } from './key-lookup';

/** A key range on an index column: bounds (null: open) and whether each is inclusive. */
interface KeyRange {
  readonly index: UniqueIndex;
  readonly lo: Expr | null;
  readonly hi: Expr | null;
  readonly loIncl: boolean;
  readonly hiIncl: boolean;
  /** The range is the whole WHERE clause, an equality: a version found by its key satisfies it. */
  readonly sole?: boolean;
}

const FLIP: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=' };

/**
 * The unique index a condition in the WHERE clause would use: an equality (`id = 3`) or a range
 * (`id BETWEEN 1 AND 3`, `id < 5`) on a one-column primary key or unique constraint, as
 * PostgreSQL's planner does on the small tables the lab is for. Seq scans take a relation-level
 * SIREAD lock; index scans lock the index page and the tuples read.
 */
function indexFor(table: Table, where: Expr | null, rel: string): KeyRange | null {
  if (!where) return null;
  // The conjuncts of the WHERE clause, left to right (most have one: no array then).
  if (where.k !== 'bin' || where.op !== 'AND') return rangeOf(table, where, rel);
  const conjuncts: Expr[] = [];
  const walk = (e: Expr): void => {
    if (e.k === 'bin' && e.op === 'AND') {
      walk(e.l);
      walk(e.r);
    } else conjuncts.push(e);
  };
  walk(where);
  return rangeOf(table, conjuncts, rel);
}

/** The one-column unique index on the column `e` names, if `e` is such a column of this table. */
function uniqueOn(table: Table, e: Expr, rel: string): UniqueIndex | undefined {
  if (e.k !== 'col' || (e.rel !== undefined && e.rel !== rel)) return undefined;
  const i = own(table.index, e.name);
  for (const u of table.uniques) if (u.columns.length === 1 && u.columns[0] === i) return u;
  return undefined;
}

/** The key range of the conjuncts (one expression: the whole WHERE clause). */
function rangeOf(table: Table, conjuncts: Expr | readonly Expr[], rel: string): KeyRange | null {
  let range: KeyRange | null = null;
  const list = Array.isArray(conjuncts) ? conjuncts : null;
  const n = list ? list.length : 1;
  for (let i = 0; i < n; i++) {
    const c: Expr = list ? list[i] : (conjuncts as Expr);
    if (c.k === 'between' && !c.not && c.lo.k === 'const' && c.hi.k === 'const') {
      const index = uniqueOn(table, c.e, rel);
      if (index && !range) range = { index, lo: c.lo, hi: c.hi, loIncl: true, hiIncl: true };
      continue;
    }
    if (c.k !== 'bin' || !FLIP[c.op]) continue;
    const right = c.r.k === 'const';
    if (!right && c.l.k !== 'const') continue;
    const col = right ? c.l : c.r;
    const val = right ? c.r : c.l;
    const op = right ? c.op : FLIP[c.op];
    const index = uniqueOn(table, col, rel);
    if (!index) continue;
    if (op === '=') return { index, lo: val, hi: val, loIncl: true, hiIncl: true, sole: n === 1 };
    if (range && range.index !== index) continue;
    const r: KeyRange = range ?? { index, lo: null, hi: null, loIncl: true, hiIncl: true };
    range = op.startsWith('>') ? { ...r, lo: val, loIncl: op === '>=' } : { ...r, hi: val, hiIncl: op === '<=' };
  }
  return range;
}

/** Whether a key lies in the range (NULL keys are never in an index range). */
function inRange(r: KeyRange, key: Value, lo: Value, hi: Value): boolean {
  if (key === null) return false;
  if (r.lo) {
    if (lo === null) return false;
    const c = compare(key, lo);
    if (c < 0 || (c === 0 && !r.loIncl)) return false;
  }
  if (r.hi) {
    if (hi === null) return false;
    const c = compare(key, hi);
    if (c > 0 || (c === 0 && !r.hiIncl)) return false;
  }
  return true;
}

const NONE: readonly Tuple[] = [];

/**
 * The versions with the key `lo` when the range is an equality on a one-column unique index (a
 * btree lookup: one tuple, several, or undefined for none), or null when every tuple must be read.
 */
function keyProbe(table: Table, idx: KeyRange | null, lo: Value): Tuple | readonly Tuple[] | undefined | null {
  const col = idx?.index.columns[0];
  return idx && col !== undefined && idx.lo === idx.hi ? versionsWithKey(table.tuples, table.columns[col], col, lo) : null;
}

/** What a scan reads and how: its snapshot, its WHERE clause, and what it records. */
export interface ScanRequest {
  readonly snap: Snapshot;
  readonly where: Expr | null;
  readonly emit: Emit;
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
  /**
   * Present (null) when the caller reads the values of the versions returned: the scan sets it to
   * them, in order; a key lookup's one version's from the key map's copy (`keyedValues`).
   */
  rows?: readonly (readonly Value[])[] | null;
}

/** The ids of versions, in their order. */
export function idsOf(versions: readonly Tuple[]): number[] {
  const ids: number[] = new Array<number>(versions.length);
  for (let i = 0; i < versions.length; i++) ids[i] = versions[i].id;
  return ids;
}

/**
 * A scan: the versions visible to `snap` that satisfy `where`, in ctid order (a caller that reads
 * their values then touches no other memory than the versions the scan read: on a large table,
 * each other read is a cache miss; `idsOf` gives their ids). Serializable transactions take
 * SIREAD locks and check each version they examine for an rw-conflict out
 * (HeapCheckForSerializableConflictOut).
 */
export function scan(state: State, txn: Txn | null, table: Table, q: ScanRequest): Tuple[] {
  const { snap, where, emit } = q;
  const scope = q.scope ?? scopeOf(table);
  const idx = indexFor(table, where, scope.table);
  const lo = idx?.lo ? evaluate(idx.lo, null, null) : null;
  const hi = idx?.hi ? evaluate(idx.hi, null, null) : null;
  const serializable = txn !== null && txn.sxact >= 0;
  if (serializable) predicateLock(state, txn, table.name, -1, idx ? idx.index.name : null);
  // A key lookup's one version is returned in an array of one (a first push would reserve sixteen slots).
  let out: Tuple[] = [];
  // The tuples examined, in ctid order: for an equality on a one-column unique index only the
  // versions with that key, which need no range check (`exact`), and when the equality is the whole
  // WHERE clause, no evaluation of it either; otherwise every tuple, checked against the key range
  // first. Either way the lookup changes the cost, not the answer.
  const probe = keyProbe(table, idx, lo);
  const exact = probe !== null;
  const found = probe === null ? table.tuples : (probe ?? NONE);
  const test = exact && idx?.sole ? null : where;
  const list: readonly Tuple[] | null = Array.isArray(found) ? found : null;
  const n = list ? list.length : 1;
  for (let i = 0; i < n; i++) {
    const t = list ? list[i] : (found as Tuple);
    if (idx && !exact && !inRange(idx, t.values[idx.index.columns[0]], lo, hi)) continue;
    const vis = q.dirty ? visibleDirty(state, t, txn) : visible(state, t, snap, txn);
    if (serializable) {
      ssiCheckDoomed(state, txn);
      if (vis) {
        const xm = xmaxState(state, t);
        if (xm !== 'none' && !isOwnXid(txn, t.xmax)) conflictOut(state, txn, snap, t.xmax, emit);
        if (idx) predicateLock(state, txn, table.name, t.id, null);
      } else if (!isOwnXid(txn, t.xmin)) conflictOut(state, txn, snap, t.xmin, emit);
    }
    if (!vis) continue;
    if (test && truth(evaluate(test, scope, t.values)) !== true) continue;
    if (n === 1) out = [t];
    else out.push(t);
    // A version already replaced or deleted: a read the checker may count as G1b keeps the transaction's reads.
    if (txn && t.xmax !== 0) txn.quiet = false;
  }
  if (q.rows !== undefined) q.rows = valuesOf(table, idx, lo, found, out);
  if (q.record && txn) {
    const tn = txn.vxid;
    // The rows of the versions returned, for the history.
    const rows: number[] = new Array<number>(out.length);
    for (let i = 0; i < out.length; i++) rows[i] = out[i].row;
    if (q.record === 'items')
      for (let i = 0; i < out.length; i++) recordRead(state, { k: 'r', t: tn, table: table.name, row: rows[i], version: out[i].id }, emit);
    recordRead(
      state,
      // The checker re-evaluates the predicate on later versions: one with a subquery or outer references cannot be, so it counts as every row.
      {
        k: 'p',
        t: tn,
        table: table.name,
        where: scope.outer || (where && hasSubquery(where)) ? null : where,
        scope,
        seen: rows,
        snap: q.dirty ? null : snap,
      },
      emit,
    );
  }
  return out;
}

/** The values of the versions a scan returns: a key lookup's one version's as the key map copied them, when it did. */
function valuesOf(
  table: Table,
  idx: KeyRange | null,
  lo: Value,
  found: Tuple | readonly Tuple[],
  out: readonly Tuple[],
): (readonly Value[])[] {
  const copy = out.length === 1 && out[0] === found && idx ? keyedValues(table.tuples, idx.index.columns[0], lo) : undefined;
  if (copy) return [copy];
  const rows: (readonly Value[])[] = new Array<readonly Value[]>(out.length);
  for (let i = 0; i < out.length; i++) rows[i] = out[i].values;
  return rows;
}

/** Append to the history and report it, so the checker can work from the state or the event log. */
export function recordOp(state: State, op: HistOp, emit: Emit): void {
  state.history.push(op);
  emit({ type: 'op.recorded', op });
}

/**
 * `recordOp` for a scan's reads, with an event object of its own making: V8 decides per place in
 * the code whether to allocate objects straight in the old generation, and a setup's long INSERT
 * keeps every write's event, so reads reported from the same place would be allocated there too.
 */
function recordRead(state: State, op: HistOp, emit: Emit): void {
  state.history.push(op);
  emit({ type: 'op.recorded', op });
}
