import type { Expr, Parsed, Stmt } from '../sql/ast';
import { SQLSTATE, SqlError, unsupported } from '../sql/errors';
import { type CallHook, evaluate, formatValue, type Scope, type SubqueryRunner, swapCalls, swapSubqueries } from '../sql/expr';
import { checkSets, createSequences, sequenceCalls } from './defaults';
import { DEFAULT_TIME_ZONE, swapTimeZone } from '../sql/tz';
import { runQuery } from './query';
import { lockedQuery } from './query-lock';
import { mapExpr } from '../sql/expr-walk';
import { subqueryRunner } from './subquery-run';
import { addCheck, createTable, dropTables, scopeOf, tableOf } from './catalog';
import type { Ctx, Outcome } from './context';
import type { Emit } from './events';
import { DONE } from './context';
import { takeSnapshot, visible } from './mvcc';
import { checkAggregates, checkLimit, isAggregate, lockOrder, project } from './project';
import { advisory } from './advisory';
import { beforeStatement, lockTables } from './statement-locks';
import { idsOf, scan, type ScanRequest } from './scan';
import { registerSxact } from './ssi';
import type { Pending, Progress, ResultSet, Snapshot } from './types';
import { newProgress, phase, runPhases } from './write';
import { runInsertStmt } from './insert';
import { checkReturning, returned } from './returning';

/**
 * The snapshot a statement reads with: a new one per statement in Read Committed, the
 * transaction's first one in Repeatable Read and Serializable (which also registers with SSI).
 */
function statementSnapshot(ctx: Ctx): Snapshot {
  const { txn, state } = ctx;
  const xact = txn.iso === 'repeatable read' || txn.iso === 'serializable';
  if (xact && txn.snapshot) return txn.snapshot;
  const snap = takeSnapshot(state);
  txn.snapshot = snap;
  if (txn.iso === 'serializable') registerSxact(state, txn, ctx.session.name, snap);
  ctx.emit({ type: 'snapshot.taken', session: ctx.session.name, xid: txn.xid, snapshot: snap });
  return snap;
}

const dirty = (ctx: Ctx): boolean => !!ctx.state.options.textbookDirtyReads && ctx.txn.iso === 'read uncommitted';

/** SELECT's command tags for small row counts, made once (most SELECTs return a row or a few). */
const SELECT_TAGS = Array.from({ length: 16 }, (_, n) => `SELECT ${n}`);
const selectTag = (n: number): string => (n < SELECT_TAGS.length ? SELECT_TAGS[n] : `SELECT ${n}`);

function finish(ctx: Ctx, p: Parsed, pending: Pending, tag: string, result: ResultSet | null): Outcome {
  // A step's first result starts an array of one (it begins with the shared empty list: see `startPending`).
  if (result) {
    if (pending.results.length === 0) pending.results = [result];
    else pending.results.push(result);
  }
  ctx.session.last = { step: pending.step, results: pending.results, error: null, tag };
  ctx.emit({ type: 'statement.finished', session: ctx.session.name, sql: p.sql, tag, result });
  return DONE;
}

/** The statement `execStatement` runs: its subqueries and function calls reach it through the two hooks below. */
let running: Ctx | null = null;

/** The running statement's subqueries, read as it reads (made only when a statement has one). */
const runSubquery: SubqueryRunner = (q, scope, row) => {
  const ctx = running as Ctx;
  return subqueryRunner(ctx, dirty(ctx))(q, scope, row);
};

/** The running statement's sequence functions. */
const callSequence: CallHook = (name, args) => sequenceCalls(running as Ctx)(name, args);

/** Run (or resume) one data statement inside the session's transaction (its subqueries read as it does). */
export function execStatement(ctx: Ctx, p: Parsed, pending: Pending): Outcome {
  // As withTimeZone(withSubqueries(withCalls(...))), without closures per statement.
  const zone = swapTimeZone(ctx.session.timeZone ?? DEFAULT_TIME_ZONE);
  const outer = running;
  running = ctx;
  const runner = swapSubqueries(runSubquery);
  const calls = swapCalls(callSequence);
  try {
    return execOne(ctx, p, pending);
  } finally {
    swapCalls(calls);
    swapSubqueries(runner);
    running = outer;
    swapTimeZone(zone);
  }
}

