import type { IsoLevel, Parsed, TxnModes } from '../sql/ast';
import { SQLSTATE, SqlError } from '../sql/errors';
import { type Ctx, DONE, type Outcome } from './context';
import { settingOf } from './deadlock';
import type { Emit } from './events';
import { execStatement } from './exec';
import { releaseTxnLocks } from './heavy-locks';
import { noteBegin, noteEnd } from './history-trim';
import { runSavepoint, undoCatalog } from './savepoint';
import { ssiAbort, ssiCommit } from './ssi';
import { applyModes, setTransaction } from './txn-modes';
import { foldOld } from './txn-records';
import type { Pending, Session, State, Txn } from './types';

/** A new transaction's savepoints and subtransaction xids: replaced, never mutated, so every one shares these. */
const NO_SUBS: Txn['subs'] = [];
const NO_XIDS: Txn['subXids'] = [];

const NO_UNDO: Txn['catalogUndo'] = [];

/**
 * A session's last implicit transaction. Once it has ended (a new one begins only then) nothing refers
 * to it any more, so if it left nothing behind (no xid, DDL, SSI record or safe-snapshot wait) the
 * next implicit transaction of the session is the same object set anew (a lone SELECT's transaction
 * is most of a long run's). A copied state has copies of its sessions, so it never shares one.
 */
const spare = new WeakMap<Session, Txn>();

function reuse(txn: Txn, vxid: number, iso: IsoLevel): Txn {
  txn.vxid = vxid;
  txn.xid = 0;
  txn.iso = iso;
  txn.snapshot = null;
  txn.cid = 0;
  txn.status = 'active';
  txn.wrote = false;
  txn.ranQuery = false;
  return txn;
}

/** Start a transaction in the session (explicit after BEGIN, implicit for a bare statement). */
function beginTxn(state: State, session: Session, iso: IsoLevel, implicit: boolean, emit: Emit, modes?: TxnModes): Txn {
  const old = implicit ? spare.get(session) : undefined;
  const txn: Txn =
    old && reusable(old)
      ? reuse(old, state.nextVxid++, iso)
      : {
          vxid: state.nextVxid++,
          xid: 0,
          iso,
          snapshot: null,
          cid: 0,
          implicit,
          status: 'active',
          catalogUndo: NO_UNDO,
          settingUndo: null,
          sxact: -1,
          wrote: false,
          ranQuery: false,
          subs: NO_SUBS,
          subXids: NO_XIDS,
          readOnly: modes?.readOnly ?? false,
          deferrable: modes?.deferrable ?? false,
          quiet: true,
          historyFrom: 0,
        };
  if (implicit && txn !== old) spare.set(session, txn);
  noteBegin(state, txn, session.name);
  session.txn = txn;
  state.txns.push({ vxid: txn.vxid, xid: 0, session: session.name, iso, end: 'active' });
  foldOld(state);
  emit({ type: 'txn.began', session: session.name, vxid: txn.vxid, iso });
  return txn;
}

/** The transaction's record: among the newest, searched from the end. */
function record(state: State, txn: Txn): State['txns'][number] | undefined {
  const txns = state.txns;
  for (let i = txns.length - 1; i >= 0; i--) if (txns[i].vxid === txn.vxid) return txns[i];
  return undefined;
}

/**
 * Whether an ended transaction left nothing that refers to it or that a new one must not inherit: an
 * implicit one, still as `beginTxn` made it but for what `reuse` sets anew.
 */
const reusable = (txn: Txn): boolean =>
  txn.implicit &&
  txn.xid === 0 &&
  txn.sxact === -1 &&
  txn.catalogUndo === NO_UNDO &&
  txn.settingUndo === null &&
  txn.subs === NO_SUBS &&
  txn.subXids === NO_XIDS &&
  !txn.readOnly &&
  !txn.deferrable &&
  !Object.hasOwn(txn, 'unsafeWith');

/** CommitTransaction: the SSI pre-commit check (which may fail), then pg_xact, then the locks go. */
export function commitTxn(state: State, session: Session, emit: Emit): void {
  const txn = session.txn as Txn;
  ssiCommit(state, txn, emit);
  if (txn.xid)
    for (const x of [txn.xid, ...txn.subXids]) {
      state.clog[x - state.firstXid] = 'committed';
      delete state.owner[x];
    }
  releaseTxnLocks(state, session.name, txn.vxid);
  const r = record(state, txn);
  if (r) r.end = 'committed';
  noteEnd(state, txn);
  session.txn = null;
  emit({ type: 'txn.committed', session: session.name, vxid: txn.vxid, xid: txn.xid });
}

