import type { IsoLevel, Parsed } from '../sql/ast';
import { refuse } from '../core/refusal';
import { type ErrorInfo, SQLSTATE, SqlError, errorInfo } from '../sql/errors';
import { parseSql } from '../sql/parse';
import { type Ctx, DONE, type Outcome } from './context';
import type { Emit } from './events';
import { execStatement } from './exec';
import { ctidOf, xidState } from './mvcc';
import { holderOf } from './schedule';
import { ssiAbort, ssiCommit } from './ssi';
import type { Pending, Session, State, Txn } from './types';
import { setOwn } from '../sql/own';
/** Start a transaction in the session (explicit after BEGIN, implicit for a bare statement). */
function beginTxn(state: State, session: Session, iso: IsoLevel, implicit: boolean, emit: Emit): Txn {
  const txn: Txn = {
    vxid: state.nextVxid++,
    xid: 0,
    iso,
    snapshot: null,
    cid: 0,
    implicit,
    status: 'active',
    catalogUndo: [],
    sxact: -1,
    wrote: false,
    ranQuery: false,
  };
  session.txn = txn;
  state.txns.push({ vxid: txn.vxid, xid: 0, session: session.name, iso, end: 'active' });
  emit({ type: 'txn.began', session: session.name, vxid: txn.vxid, iso });
  return txn;
}

const record = (state: State, txn: Txn) => state.txns.find((t) => t.vxid === txn.vxid);

/** CommitTransaction: the SSI pre-commit check (which may fail), then pg_xact, then the locks go. */
function commitTxn(state: State, session: Session, emit: Emit): void {
  const txn = session.txn as Txn;
  ssiCommit(state, txn, emit);
  if (txn.xid) {
    state.clog[txn.xid - state.firstXid] = 'committed';
    delete state.owner[txn.xid];
  }
  const r = record(state, txn);
  if (r) r.end = 'committed';
  session.txn = null;
  emit({ type: 'txn.committed', session: session.name, vxid: txn.vxid, xid: txn.xid });
}

/** AbortTransaction: pg_xact says aborted, DDL is undone, SIREAD locks and rw-edges go. */
function abortTxn(state: State, session: Session, reason: string, emit: Emit): void {
  const txn = session.txn;
  if (!txn) return;
  if (txn.status === 'active') {
    if (txn.xid) {
      state.clog[txn.xid - state.firstXid] = 'aborted';
      delete state.owner[txn.xid];
    }
    for (const u of txn.catalogUndo.slice().reverse()) {
      if (u.checks) {
        if (Object.hasOwn(state.tables, u.name)) state.tables[u.name].checks = u.checks;
      } else if (u.table) setOwn(state.tables, u.name, u.table);
      else delete state.tables[u.name];
    }
    ssiAbort(state, txn);
    const r = record(state, txn);
    if (r) r.end = 'aborted';
    emit({ type: 'txn.aborted', session: session.name, vxid: txn.vxid, xid: txn.xid, reason });
  }
  txn.status = 'failed';
  if (txn.implicit) session.txn = null;
}

const notice = (ctx: { session: Session; emit: Emit }, message: string) =>
  ctx.emit({ type: 'notice.raised', session: ctx.session.name, severity: 'WARNING', message });

