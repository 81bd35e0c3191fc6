import type { IsoLevel, Parsed } from '../sql/ast';
import { SQLSTATE, SqlError } from '../sql/errors';
import { setOwn } from '../sql/own';
import { type Ctx, DONE, type Outcome } from './context';
import { settingOf } from './deadlock';
import type { Emit } from './events';
import { execStatement } from './exec';
import { ssiAbort, ssiCommit } from './ssi';
import type { Pending, Session, State, Txn } from './types';

/** Start a transaction in the session (explicit after BEGIN, implicit for a bare statement). */
export function beginTxn(state: State, session: Session, iso: IsoLevel, implicit: boolean, emit: Emit): Txn {
  const txn: Txn = {
    vxid: state.nextVxid++,
    xid: 0,
    iso,
    snapshot: null,
    cid: 0,
    implicit,
    status: 'active',
    catalogUndo: [],
    settingUndo: null,
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
export function commitTxn(state: State, session: Session, emit: Emit): void {
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
export function abortTxn(state: State, session: Session, reason: string, emit: Emit): void {
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
    // SET inside a transaction that aborts is undone (GUC nesting).
    if (txn.settingUndo !== null) session.deadlockTimeout = txn.settingUndo;
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
export function runOne(state: State, session: Session, p: Parsed, pending: Pending, emit: Emit): Outcome {
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
      if (s.name === 'deadlock_timeout') {
        const ms = settingOf(p.sql);
        if (txn && !txn.implicit && txn.settingUndo === null) txn.settingUndo = session.deadlockTimeout;
        session.deadlockTimeout = ms;
      }
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
