import type { OnConflict, Stmt, Value } from '../sql/ast';
import { SQLSTATE, SqlError } from '../sql/errors';
import { compare, evaluate, truth } from '../sql/expr';
import { own } from '../sql/own';
import { joinScopes } from '../sql/scope';
import { scopeOf, toColumn } from './catalog';
import { type Ctx, type Outcome } from './context';
import { columnDefault, withGenerated } from './defaults';
import { ctidOf, visible, xidState, xmaxState } from './mvcc';
import { addRowLock, checkUnique, tryLock } from './rowlock';
import type { Progress, Table, UniqueIndex } from './types';
import { insertRow } from './insert-rows';
import { checkRow, runPhases, updateVersion, writerXid } from './write';

/**
 * INSERT ... ON CONFLICT (ExecInsert's speculative insertion, ExecOnConflictUpdate): each row
 * first looks for a conflicting row in the arbiter indexes with a dirty snapshot, waiting for a
 * transaction still inserting or deleting one; without a conflict it is inserted, with one it is
 * skipped (DO NOTHING) or the existing row is locked FOR UPDATE and updated (DO UPDATE).
 */

const NO_MATCH = 'there is no unique or exclusion constraint matching the ON CONFLICT specification';

/** The arbiter indexes: those whose columns are exactly the target's, the named constraint's, or all. */
export function upsertArbiters(table: Table, oc: OnConflict): readonly UniqueIndex[] {
  const t = oc.target;
  if (!t) return table.uniques;
  if ('constraint' in t) {
    const u = table.uniques.find((x) => x.name === t.constraint);
    if (u) return [u];
    if (table.checks.some((c) => c.name === t.constraint) || table.fks.some((f) => f.name === t.constraint))
      throw new SqlError(SQLSTATE.wrong_object_type, 'constraint in ON CONFLICT clause has no associated index');
    throw new SqlError(SQLSTATE.undefined_object, `constraint "${t.constraint}" for table "${table.name}" does not exist`);
  }
  const cols = t.columns.map((name) => {
    const i = own(table.index, name);
    if (i === undefined) throw new SqlError(SQLSTATE.undefined_column, `column "${name}" does not exist`);
    return i;
  });
  const found = table.uniques.filter((u) => u.columns.length === new Set(cols).size && u.columns.every((c) => cols.includes(c)));
  if (!found.length) throw new SqlError(SQLSTATE.invalid_column_reference, NO_MATCH);
  return found;
}

type Conflict = { readonly k: 'wait'; readonly xid: number; readonly id: number } | { readonly k: 'row'; readonly id: number } | null;

/** check_exclusion_or_unique_constraint with SnapshotDirty over the arbiters. */
function findConflict(ctx: Ctx, table: Table, values: readonly Value[], arbiters: readonly UniqueIndex[]): Conflict {
  const { state, txn } = ctx;
  for (const u of arbiters) {
    if (u.columns.some((i) => values[i] === null)) continue;
    for (const t of table.tuples) {
      if (!u.columns.every((i) => t.values[i] !== null && compare(t.values[i], values[i] as Value) === 0)) continue;
      const xs = t.xmin === txn.xid ? 'committed' : xidState(state, t.xmin);
      if (xs === 'aborted') continue;
      if (xs === 'in progress') return { k: 'wait', xid: t.xmin, id: t.id };
      const xm = xmaxState(state, t);
      if (xm !== 'none') {
        if (t.xmax === txn.xid || xm === 'committed') continue;
        return { k: 'wait', xid: t.xmax, id: t.id };
      }
      return { k: 'row', id: t.id };
    }
  }
  return null;
}

/** ExecCheckTupleVisible: under Repeatable Read a conflicting row the snapshot cannot see is a serialization failure. */
function checkVisible(ctx: Ctx, table: Table, id: number): void {
  const { txn } = ctx;
  if (txn.iso !== 'repeatable read' && txn.iso !== 'serializable') return;
  const t = table.tuples[id];
  if (txn.snapshot && !visible(ctx.state, t, txn.snapshot, txn) && t.xmin !== txn.xid)
    throw new SqlError(SQLSTATE.serialization_failure, 'could not serialize access due to concurrent update');
}

const ALWAYS = { matches: () => true };

/** Run the rows of an INSERT ... ON CONFLICT from where they stopped, then the foreign-key work. */
export function runUpsert(ctx: Ctx, progress: Progress, table: Table, s: Extract<Stmt, { k: 'insert' }>): Outcome {
  const oc = s.onConflict as OnConflict;
  const arbiters = upsertArbiters(table, oc);
  writerXid(ctx);
  while (progress.rowPos < progress.rows.length) {
    const values = progress.rows[progress.rowPos];
    const out = upsertRow(ctx, progress, table, values, oc, arbiters, s.alias ?? table.name);
    if (out) return out;
    progress.rowPos++;
  }
  return runPhases(ctx, progress, null);
}

/** One row; null when it is done (inserted, skipped or updated), else the wait that stopped it. */
function upsertRow(
  ctx: Ctx,
  progress: Progress,
  table: Table,
  values: Value[],
  oc: OnConflict,
  arbiters: readonly UniqueIndex[],
  rel: string,
): Outcome | null {
  for (;;) {
    checkRow(table, values);
    const c = findConflict(ctx, table, values, arbiters);
    if (c?.k === 'wait') return { k: 'wait', xid: c.xid, table: table.name, tuple: c.id, mode: 'unique' };
    if (!c) {
      const w = checkUnique(ctx.state, ctx.txn, table, values, -2, ctx.emit);
      if (w) return { k: 'wait', xid: w.xid, table: table.name, tuple: w.id, mode: 'unique' };
      insertRow(ctx, progress, table, values);
      return null;
    }
    if (oc.action === 'nothing') {
      checkVisible(ctx, table, c.id);
      return null;
    }
    const t = table.tuples[c.id];
    if (t.xmin === ctx.txn.xid && t.cmin === ctx.txn.cid)
      throw new SqlError(SQLSTATE.cardinality_violation, 'ON CONFLICT DO UPDATE command cannot affect row a second time');
    const r = tryLock(ctx.state, ctx.txn, table, c.id, 'update', ALWAYS, 'update');
    if (r.k === 'wait') return { k: 'wait', xid: r.xid, table: table.name, tuple: r.id, mode: 'update' };
    // Updated or deleted meanwhile (Read Committed): start the row again from the index check.
    if (r.k === 'skip' || r.id !== c.id) continue;
    const xid = writerXid(ctx);
    if (addRowLock(table, c.id, xid, 'update'))
      ctx.emit({ type: 'xmax.set', table: table.name, ctid: ctidOf(c.id), xid, lockOnly: true, mode: 'update' });
    checkVisible(ctx, table, c.id);
    const own1 = scopeOf(table);
    const scope = joinScopes([
      { rel, scope: own1 },
      { rel: 'excluded', scope: own1 },
    ]);
    const row = [...t.values, ...values];
    if (oc.where && truth(evaluate(oc.where, scope, row)) !== true) return null;
    const next = t.values.slice();
    for (const set of oc.sets) {
      const i = own(table.index, set.col);
      if (i === undefined) throw new SqlError(SQLSTATE.undefined_column, `column "${set.col}" of relation "${table.name}" does not exist`);
      next[i] = set.e.k === 'default' ? columnDefault(ctx, table, i) : toColumn(evaluate(set.e, scope, row), table.columns[i]);
    }
    return updateVersion(ctx, progress, table, c.id, withGenerated(table, next), true);
  }
}