function execOne(ctx: Ctx, p: Parsed, pending: Pending): Outcome {
  const s = p.stmt;
  const resuming = pending.progress !== null;
  if (!resuming) {
    const w = beforeStatement(ctx, s, () => statementSnapshot(ctx));
    if (w) return w;
    ctx.txn.cid++;
    // LOCK TABLE takes no snapshot: SET TRANSACTION may still follow it.
    if (s.k !== 'lockTable') ctx.txn.ranQuery = true;
    ctx.state.statements++;
    ctx.emit({ type: 'statement.started', session: ctx.session.name, sql: p.sql });
  }
  switch (s.k) {
    case 'unsupported':
      throw unsupported(s.what);
    case 'create':
      if (s.ifNotExists && Object.hasOwn(ctx.state.tables, s.table)) {
        ctx.emit({
          type: 'notice.raised',
          session: ctx.session.name,
          severity: 'NOTICE',
          message: `relation "${s.table}" already exists, skipping`,
        });
        return finish(ctx, p, pending, 'CREATE TABLE', null);
      }
      createTable(ctx.state, ctx.txn, s);
      createSequences(ctx.state, s);
      return finish(ctx, p, pending, 'CREATE TABLE', null);
    case 'drop':
      dropTables(ctx.state, ctx.txn, s.tables, s.ifExists, (message) =>
        ctx.emit({ type: 'notice.raised', session: ctx.session.name, severity: 'NOTICE', message }),
      );
      return finish(ctx, p, pending, 'DROP TABLE', null);
    case 'addCheck': {
      const table = tableOf(ctx.state, s.table);
      const snap = takeSnapshot(ctx.state);
      addCheck(
        ctx.state,
        ctx.txn,
        table,
        s.name,
        s.expr,
        table.tuples.filter((t) => visible(ctx.state, t, snap, ctx.txn)).map((t) => t.values),
      );
      return finish(ctx, p, pending, 'ALTER TABLE', null);
    }
    case 'insert':
      return insert(ctx, p, s, pending);
    case 'update':
    case 'delete': {
      const table = tableOf(ctx.state, s.table);
      if (!pending.progress) {
        checkReturning(s.returning);
        if (s.k === 'update') checkSets(table, s.sets);
        const snap = statementSnapshot(ctx);
        const ids = idsOf(
          scan(ctx.state, ctx.txn, table, { snap, where: s.where, emit: ctx.emit, record: 'predicate', dirty: dirty(ctx) }),
        );
        pending.progress = newProgress();
        pending.progress.phases.push(phase(s.k, table.name, ids, 'update', { where: s.where, collect: !!s.returning }));
      }
      const out = runPhases(ctx, pending.progress, s.k === 'update' ? s.sets : null);
      if (out.k === 'wait') return out;
      const rs = returned(s.returning, table, s.alias, pending.progress.locked);
      return finish(ctx, p, pending, `${s.k.toUpperCase()} ${pending.progress.count}`, rs);
    }
    case 'select':
      return select(ctx, p, s, pending);
    case 'lockTable':
      return lockTables(ctx, s, pending) ?? finish(ctx, p, pending, 'LOCK TABLE', null);
    case 'advisory': {
      const out = advisory(ctx, s);
      return out.k === 'wait' ? out : finish(ctx, p, pending, 'SELECT 1', out.result);
    }
    default:
      throw new SqlError(SQLSTATE.syntax_error, 'unexpected statement');
  }
}

function insert(ctx: Ctx, p: Parsed, s: Extract<Stmt, { k: 'insert' }>, pending: Pending): Outcome {
  const { out, table } = runInsertStmt(ctx, s, pending, () => statementSnapshot(ctx));
  if (out.k === 'wait') return out;
  const progress = pending.progress as Progress;
  const rs = returned(s.returning, table, s.alias, progress.locked);
  return finish(ctx, p, pending, `INSERT 0 ${progress.count}`, rs);
}

/** A select-list item naming its relation (`t.*`); made once, as is `valuesOf`, not per statement. */
const qualified = (it: Extract<Stmt, { k: 'select' }>['items'][number]): boolean => !!it.rel;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A plain SELECT's scan request: one object, filled for each (a scan keeps no reference to it, and
 * no plain SELECT starts while another's scan runs: subqueries read through `runQuery`).
 */
let plain: Mutable<ScanRequest> | null = null;

function plainRequest(snap: Snapshot, where: Expr | null, emit: Emit, dirty: boolean, scope: Scope): Mutable<ScanRequest> {
  if (!plain) return (plain = { snap, where, emit, record: 'items', dirty, scope, rows: null });
  plain.snap = snap;
  plain.where = where;
  plain.emit = emit;
  plain.dirty = dirty;
  plain.scope = scope;
  plain.rows = null;
  return plain;
}