/** One statement: transaction control here, everything else through the executor. */
function runOne(state: State, session: Session, p: Parsed, pending: Pending, emit: Emit): Outcome {
  const s = p.stmt;
  const txn = session.txn;
  const fin = (tag: string) => {
    emit({ type: 'statement.finished', session: session.name, sql: p.sql, tag, result: null });
    session.last = { step: pending.step, results: pending.results, error: null, tag };
    return DONE;
  };
  const inBlock = txn !== null && !txn.implicit;
  switch (s.k) {
    case 'begin':
      if (inBlock) notice({ session, emit }, 'there is already a transaction in progress');
      else if (txn) txn.implicit = false;
      else beginTxn(state, session, s.iso ?? session.defaultIso, false, emit);
      if (s.iso && session.txn && !inBlock) session.txn.iso = s.iso;
      return fin('BEGIN');
    case 'commit':
      if (!txn || txn.implicit) {
        notice({ session, emit }, 'there is no transaction in progress');
        return fin('COMMIT');
      }
      if (txn.status === 'failed') {
        session.txn = null;
        return fin('ROLLBACK');
      }
      try {
        commitTxn(state, session, emit);
      } catch (e) {
        if (!(e instanceof SqlError)) throw e;
        // A COMMIT that fails (SSI) rolls back and ends the block, as in PostgreSQL.
        abortTxn(state, session, e.message, emit);
        session.txn = null;
        throw e;
      }
      return fin('COMMIT');
    case 'rollback':
      if (!txn || txn.implicit) {
        notice({ session, emit }, 'there is no transaction in progress');
        return fin('ROLLBACK');
      }
      abortTxn(state, session, 'ROLLBACK', emit);
      session.txn = null;
      return fin('ROLLBACK');
    case 'setDefaultIso':
      session.defaultIso = s.iso;
      return fin('SET');
    case 'set':
      if (s.name === 'timezone') session.timeZone = s.value;
      return fin('SET');
    default:
      break;
  }
  if (txn && txn.status === 'failed')
    throw new SqlError(
      SQLSTATE.in_failed_sql_transaction,
      'current transaction is aborted, commands ignored until end of transaction block',
    );
  if (s.k === 'setTxn') {
    if (!inBlock) {
      notice({ session, emit }, 'SET TRANSACTION can only be used in transaction blocks');
      return fin('SET');
    }
    if ((txn as Txn).ranQuery && (txn as Txn).iso !== s.iso)
      throw new SqlError(SQLSTATE.active_sql_transaction, 'SET TRANSACTION ISOLATION LEVEL must be called before any query');
    (txn as Txn).iso = s.iso;
    const r = record(state, txn as Txn);
    if (r) r.iso = s.iso;
    return fin('SET');
  }
  const t = txn ?? beginTxn(state, session, session.defaultIso, true, emit);
  const ctx: Ctx = { state, session, txn: t, emit };
  return execStatement(ctx, p, pending);
}

/** The sessions on a wait-for cycle through `start`, or null (each waiter waits for one xid). */
function deadlockCycle(state: State, start: Session): string[] | null {
  const path = [start.name];
  let s: Session | undefined = start;
  for (let i = 0; i < 64 && s?.pending?.waitingFor; i++) {
    const holder: string | undefined = state.owner[s.pending.waitingFor];
    if (holder === undefined) return null;
    if (holder === start.name) return path;
    if (path.includes(holder)) return null;
    path.push(holder);
    s = state.sessions[holder];
  }
  return null;
}

function complete(state: State, session: Session, emit: Emit, error: ErrorInfo | null): void {
  const p = session.pending as Pending;
  session.pending = null;
  const tag = session.last?.tag ?? '';
  session.last = { step: p.step, results: p.results, error, tag: error ? 'ERROR' : tag };
  if (p.results.length) session.lastResult = p.results[p.results.length - 1];
  if (error) state.errors.push({ session: session.name, step: p.step, code: error.code, message: error.message });
  emit({ type: 'step.completed', session: session.name, step: p.step, sql: p.sql, afterWait: p.waitSeq > 0, results: p.results, error });
}

