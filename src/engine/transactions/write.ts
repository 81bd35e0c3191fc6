import type { Expr, Value } from '../sql/ast';
import { SQLSTATE, SqlError } from '../sql/errors';
import { compare, evaluate, truth } from '../sql/expr';
import { scopeOf, tableOf, toColumn } from './catalog';
import { type Ctx, DONE, type Outcome } from './context';
import { assignXid, ctidOf, isOwnXid, takeSnapshot, visible, xidState } from './mvcc';
import { addRowLock, checkUnique, tryLock, whereOf } from './rowlock';
import { idsOf, recordOp, scan } from './scan';
import { assignSubXids, currentXid } from './savepoint';
import { conflictIn, ssiXid } from './ssi';
import type { Deferred, LockStrength, Phase, Progress, Table, Tuple } from './types';
import { own } from '../sql/own';
import { columnDefault, withGenerated } from './defaults';

/** A phase over `targets` of `table`. */
export function phase(op: Phase['op'], table: string, targets: number[], mode: LockStrength, extra: Partial<Phase> = {}): Phase {
  return { op, table, mode, targets, pos: 0, where: null, fk: null, found: 0, crosscheck: false, collect: false, limit: null, ...extra };
}

export const newProgress = (): Progress => ({ phases: [], rows: [], rowPos: 0, count: 0, locked: [], pending: [] });

/** Make sure the transaction has an xid before it writes or locks (and SSI knows it). */
export function writerXid(ctx: Ctx): number {
  const had = ctx.txn.xid;
  const xid = assignXid(ctx.state, ctx.txn);
  if (!had) {
    ctx.state.owner[xid] = ctx.session.name;
    const rec = ctx.state.txns.findLast((t) => t.vxid === ctx.txn.vxid);
    if (rec) rec.xid = xid;
    ssiXid(ctx.state, ctx.txn);
    ctx.emit({ type: 'xid.assigned', session: ctx.session.name, xid });
  }
  assignSubXids(ctx.state, ctx.txn, ctx.session.name, ctx.emit);
  return currentXid(ctx.txn);
}

/** NOT NULL, then CHECK constraints in name order (ExecConstraints). */
export function checkRow(table: Table, values: readonly Value[]): void {
  table.columns.forEach((c, i) => {
    if (c.notNull && values[i] === null)
      throw new SqlError(
        SQLSTATE.not_null_violation,
        `null value in column "${c.name}" of relation "${table.name}" violates not-null constraint`,
      );
  });
  const scope = scopeOf(table);
  for (const k of table.checks) {
    if (truth(evaluate(k.expr, scope, values)) === false)
      throw new SqlError(SQLSTATE.check_violation, `new row for relation "${table.name}" violates check constraint "${k.name}"`);
  }
}

/** Append a tuple version (heap_insert) and report it. */
export function insertTuple(ctx: Ctx, table: Table, values: readonly Value[], row: number): Tuple {
  const id = table.tuples.length;
  const t: Tuple = {
    id,
    row: row < 0 ? id : row,
    values,
    xmin: currentXid(ctx.txn),
    cmin: ctx.txn.cid,
    xmax: 0,
    cmax: 0,
    xmaxMode: 'update',
    next: -1,
    locks: [],
    hints: 0,
  };
  table.tuples.push(t);
  ctx.txn.wrote = true;
  ctx.emit({ type: 'tuple.inserted', table: table.name, ctid: ctidOf(id), xmin: t.xmin, values });
  return t;
}

const keysChanged = (table: Table, a: readonly Value[], b: readonly Value[]): boolean =>
  table.uniques.some((u) =>
    u.columns.some((i) => (a[i] === null) !== (b[i] === null) || (a[i] !== null && compare(a[i], b[i] as Value) !== 0)),
  );

/** The new values of an UPDATE for one version. */
function updatedValues(
  ctx: Ctx,
  table: Table,
  values: readonly Value[],
  sets: readonly { col: string; e: import('../sql/ast').Expr }[],
): Value[] {
  const scope = scopeOf(table);
  const next = values.slice();
  for (const s of sets) {
    const i = own(table.index, s.col);
    if (i === undefined) throw new SqlError(SQLSTATE.undefined_column, `column "${s.col}" of relation "${table.name}" does not exist`);
    next[i] = s.e.k === 'default' ? columnDefault(ctx, table, i) : toColumn(evaluate(s.e, scope, values), table.columns[i]);
  }
  return withGenerated(table, next);
}

type Sets = readonly { col: string; e: import('../sql/ast').Expr }[] | null;

/**
 * Run the statement's phases from where they stopped, then its deferred foreign-key work
 * (which may add phases: a cascade). Returns a wait, or done.
 */