function select(ctx: Ctx, p: Parsed, s: Extract<Stmt, { k: 'select' }>, pending: Pending): Outcome {
  if (s.setop && s.lock)
    throw new SqlError(SQLSTATE.feature_not_supported, `FOR ${s.lock.toUpperCase()} is not allowed with UNION/INTERSECT/EXCEPT`);
  if (s.table === null && !s.from && !s.setop) {
    if (s.lock) throw new SqlError(SQLSTATE.feature_not_supported, `FOR ${s.lock.toUpperCase()} must specify unqualified relation names`);
    checkAggregates(s, null);
    // Even SELECT 1 takes the snapshot a Repeatable Read transaction keeps.
    statementSnapshot(ctx);
    checkLimit(s);
    const rs = project(s, null, null, s.where && evaluate(s.where, null, null) !== true ? [] : [[]]);
    return finish(ctx, p, pending, selectTag(rs.rows.length), rs);
  }
  if (!s.lock && (s.setop || s.from || s.groupBy || s.having || s.distinct || s.distinctOn || isAggregate(s) || s.items.some(qualified))) {
    const snap = statementSnapshot(ctx);
    const r = runQuery(ctx, s, snap, dirty(ctx), undefined);
    const rs = { columns: r.columns, rows: r.rows.map((row) => row.map((v, j) => formatValue(v, r.scales[j], r.types[j]))) };
    return finish(ctx, p, pending, selectTag(rs.rows.length), rs);
  }
  if (s.table === null || s.groupBy || s.having || s.distinct || s.distinctOn) {
    const { out, rs } = lockedQuery(ctx, s, pending, () => statementSnapshot(ctx));
    return out.k === 'wait' ? out : finish(ctx, p, pending, selectTag(rs?.rows.length ?? 0), rs);
  }
  const table = tableOf(ctx.state, s.table);
  const scope = scopeOf(table, s.alias);
  checkAggregates(s, scope);
  const named = s.lockOf?.find((n) => n !== (s.alias ?? s.table));
  if (named !== undefined)
    throw new SqlError(SQLSTATE.undefined_table, `relation "${named}" in FOR ${s.lock?.toUpperCase()} clause not found in FROM clause`);
  if (!s.lock) {
    const snap = statementSnapshot(ctx);
    checkLimit(s);
    const q = plainRequest(snap, s.where, ctx.emit, dirty(ctx), scope);
    scan(ctx.state, ctx.txn, table, q);
    const rows = q.rows ?? [];
    q.rows = null;
    const rs = project(s, table, scope, rows);
    return finish(ctx, p, pending, selectTag(rs.rows.length), rs);
  }
  if (isAggregate(s))
    throw new SqlError(SQLSTATE.feature_not_supported, `FOR ${s.lock.toUpperCase()} is not allowed with aggregate functions`);
  if (!pending.progress) {
    const snap = statementSnapshot(ctx);
    checkLimit(s);
    const seen = idsOf(scan(ctx.state, ctx.txn, table, { snap, where: s.where, emit: ctx.emit, record: 'predicate', dirty: false, scope }));
    // Limit -> LockRows -> Sort: rows are locked in sorted order until LIMIT rows are locked.
    const ids = s.orderBy.length
      ? lockOrder(
          s,
          table,
          scope,
          seen.map((id) => table.tuples[id].values),
        ).map((i) => seen[i])
      : seen;
    pending.progress = newProgress();
    // EvalPlanQual re-checks WHERE in the table's own scope: references through the alias are renamed to it.
    const where =
      s.where && s.alias ? mapExpr(s.where, (x) => (x.k === 'col' && x.rel === s.alias ? { ...x, rel: table.name } : x)) : s.where;
    pending.progress.phases.push(
      phase('lock', table.name, ids, s.lock, {
        where,
        collect: true,
        limit: s.limit === null ? null : (s.offset ?? 0) + s.limit,
        wait: s.lockWait,
      }),
    );
  }
  const out = runPhases(ctx, pending.progress, null);
  if (out.k === 'wait') return out;
  // The locked rows (newest versions after EvalPlanQual) in the order they were locked, not sorted
  // again; OFFSET's rows were locked too, then skipped.
  const rs = project(
    { ...s, orderBy: [], limit: null, offset: 0 },
    table,
    scope,
    pending.progress.locked.slice(s.offset ?? 0).map((id) => table.tuples[id].values),
  );
  return finish(ctx, p, pending, selectTag(rs.rows.length), rs);
}