/** AbortTransaction: pg_xact says aborted, DDL is undone, SIREAD locks and rw-edges go. */
export function abortTxn(state: State, session: Session, reason: string, emit: Emit): void {
  const txn = session.txn;
  if (!txn) return;
  // A block failed inside a savepoint has aborted only that subtransaction so far.
  if (txn.status === 'active' || txn.subs.length) {
    for (const x of txn.xid ? [txn.xid, ...txn.subXids] : []) {
      state.clog[x - state.firstXid] = 'aborted';
      delete state.owner[x];
    }
    undoCatalog(state, txn.catalogUndo);
    releaseTxnLocks(state, session.name, txn.vxid);
    ssiAbort(state, txn);
    // SET inside a transaction that aborts is undone (GUC nesting).
    if (txn.settingUndo !== null) session.deadlockTimeout = txn.settingUndo;
    const r = record(state, txn);
    if (r) r.end = 'aborted';
    noteEnd(state, txn);
    emit({ type: 'txn.aborted', session: session.name, vxid: txn.vxid, xid: txn.xid, reason });
  }
  txn.status = 'failed';
  if (txn.implicit) session.txn = null;
}

const notice = (ctx: { session: Session; emit: Emit }, message: string) =>
  ctx.emit({ type: 'notice.raised', session: ctx.session.name, severity: 'WARNING', message });

/** One statement: transaction control here, everything else through the executor. */
export function runOne(state: State, session: Session, p: Parsed, pending: Pending, emit: Emit): Outcome {
  return CONTROL_KINDS.has(p.stmt.k) ? control(state, session, p, pending, emit) : execute(state, session, p, pending, emit);
}

/** Statements the session runs itself (everything else goes to the executor). */
const CONTROL_KINDS = new Set<Parsed['stmt']['k']>(['begin', 'commit', 'rollback', 'setDefaultIso', 'set', 'savepoint', 'setTxn']);

/** A statement for the executor, in the session's transaction (an implicit one when none is open). */
function execute(state: State, session: Session, p: Parsed, pending: Pending, emit: Emit): Outcome {
  const txn = session.txn;
  if (txn && txn.status === 'failed')
    throw new SqlError(
      SQLSTATE.in_failed_sql_transaction,
      'current transaction is aborted, commands ignored until end of transaction block',
    );
  const t = txn ?? beginTxn(state, session, session.defaultIso, true, emit);
  return execStatement(ctxOf(state, session, t, emit), p, pending);
}

/** The last context made: the same four things make the same context (it is never mutated). */
let lastCtx: Ctx | null = null;

function ctxOf(state: State, session: Session, txn: Txn, emit: Emit): Ctx {
  const c = lastCtx;
  if (c && c.state === state && c.session === session && c.txn === txn && c.emit === emit) return c;
  lastCtx = { state, session, txn, emit };
  return lastCtx;
}

/** Transaction control: BEGIN, COMMIT, ROLLBACK, SET, savepoints, SET TRANSACTION. */
function control(state: State, session: Session, p: Parsed, pending: Pending, emit: Emit): Outcome {
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
      if (txn) txn.implicit = false;
      // BEGIN's modes apply to a block already open too, with SET TRANSACTION's checks.
      if (txn) applyModes(state, txn, s);
      else beginTxn(state, session, s.iso ?? session.defaultIso, false, emit, s);
      return fin('BEGIN');
    case 'commit':
      if (!txn || txn.implicit) {
        notice({ session, emit }, 'there is no transaction in progress');
        return fin('COMMIT');
      }
      if (txn.status === 'failed') {
        if (txn.subs.length) abortTxn(state, session, 'COMMIT', emit);
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
      if (s.name === 'deadlock_timeout') {
        const ms = settingOf(p.sql);
        if (txn && !txn.implicit && txn.settingUndo === null) txn.settingUndo = session.deadlockTimeout;
        session.deadlockTimeout = ms;
      }
      return fin('SET');
    default:
      break;
  }
  if (s.k === 'savepoint' && (s.op === 'rollback to' || txn?.status !== 'failed')) return fin(runSavepoint(session, state, s));
  if (s.k === 'setTxn' && txn?.status !== 'failed') return fin(setTransaction(state, session, s, emit));
  // Anything else in a failed block: 25P02.
  return execute(state, session, p, pending, emit);
}