export function runPhases(ctx: Ctx, progress: Progress, sets: Sets): Outcome {
  for (;;) {
    if (!progress.phases.length) {
      const next = progress.pending.shift();
      if (!next) return DONE;
      ctx.txn.cid++;
      deferred(ctx, progress, next);
      continue;
    }
    const ph = progress.phases[0];
    const table = tableOf(ctx.state, ph.table);
    while (ph.pos < ph.targets.length) {
      if (ph.limit !== null && progress.locked.length >= ph.limit) break;
      const id = ph.targets[ph.pos];
      let mode = ph.mode;
      if (ph.op === 'update' && sets) {
        const values = updatedValues(ctx, table, table.tuples[id].values, sets);
        mode = keysChanged(table, table.tuples[id].values, values) ? 'update' : 'no key update';
        // ExecUpdate checks constraints on the new row before it tries the tuple (and may wait).
        checkRow(table, values);
      }
      const r = tryLock(ctx.state, ctx.txn, table, id, mode, whereOf(table, ph.where), ph.op === 'fk' ? 'lock' : ph.op);
      if (r.k === 'wait' && ph.wait === 'nowait')
        throw new SqlError(SQLSTATE.lock_not_available, `could not obtain lock on row in relation "${table.name}"`);
      if (r.k === 'wait' && ph.wait !== 'skip locked') return { k: 'wait', xid: r.xid, table: table.name, tuple: r.id, mode };
      if (r.k === 'ok') {
        const w = apply(ctx, progress, ph, table, r.id, sets);
        if (w) return w;
      }
      ph.pos++;
    }
    if (ph.op === 'fk' && ph.fk && ph.fk.mustExist && ph.found === 0)
      throw new SqlError(
        SQLSTATE.foreign_key_violation,
        `insert or update on table "${ph.fk.child}" violates foreign key constraint "${ph.fk.name}"`,
      );
    if (ph.op === 'fk' && ph.fk && !ph.fk.mustExist && ph.found > 0)
      throw new SqlError(
        SQLSTATE.foreign_key_violation,
        `update or delete on table "${ph.fk.parent}" violates foreign key constraint "${ph.fk.name}" on table "${ph.fk.child}"`,
      );
    progress.phases.shift();
  }
}

function apply(ctx: Ctx, progress: Progress, ph: Phase, table: Table, id: number, sets: Sets): Outcome | null {
  const xid = writerXid(ctx);
  const t = table.tuples[id];
  if (ph.op !== 'fk') recordOp(ctx.state, { k: 'r', t: ctx.txn.vxid, table: table.name, row: t.row, version: id }, ctx.emit);
  if (ph.op === 'lock' || ph.op === 'fk') {
    // The lock follows the row's update chain (heap_lock_updated_tuple), so later versions carry it too.
    for (let v = id; v >= 0; v = table.tuples[v].next) {
      if (addRowLock(table, v, xid, ph.mode))
        ctx.emit({ type: 'xmax.set', table: table.name, ctid: ctidOf(v), xid, lockOnly: true, mode: ph.mode });
    }
    ph.found++;
    if (ph.collect) progress.locked.push(id);
    return null;
  }
  if (ph.op === 'delete') {
    if (ph.crosscheck && ctx.txn.snapshot && !visible(ctx.state, t, ctx.txn.snapshot, ctx.txn))
      throw new SqlError(SQLSTATE.serialization_failure, 'could not serialize access due to concurrent update');
    conflictIn(ctx.state, ctx.txn, table.name, id, [], ctx.emit);
    setXmax(ctx, table, t, 'update');
    recordOp(ctx.state, { k: 'w', t: ctx.txn.vxid, table: table.name, row: t.row, version: -1, prev: id, values: null }, ctx.emit);
    if (!ph.cascade) progress.count++;
    if (ph.collect) progress.locked.push(id);
    if (referenced(ctx, table)) progress.pending.push({ kind: 'parent', table: table.name, values: t.values, op: 'delete' });
    return null;
  }
  return updateVersion(ctx, progress, table, id, updatedValues(ctx, table, t.values, sets ?? []), ph.collect);
}

/** heap_update of version `id` to `values` (its constraints, unique keys, SSI, foreign keys); `collect` keeps the new version for RETURNING. */
export function updateVersion(ctx: Ctx, progress: Progress, table: Table, id: number, values: Value[], collect: boolean): Outcome | null {
  const t = table.tuples[id];
  checkRow(table, values);
  const changed = keysChanged(table, t.values, values);
  if (changed) {
    const w = checkUnique(ctx.state, ctx.txn, table, values, t.row, ctx.emit);
    if (w) return { k: 'wait', xid: w.xid, table: table.name, tuple: w.id, mode: 'unique' };
  }
  conflictIn(ctx.state, ctx.txn, table.name, id, changed ? table.uniques.map((u) => u.name) : [], ctx.emit);
  setXmax(ctx, table, t, changed ? 'update' : 'no key update');
  const nt = insertTuple(ctx, table, values, t.row);
  // Row locks that did not conflict (KEY SHARE under a non-key update) carry over to the new version.
  nt.locks = t.locks.filter((l) => !isOwnXid(ctx.txn, l.xid) && xidState(ctx.state, l.xid) === 'in progress');
  t.next = nt.id;
  recordOp(ctx.state, { k: 'w', t: ctx.txn.vxid, table: table.name, row: t.row, version: nt.id, prev: id, values }, ctx.emit);
  progress.count++;
  if (collect) progress.locked.push(nt.id);
  if (changed && referenced(ctx, table)) progress.pending.push({ kind: 'parent', table: table.name, values: t.values, op: 'update' });
  queueChildChecks(progress, table, [values], t.values);
  return null;
}

