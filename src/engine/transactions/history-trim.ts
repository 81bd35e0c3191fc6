import type { State, Txn } from './types';

/*
 * Read records no dependency cycle can ever need, dropped from the history (as PostgreSQL's SSI
 * releases the SIREAD locks of a committed transaction once no transaction overlaps it). A
 * transaction is "quiet" when no other transaction ran at any moment of its life. One that is quiet,
 * wrote nothing (no xid, no subtransaction xid) and read no version that another version had
 * replaced or locked at the time (so its reads show no G1a or G1b) can be on no cycle of the
 * dependency graph: every edge A -> B has B commit after A started, so from a transaction that
 * started after a quiet one ended no path leads back to one that committed before it started, and
 * every edge into a read-only transaction comes from such a writer. Its reads ('r' and 'p') only
 * add edges to and from it, so the checker finds the same anomalies and cycles without them. They
 * stay while it is among the transactions the view's graph draws (`VIEW_GRAPH_TXNS`), so the view
 * never changes; they go in batches after that.
 */

/** How many of the newest transactions the view's dependency graph covers. */
export const VIEW_GRAPH_TXNS = 48;

/** Quiet read-only transactions out of the view's reach dropped at once (each trim reads the history from the oldest one on). */
const TRIM_BATCH = 64;

/** A transaction begins: it is quiet if no other session has one open, and the open ones stop being quiet. */
export function noteBegin(state: State, txn: Txn, session: string): void {
  txn.quiet = true;
  txn.historyFrom = state.history.length;
  for (const name in state.sessions) {
    const other = state.sessions[name].txn;
    if (name === session || other === null) continue;
    txn.quiet = false;
    other.quiet = false;
  }
}

/** A transaction ended (committed or aborted): if quiet and read-only, its reads can go once the view no longer shows it. */
export function noteEnd(state: State, txn: Txn): void {
  if (!txn.quiet || txn.xid !== 0 || txn.subXids.length !== 0) return;
  state.droppable.push(txn.vxid, txn.historyFrom);
  trimReads(state);
}

/**
 * Drop the reads of the droppable transactions the view's graph no longer covers. With
 * TRIM_BATCH + VIEW_GRAPH_TXNS of them waiting, at least TRIM_BATCH are older than the graph's
 * newest transactions. Their records lie after the history's length when they began (nothing else
 * ran meanwhile), so only the history from the oldest of them on is read.
 */
function trimReads(state: State): void {
  const d = state.droppable;
  if (d.length < 2 * (TRIM_BATCH + VIEW_GRAPH_TXNS)) return;
  const txns = state.txns;
  const oldestShown = txns[txns.length - VIEW_GRAPH_TXNS].vxid;
  let n = 0;
  while (n < d.length && d[n] < oldestShown) n += 2;
  const h = state.history;
  let w = d[1];
  for (let i = d[1]; i < h.length; i++) {
    const op = h[i];
    if ((op.k === 'r' || op.k === 'p') && dropped(d, n, op.t)) continue;
    h[w++] = op;
  }
  const removed = h.length - w;
  h.length = w;
  // Those left began after the dropped ones ended: their records come after every dropped one.
  let r = 0;
  for (let i = n; i < d.length; i += 2) {
    d[r++] = d[i];
    d[r++] = d[i + 1] - removed;
  }
  d.length = r;
}

/** Whether `vxid` is among the first `n / 2` droppable transactions (their vxids ascend: a binary search). */
function dropped(d: readonly number[], n: number, vxid: number): boolean {
  let lo = 0;
  let hi = n / 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const v = d[2 * mid];
    if (v === vxid) return true;
    if (v < vxid) lo = mid + 1;
    else hi = mid;
  }
  return false;
}