/** Run the pending step's statements from where it stopped, until it finishes or waits. */
function advance(state: State, session: Session, emit: Emit): void {
  const p = session.pending as Pending;
  try {
    while (p.index < p.stmts.length) {
      const out = runOne(state, session, p.stmts[p.index], p, emit);
      if (out.k === 'wait') {
        const first = p.waitSeq === 0;
        p.waitingFor = out.xid;
        p.waitTable = out.table;
        p.waitTuple = out.tuple;
        p.waitMode = out.mode;
        const xid = session.txn?.xid ?? 0;
        emit({ type: 'lock.awaited', session: session.name, xid, table: out.table, ctid: ctidOf(out.tuple), mode: out.mode });
        emit({ type: 'txn.blocked', session: session.name, xid, waitsFor: out.xid, holder: holderOf(state, out.xid) });
        const cycle = deadlockCycle(state, session);
        if (cycle) {
          emit({ type: 'deadlock.detected', session: session.name, cycle });
          p.waitingFor = 0;
          throw new SqlError(SQLSTATE.deadlock_detected, 'deadlock detected');
        }
        if (first) {
          p.waitSeq = ++state.waitSeq;
          emit({ type: 'step.blocked', session: session.name, step: p.step, sql: p.sql });
        }
        return;
      }
      p.index++;
      p.progress = null;
    }
    if (session.txn?.implicit) commitTxn(state, session, emit);
    complete(state, session, emit, null);
  } catch (e) {
    // Only PostgreSQL's own errors are a step's outcome; anything else is an engine bug.
    if (!(e instanceof SqlError)) throw e;
    const info = errorInfo(e);
    p.waitingFor = 0;
    abortTxn(state, session, info.message, emit);
    emit({ type: 'statement.failed', session: session.name, error: info });
    complete(state, session, emit, info);
  }
}

/** Wake every waiter whose xid has ended, oldest wait first, until nothing changes. */
function settle(state: State, emit: Emit): void {
  for (;;) {
    let next: Session | null = null;
    for (const s of Object.values(state.sessions)) {
      const p = s.pending;
      if (!p || !p.waitingFor || xidState(state, p.waitingFor) === 'in progress') continue;
      if (!next || p.waitSeq < (next.pending as Pending).waitSeq) next = s;
    }
    if (!next) return;
    const p = next.pending as Pending;
    emit({ type: 'txn.woken', session: next.name, xid: next.txn?.xid ?? 0, after: p.waitingFor });
    emit({
      type: 'lock.granted',
      session: next.name,
      xid: next.txn?.xid ?? 0,
      table: p.waitTable,
      ctid: ctidOf(p.waitTuple),
      mode: p.waitMode === 'unique' ? 'key share' : p.waitMode,
    });
    p.waitingFor = 0;
    advance(state, next, emit);
  }
}

/**
 * Why the lab refuses a step in this session (a user's mistake, not PostgreSQL's error), or
 * null when it can run: the session does not exist, or it still waits for its previous step
 * (the isolation tester cannot send a query on a busy connection).
 */
export function refusalOf(state: State, name: string): string | null {
  const session = Object.hasOwn(state.sessions, name) ? state.sessions[name] : undefined;
  if (!session) return `There is no session named "${name}".`;
  if (session.pending) return `${name} is still waiting for its step "${session.pending.step}"; it can run another one once that finishes.`;
  return null;
}

/** A step about to run its first statement: no results yet, waiting on nothing. */
function startPending(step: string, sql: string, stmts: readonly Parsed[]): Pending {
  return {
    step,
    sql,
    stmts,
    index: 0,
    results: [],
    progress: null,
    waitingFor: 0,
    waitTable: '',
    waitTuple: 0,
    waitMode: 'update',
    waitSeq: 0,
  };
}

/**
 * Run one step (a query string) in a session, as the isolation tester sends it: it either
 * completes (results or an error) or waits on a lock; other sessions' waits it releases
 * complete afterwards, in the order they started waiting. A step `refusalOf` names is refused
 * (a `Refusal` is thrown before anything changes).
 */
export function runStep(state: State, name: string, sql: string, step: string, emit: Emit): void {
  const why = refusalOf(state, name);
  if (why !== null) refuse(why);
  const session = state.sessions[name];
  let stmts: readonly Parsed[];
  try {
    stmts = parseSql(sql);
  } catch (e) {
    if (!(e instanceof SqlError)) throw e;
    stmts = [{ sql, stmt: { k: 'unsupported', what: '' } }];
    session.pending = startPending(step, sql, stmts);
    const info = errorInfo(e);
    if (session.txn) abortTxn(state, session, info.message, emit);
    emit({ type: 'statement.failed', session: name, error: info });
    complete(state, session, emit, info);
    return;
  }
  session.pending = startPending(step, sql, stmts);
  advance(state, session, emit);
  settle(state, emit);
}