const referenced = (ctx: Ctx, table: Table): boolean =>
  Object.values(ctx.state.tables).some((c) => c.fks.some((f) => f.refTable === table.name));

function setXmax(ctx: Ctx, table: Table, t: Tuple, mode: LockStrength): void {
  t.xmax = currentXid(ctx.txn);
  t.cmax = ctx.txn.cid;
  t.xmaxMode = mode;
  t.hints &= ~(4 | 8);
  ctx.txn.wrote = true;
  ctx.emit({ type: 'xmax.set', table: table.name, ctid: ctidOf(t.id), xid: t.xmax, lockOnly: false, mode });
}

/** RI_FKey_check's rows: each new or changed child row must find its parent and lock it FOR KEY SHARE. */
export function queueChildChecks(
  progress: Progress,
  table: Table,
  rows: readonly (readonly Value[])[],
  old: readonly Value[] | null,
): void {
  for (const fk of table.fks) {
    for (const values of rows) {
      const key = fk.columns.map((i) => values[i]);
      if (key.some((v) => v === null)) continue;
      if (old && fk.columns.every((i) => old[i] !== null && compare(old[i], values[i] as Value) === 0)) continue;
      progress.pending.push({ kind: 'fk', table: table.name, fk: fk.name, key });
    }
  }
}

/**
 * The RI trigger's query: rows of `table` visible to `snap` whose `cols` equal `key`. It is a
 * real scan, so Serializable transactions take SIREAD locks and check conflicts as PostgreSQL's
 * RI queries do (an index lookup when the columns are a one-column unique key, else a seq scan).
 */
function matching(
  ctx: Ctx,
  table: Table,
  cols: readonly number[],
  key: readonly Value[],
  snap: ReturnType<typeof takeSnapshot>,
): { ids: number[]; where: Expr } {
  const eq = cols.map((c, j): Expr => ({
    k: 'bin',
    op: '=',
    l: { k: 'col', name: table.columns[c].name },
    r: { k: 'const', v: key[j], t: table.columns[c].type },
  }));
  const where = eq.reduce((a, b): Expr => ({ k: 'bin', op: 'AND', l: a, r: b }));
  return { ids: idsOf(scan(ctx.state, ctx.txn, table, { snap, where, emit: ctx.emit, record: false, dirty: false })), where };
}

/**
 * Deferred RI work. The child-side check uses a fresh snapshot in Read Committed and the
 * transaction snapshot otherwise; the parent side always looks at the latest committed state.
 */
function deferred(ctx: Ctx, progress: Progress, d: Deferred): void {
  const snapXact = ctx.txn.iso === 'repeatable read' || ctx.txn.iso === 'serializable';
  if (d.kind === 'fk') {
    const child = tableOf(ctx.state, d.table);
    const fk = child.fks.find((f) => f.name === d.fk);
    if (!fk) return;
    const parent = tableOf(ctx.state, fk.refTable);
    const snap = snapXact && ctx.txn.snapshot ? ctx.txn.snapshot : takeSnapshot(ctx.state);
    const { ids, where } = matching(ctx, parent, fk.refColumns, d.key, snap);
    progress.phases.push(
      phase('fk', parent.name, ids, 'key share', { where, fk: { name: fk.name, child: child.name, parent: parent.name, mustExist: true } }),
    );
    return;
  }
  const snap = takeSnapshot(ctx.state);
  for (const child of Object.values(ctx.state.tables)) {
    for (const fk of child.fks) {
      if (fk.refTable !== d.table) continue;
      const key = fk.refColumns.map((i) => d.values[i]);
      if (key.some((v) => v === null)) continue;
      const { ids, where } = matching(ctx, child, fk.columns, key, snap);
      if (!ids.length) continue;
      if (d.op === 'delete' && fk.onDelete === 'cascade')
        progress.phases.push(phase('delete', child.name, ids, 'update', { where, crosscheck: snapXact, cascade: true }));
      // RESTRICT / NO ACTION: the RI query locks referencing rows FOR KEY SHARE (waiting for a
      // concurrent delete of them); any row it locks is a violation.
      else
        progress.phases.push(
          phase('fk', child.name, ids, 'key share', { where, fk: { name: fk.name, child: child.name, parent: d.table, mustExist: false } }),
        );
    }
  }
}
