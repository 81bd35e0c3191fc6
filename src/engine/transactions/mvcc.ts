import { formatCtid, ctid as makeCtid } from '../durability/page';
import { HINT, type Snapshot, type State, type Txn, type Tuple, type XactState, type Xid } from './types';

/** Tuples per heap page in the lab's ctid numbering (small rows: a page holds a few hundred). */
export const TUPLES_PER_PAGE = 200;

/** The ctid of a tuple, as PostgreSQL prints it: `(0,3)`. */
export const ctidOf = (id: number): string => formatCtid(makeCtid(Math.floor(id / TUPLES_PER_PAGE), (id % TUPLES_PER_PAGE) + 1));

/** pg_xact lookup. Xids below the first normal one are bootstrap/frozen: committed. */
export function xidState(state: State, xid: Xid): XactState {
  if (xid < state.firstXid) return 'committed';
  return state.clog[xid - state.firstXid] ?? 'in progress';
}

/** Give the transaction an xid if it has none (PostgreSQL assigns one at the first write or row lock). */
export function assignXid(state: State, txn: Txn): Xid {
  if (txn.xid !== 0) return txn.xid;
  const xid = state.nextXid++;
  txn.xid = xid;
  state.clog[xid - state.firstXid] = 'in progress';
  return xid;
}

/**
 * The newest snapshot taken of each state, reused while nothing it holds can have changed (as
 * PostgreSQL 15 reuses a snapshot while no transaction has ended): the same next xid (an xid is
 * added to the running set only when assigned, which moves it), the same running xids
 * (one leaves only by ending: each of the snapshot's still runs) and the same SSI commit sequence.
 * Snapshots are never mutated.
 */
const lastSnapshot = new WeakMap<State, Snapshot>();

/**
 * Whether the xids running when `snap` was taken all still run: with the same next xid (none assigned
 * since, and an xid enters `state.owner` as it is assigned), the running set is then the same.
 */
function stillRunning(state: State, snap: Snapshot): boolean {
  for (const x of snap.xip) if (!Object.hasOwn(state.owner, x)) return false;
  return true;
}

/** GetSnapshotData: every assigned xid still in progress, the next xid, and the oldest of them. */
export function takeSnapshot(state: State): Snapshot {
  const last = lastSnapshot.get(state);
  if (last && last.xmax === state.nextXid && last.seq === state.ssi.lastCommitSeq && stillRunning(state, last)) return last;
  const xip = Object.keys(state.owner)
    .map(Number)
    .sort((a, b) => a - b);
  const xmax = state.nextXid;
  const snap = { xmin: xip.length ? xip[0] : xmax, xmax, xip, seq: state.ssi.lastCommitSeq };
  lastSnapshot.set(state, snap);
  return snap;
}

/** XidInMVCCSnapshot: whether the snapshot treats `xid` as still running. */
export function inSnapshot(s: Snapshot, xid: Xid): boolean {
  if (xid < s.xmin) return false;
  if (xid >= s.xmax) return true;
  return s.xip.includes(xid);
}

/** TransactionIdIsCurrentTransactionId: the transaction's xid or one of its subtransactions' not rolled back. */
export const isOwnXid = (txn: Txn | null, xid: Xid): boolean => txn !== null && xid !== 0 && (txn.xid === xid || txn.subXids.includes(xid));

const own = isOwnXid;

/** The state of xmin, setting the hint bit a reader would set once the xid is known finished. */
function xminState(state: State, t: Tuple, hint = true): XactState {
  if (t.hints & HINT.XMIN_COMMITTED) return 'committed';
  if (t.hints & HINT.XMIN_INVALID) return 'aborted';
  const s = xidState(state, t.xmin);
  if (hint && s === 'committed') t.hints |= HINT.XMIN_COMMITTED;
  else if (hint && s === 'aborted') t.hints |= HINT.XMIN_INVALID;
  return s;
}

/** The state of the updater in xmax, with the same hinting. */
export function xmaxState(state: State, t: Tuple, hint = true): XactState | 'none' {
  if (t.xmax === 0 || t.hints & HINT.XMAX_INVALID) return 'none';
  if (t.hints & HINT.XMAX_COMMITTED) return 'committed';
  const s = xidState(state, t.xmax);
  if (hint && s === 'committed') t.hints |= HINT.XMAX_COMMITTED;
  else if (hint && s === 'aborted') t.hints |= HINT.XMAX_INVALID;
  return s === 'aborted' ? 'none' : s;
}

/**
 * HeapTupleSatisfiesMVCC: whether `t` is visible to snapshot `s` for transaction `txn`
 * (its own changes count from earlier commands only: cmin/cmax against the current cid).
 */
export function visible(state: State, t: Tuple, s: Snapshot, txn: Txn | null, hint = true): boolean {
  const cid = txn ? txn.cid : 0;
  if (own(txn, t.xmin)) {
    if (t.cmin >= cid) return false;
  } else {
    const xs = xminState(state, t, hint);
    if (xs === 'aborted') return false;
    if (inSnapshot(s, t.xmin) || xs !== 'committed') return false;
  }
  const xm = xmaxState(state, t, hint);
  if (xm === 'none') return true;
  if (own(txn, t.xmax)) return t.cmax >= cid;
  if (inSnapshot(s, t.xmax)) return true;
  return xm !== 'committed';
}

/**
 * The textbook READ UNCOMMITTED that PostgreSQL does not implement: the newest version
 * that no transaction has aborted, committed or not.
 */
export function visibleDirty(state: State, t: Tuple, txn: Txn | null): boolean {
  const cid = txn ? txn.cid : 0;
  if (own(txn, t.xmin)) {
    if (t.cmin >= cid) return false;
  } else if (xminState(state, t) === 'aborted') return false;
  const xm = xmaxState(state, t);
  if (xm === 'none') return true;
  if (own(txn, t.xmax)) return t.cmax >= cid;
  return false;
}
