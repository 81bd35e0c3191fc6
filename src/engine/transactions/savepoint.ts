import type { Stmt } from '../sql/ast';
import { SQLSTATE, SqlError } from '../sql/errors';
import { setOwn } from '../sql/own';
import type { Emit } from './events';
import type { Session, State, Txn, Xid } from './types';

/*
 * Savepoints as xact.c's subtransactions: each has its own xid, assigned lazily (parents first)
 * when it writes or locks a row; ROLLBACK TO marks its xids (and those of the subtransactions it
 * contains) aborted in pg_xact, which undoes their tuples and releases their row locks (waiters
 * wake); RELEASE keeps them, still the transaction's own until it ends with it. An error inside a
 * savepoint aborts only the innermost subtransaction: the block is failed until ROLLBACK TO.
 */

/** The xid the transaction writes with now: its innermost savepoint's, else its own (0: none yet). */
export const currentXid = (txn: Txn): Xid => (txn.subs.length ? txn.subs[txn.subs.length - 1].xid : txn.xid);

/** AssignTransactionId for the open subtransactions, outermost first (the top-level xid comes before). */
export function assignSubXids(state: State, txn: Txn, session: string, emit: Emit): void {
  if (!txn.subs.some((s) => s.xid === 0)) return;
  const rec = state.txns.findLast((t) => t.vxid === txn.vxid);
  txn.subs = txn.subs.map((s) => {
    if (s.xid) return s;
    const xid = state.nextXid++;
    state.clog[xid - state.firstXid] = 'in progress';
    state.owner[xid] = session;
    txn.subXids = [...txn.subXids, xid];
    if (rec) rec.subxids = [...(rec.subxids ?? []), xid];
    emit({ type: 'xid.assigned', session, xid, parent: txn.xid });
    return { ...s, xid };
  });
}

/** The top-level xid of a transaction that used `xid` for one of its subtransactions (else `xid`). */
export function topXidOf(state: State, xid: Xid): Xid {
  for (let i = state.txns.length - 1; i >= 0; i--) if (state.txns[i].subxids?.includes(xid)) return state.txns[i].xid;
  return xid;
}

/** Undo DDL, newest first (tables created or dropped, CHECK constraints added). */
export function undoCatalog(state: State, undo: Txn['catalogUndo']): void {
  for (const u of undo.slice().reverse()) {
    if (u.checks) {
      if (Object.hasOwn(state.tables, u.name)) state.tables[u.name].checks = u.checks;
    } else if (u.table) setOwn(state.tables, u.name, u.table);
    else delete state.tables[u.name];
  }
}

/** Abort savepoint `i` and everything inside it, and begin it afresh (RollbackToSavepoint). */
function rollbackTo(state: State, txn: Txn, i: number): void {
  const target = txn.subs[i];
  const outer = new Set(txn.subs.slice(0, i).map((s) => s.xid));
  const gone = txn.subXids.slice(target.fromXid).filter((x) => !outer.has(x));
  for (const x of gone) {
    state.clog[x - state.firstXid] = 'aborted';
    delete state.owner[x];
  }
  txn.subXids = txn.subXids.filter((x) => !gone.includes(x));
  undoCatalog(state, txn.catalogUndo.slice(target.fromUndo));
  txn.catalogUndo = txn.catalogUndo.slice(0, target.fromUndo);
  // Table and advisory locks taken inside it go too (a waiter may now have them).
  state.heavy = state.heavy.filter((l) => !(l.vxid === txn.vxid && l.depth > i));
  txn.subs = [...txn.subs.slice(0, i), { name: target.name, xid: 0, fromXid: txn.subXids.length, fromUndo: txn.catalogUndo.length }];
  txn.status = 'active';
}

/**
 * An error in a transaction block with savepoints: only the innermost subtransaction aborts
 * (AbortSubTransaction) and the block waits for ROLLBACK TO. False when there is no savepoint.
 */
export function abortInnermost(state: State, session: Session): boolean {
  const txn = session.txn;
  if (!txn || txn.implicit || !txn.subs.length) return false;
  if (txn.status === 'active') rollbackTo(state, txn, txn.subs.length - 1);
  txn.status = 'failed';
  return true;
}

const WORDS = { define: 'SAVEPOINT', release: 'RELEASE SAVEPOINT', 'rollback to': 'ROLLBACK TO SAVEPOINT' } as const;

/** SAVEPOINT, RELEASE and ROLLBACK TO; returns the command tag. */
export function runSavepoint(session: Session, state: State, s: Extract<Stmt, { k: 'savepoint' }>): string {
  const txn = session.txn;
  if (!txn || txn.implicit)
    throw new SqlError(
      txn ? SQLSTATE.active_sql_transaction : SQLSTATE.no_active_sql_transaction,
      `${WORDS[s.op]} can only be used in transaction blocks`,
    );
  if (s.op === 'define') {
    txn.subs = [...txn.subs, { name: s.name, xid: 0, fromXid: txn.subXids.length, fromUndo: txn.catalogUndo.length }];
    return 'SAVEPOINT';
  }
  let i = txn.subs.length - 1;
  while (i >= 0 && txn.subs[i].name !== s.name) i--;
  if (i < 0) throw new SqlError(SQLSTATE.invalid_savepoint_specification, `savepoint "${s.name}" does not exist`);
  if (s.op === 'release') {
    txn.subs = txn.subs.slice(0, i);
    // Its locks pass to the enclosing (sub)transaction, as on subcommit.
    state.heavy = state.heavy.map((l) => (l.vxid === txn.vxid && l.depth > i ? { ...l, depth: i } : l));
    return 'RELEASE';
  }
  rollbackTo(state, txn, i);
  return 'ROLLBACK';
}
