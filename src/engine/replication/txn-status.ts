import { lowerBoundBefore } from '../wal/log';
import type { State, TxStatus, Txn } from './types';
import { applyCommit } from './wal';

/* A transaction's status on the primary: the live list, and a commit made visible to other sessions. */

/** Change a transaction's status, keeping the list of live (active or waiting) ones. */
export function setStatus(state: State, t: Txn, status: TxStatus): void {
  const wasLive = t.status === 'active' || t.status === 'waiting';
  const isLive = status === 'active' || status === 'waiting';
  t.status = status;
  if (wasLive && !isLive) {
    // In place (the array is the state's own: a snapshot copies it), and by pop(): setting `length`
    // to 0 gives the array up, so that the next transaction's push reserves sixteen slots again.
    const live = state.live;
    const i = live.indexOf(t);
    if (i >= 0) {
      for (let j = i + 1; j < live.length; j++) live[j - 1] = live[j];
      live.pop();
    }
  }
  if (!wasLive && isLive && !state.live.includes(t)) state.live.push(t);
}

/** Make a commit visible to other sessions (ProcArrayEndTransaction) and tell the client. */
export function finishCommit(state: State, t: Txn): void {
  const node = state.nodes[t.node];
  const i = t.commitLsn === null ? -1 : lowerBoundBefore(node.wal, t.commitLsn);
  const rec = node.wal[i];
  // The commit record names the transaction and where it began (t.name, t.firstLsn).
  if (rec && rec.xid === t.xid && rec.kind === 'COMMIT') applyCommit(node.rows, node.wal, i, node.heap);
  setStatus(state, t, 'committed');
  t.acked = true;
}
