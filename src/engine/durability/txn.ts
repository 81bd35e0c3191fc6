import type { Out } from './storage';
import type { State, TxnInfo, TxName } from './types';
import { INVALID_LSN } from '../wal/lsn';
import { xactLength } from '../wal/records';
import { leaveProcArray } from './horizon';
import { settleStats } from './stats';
import { flushWal, insertRecord } from './wal';

/**
 * Transactions and the commit log (pg_xact). A transaction is committed the moment its
 * commit record is durable; synchronous_commit = off acknowledges it before that, which is
 * why a crash can lose it (but never half of it).
 */

export function begin(state: State, name: TxName, out: Out, isolation: TxnInfo['isolation'] = 'read committed'): void {
  const xid = state.nextXid++;
  state.open.push(name);
  state.txns[name] = {
    name,
    xid,
    status: 'active',
    acknowledged: false,
    commitEnd: 0,
    syncCommit: state.settings.synchronous_commit,
    waitUntil: 0,
    undo: [],
    reason: '',
    isolation,
    snapshot: null,
    since: state.now,
    target: {},
  };
  state.xidNames[xid] = name;
  state.clog[xid] = 0;
  if (out) out.push({ type: 'txn.began', tx: name, xid });
}

/** Open transactions other than this one (MinimumActiveBackends' count for commit_siblings). */
function othersOpen(state: State, self: TxName): number {
  let n = 0;
  for (const name in state.txns) if (name !== self && state.txns[name].status === 'active') n++;
  return n;
}

/**
 * RecordTransactionCommit. A transaction that wrote nothing has no xid in PostgreSQL and
 * writes no commit record; here it just ends.
 */
export function commit(state: State, txn: TxnInfo, out: Out): void {
  const s = state.settings;
  txn.syncCommit = s.synchronous_commit;
  settleStats(state, txn, true);
  if (txn.undo.length === 0) {
    txn.status = 'committed';
    txn.acknowledged = true;
    state.clog[txn.xid] = 1;
    leaveProcArray(state);
    if (out) out.push({ type: 'txn.committed', tx: txn.name, durable: true });
    return;
  }
  const rec = insertRecord(state, 'COMMIT', txn.xid, null, INVALID_LSN, xactLength(), '', out);
  txn.commitEnd = rec.end;
  if (!s.synchronous_commit) {
    // Asynchronous commit: visible and acknowledged now, durable whenever the WAL writer flushes.
    txn.status = 'committed';
    txn.acknowledged = true;
    state.clog[txn.xid] = 1;
    leaveProcArray(state);
    if (out) out.push({ type: 'txn.committed', tx: txn.name, durable: state.wal.flushed >= rec.end });
    return;
  }
  txn.status = 'committing';
  state.commitWaiters.push(txn.name);
  if (s.commit_delay > 0 && othersOpen(state, txn.name) >= s.commit_siblings && state.wal.flushed < rec.end) {
    // commit_delay: wait a little before flushing, so commits arriving meanwhile share the fsync.
    txn.waitUntil = state.now + s.commit_delay;
    if (out) out.push({ type: 'txn.delayed', tx: txn.name, until: txn.waitUntil });
    return;
  }
  if (!flushWal(state, rec.end, `COMMIT of ${txn.name}`, out)) {
    // Someone else's flush already covered the record.
    flushCovered(state);
  }
  if (out) out.push({ type: 'txn.committed', tx: txn.name, durable: true });
}

/** Acknowledge waiting commits whose records an earlier flush already made durable. */
function flushCovered(state: State): void {
  for (const name of state.commitWaiters) {
    const t = state.txns[name];
    if (t.commitEnd <= state.wal.flushed) {
      t.status = 'committed';
      t.acknowledged = true;
      state.clog[t.xid] = 1;
    }
  }
  state.commitWaiters = state.commitWaiters.filter((n) => state.txns[n].status === 'committing');
  leaveProcArray(state);
}

/**
 * RecordTransactionAbort: an abort record, not flushed (nothing waits on it: without it
 * recovery reaches the same verdict). The tuples stay on their pages, dead by the clog.
 */
export function abort(state: State, txn: TxnInfo, out: Out): void {
  if (txn.undo.length > 0) insertRecord(state, 'ABORT', txn.xid, null, INVALID_LSN, xactLength(), '', out);
  state.clog[txn.xid] = 2;
  txn.status = 'aborted';
  leaveProcArray(state);
  settleStats(state, txn, false);
  // Our primary-key map holds one version per key; put back the ones this transaction replaced.
  for (let i = txn.undo.length - 1; i >= 0; i--) {
    const u = txn.undo[i];
    const rel = state.tables[u.table];
    if (u.prev === null) delete rel.pk[u.key];
    else rel.pk[u.key] = u.prev;
  }
  if (out) out.push({ type: 'txn.aborted', tx: txn.name });
}

/** Commits held back by commit_delay whose time is up: one flush releases them all. */
export function releaseDelayedCommits(state: State, out: Out): void {
  const due = state.commitWaiters.some((n) => state.txns[n].waitUntil <= state.now);
  if (!due) return;
  const names = state.commitWaiters.slice();
  flushWal(state, state.wal.insert, 'group commit', out);
  if (out) for (const n of names) if (state.txns[n].status === 'committed') out.push({ type: 'txn.committed', tx: n, durable: true });
}
