import type { Action, Snapshot, State, TxnInfo } from './types';

/**
 * Snapshots and the xmin horizon (procarray.c). The lab hands a transaction its xid at BEGIN,
 * where PostgreSQL assigns one at its first write; so a transaction that has not written counts
 * as having no xid, but its pre-assigned xid still marks it running in a snapshot (it may write
 * later, and its changes must stay invisible to snapshots taken while it ran).
 */

/** Whether a transaction is still running: active, or committed but waiting for its commit record's flush. */
export const running = (t: TxnInfo) => t.status === 'active' || t.status === 'committing';

/**
 * ProcArrayEndTransaction: transactions leave the procarray (`state.open`) when they stop running
 * (commit acknowledged, abort, the verdict of recovery), so it stays as short as the number of open
 * sessions however long the run, and reading it (a snapshot, the horizon) changes nothing.
 */
export function leaveProcArray(state: State): void {
  let n = 0;
  for (const name of state.open) if (running(state.txns[name])) n++;
  if (n !== state.open.length) state.open = state.open.filter((name) => running(state.txns[name]));
}

/** GetSnapshotData for `self`: xmax is the next xid; xip the other transactions still running; xmin the oldest of them. */
function takeSnapshot(state: State, self: TxnInfo | null): Snapshot {
  const xip: number[] = [];
  for (const name of state.open) {
    const t = state.txns[name];
    if (t !== self) xip.push(t.xid);
  }
  xip.sort((a, b) => a - b);
  return { xmin: xip.length > 0 ? xip[0] : state.nextXid, xmax: state.nextXid, xip };
}

/** XidInMVCCSnapshot: whether a transaction was still running (or not yet begun) when the snapshot was taken. */
export const inSnapshot = (s: Snapshot, xid: number): boolean => xid >= s.xmax || (xid >= s.xmin && s.xip.includes(xid));

/** What holds the xmin horizon back: the transaction and why (its snapshot, or its own xid). */
export interface HorizonHolder {
  readonly xmin: number;
  readonly tx: string | null;
  readonly by: 'snapshot' | 'xid' | null;
}

/**
 * GetOldestNonRemovableTransactionId: the oldest xid of a running transaction that has written
 * (its own xid) and the oldest xmin of a snapshot still held (a REPEATABLE READ transaction keeps
 * its first statement's; READ COMMITTED holds none between statements); else the next xid.
 */
export function horizon(state: State): HorizonHolder {
  let h: HorizonHolder = { xmin: state.nextXid, tx: null, by: null };
  for (const name of state.open) {
    const t = state.txns[name];
    if (t.undo.length > 0 && t.xid < h.xmin) h = { xmin: t.xid, tx: t.name, by: 'xid' };
    if (t.snapshot && t.snapshot.xmin < h.xmin) h = { xmin: t.snapshot.xmin, tx: t.name, by: 'snapshot' };
  }
  return h;
}

/**
 * A statement starts in a transaction: pg_stat_activity's state_change moves, and a repeatable-read
 * transaction's first statement takes the snapshot it keeps to the end.
 */
export function statementStarts(state: State, action: Action): void {
  if (!('tx' in action) || action.tx === undefined || action.type === 'begin') return;
  const t = Object.hasOwn(state.txns, action.tx) ? state.txns[action.tx] : undefined;
  if (!t || t.status !== 'active') return;
  if (action.type !== 'read' && action.type !== 'insert' && action.type !== 'update' && action.type !== 'delete') return;
  t.since = state.now;
  if (t.isolation === 'repeatable read' && !t.snapshot) t.snapshot = takeSnapshot(state, t);
}
