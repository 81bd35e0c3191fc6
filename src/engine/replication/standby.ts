import type { Event, Node, Query, State, WalRecord, WalSender } from './types';
import { FIRST_XID } from './wal';

/**
 * Snapshots on a node and the hot standby's side of the xmin horizon (procarray.c, standby.c):
 * a new snapshot's xmin, the xmin hot_standby_feedback reports, and the recovery conflict a PRUNE
 * record raises against the queries that might need the versions it removes.
 */

/** The error a query cancelled by a snapshot conflict gets (SQLSTATE 40001). */
const CONFLICT_MESSAGE = 'canceling statement due to conflict with recovery';
const CONFLICT_DETAIL = 'User query might have needed to see row versions that must be removed.';

const isHeap = (r: WalRecord) => r.kind === 'INSERT' || r.kind === 'UPDATE' || r.kind === 'DELETE' || r.kind === 'INSERT_LEAF';

/**
 * GetSnapshotData's xmin on `node`: on a primary the oldest xid of its transactions still running
 * (waiting for a synchronous standby counts: it has not left the ProcArray), else the next xid; on a
 * standby the oldest xid its replayed WAL shows running (KnownAssignedXids), else the newest it has
 * seen plus one.
 */
export function snapshotXmin(state: State, node: Node): number {
  if (node.role === 'primary') {
    let xmin = state.nextXid;
    for (const t of state.live) if (t.node === node.name) xmin = Math.min(xmin, t.xid);
    return xmin;
  }
  const running = new Set<number>();
  let next = FIRST_XID;
  for (let i = 0; i < node.replayIdx; i++) {
    const r = node.wal[i];
    if (r.xid === 0) continue;
    next = Math.max(next, r.xid + 1);
    if (isHeap(r)) running.add(r.xid);
    else if (r.kind === 'COMMIT' || r.kind === 'ABORT') running.delete(r.xid);
  }
  return running.size > 0 ? Math.min(...running) : next;
}

export const runningOn = (state: State, node: string): Query[] => state.queries.filter((q) => q.node === node && q.status === 'running');

/** GetReplicationHorizons on a standby: the oldest xmin of its sessions and of what it knows runs on the primary. */
export function feedbackXmin(state: State, node: Node): number {
  let xmin = snapshotXmin(state, node);
  for (const q of runningOn(state, node.name)) xmin = Math.min(xmin, q.xmin);
  return xmin;
}

/** GetConflictingVirtualXIDs: the queries whose snapshot xmin is at or before the newest xid a PRUNE removed. */
const conflictsWith = (state: State, node: Node, latestRemovedXid: number): Query[] =>
  latestRemovedXid === 0 ? [] : runningOn(state, node.name).filter((q) => q.xmin <= latestRemovedXid);

/** When max_standby_streaming_delay runs out for WAL received at `receiptTime` (null: -1, never). */
const deadlineOf = (n: Node): number | null => (n.maxStandbyDelay < 0 ? null : n.receiptTime + n.maxStandbyDelay);

/**
 * ResolveRecoveryConflictWithSnapshot, at the replay of a PRUNE: while conflicting queries run and
 * the delay has not run out, replay waits (returns false); then it cancels them and goes on.
 */
export function resolveConflict(state: State, n: Node, r: WalRecord, out: Event[]): boolean {
  const queries = r.prune ? conflictsWith(state, n, r.prune.latestRemovedXid) : [];
  if (queries.length === 0) return true;
  const until = deadlineOf(n);
  if (until === null || state.time < until) {
    if (queries.some((q) => q.conflictSince === null)) {
      for (const q of queries) q.conflictSince ??= state.time;
      out.push({ type: 'replay.held', node: n.name, lsn: r.lsn, sessions: queries.map((q) => q.session), until });
    }
    return false;
  }
  for (const q of queries) {
    q.status = 'cancelled';
    out.push({
      type: 'query.cancelled',
      session: q.session,
      node: n.name,
      message: CONFLICT_MESSAGE,
      detail: CONFLICT_DETAIL,
      sqlstate: '40001',
    });
  }
  return true;
}

/** When a standby held at a conflicting PRUNE will cancel and go on, if it is held and the delay is not -1. */
export function conflictDue(state: State, n: Node): number | null {
  const r = n.wal[n.replayIdx];
  if (!r || r.kind !== 'PRUNE' || r.end > n.flushLsn || !r.prune) return null;
  if (conflictsWith(state, n, r.prune.latestRemovedXid).length === 0) return null;
  return deadlineOf(n);
}

/** ProcessStandbyReplyMessage and ProcessStandbyHSFeedbackMessage: the feedback xmin goes into the slot's xmin when the standby streams through one, else the walsender's own. */
export function takeFeedback(state: State, s: WalSender, xmin: number | null | undefined, out: Event[]): void {
  const name = state.nodes[s.standby].slot;
  const slot = name ? state.slots.find((x) => x.name === name && x.on === s.from) : undefined;
  // PhysicalConfirmReceivedLocation: the slot keeps WAL from what the standby flushed.
  if (slot) slot.restartLsn = Math.max(slot.restartLsn, s.flush);
  if (xmin === undefined || (slot ? slot.xmin : s.xmin) === xmin) return;
  if (slot) slot.xmin = xmin;
  else s.xmin = xmin;
  out.push({ type: 'feedback.received', standby: s.standby, xmin, slot: slot?.name ?? null });
}
