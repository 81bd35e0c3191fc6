import { VIEW_GRAPH_TXNS } from './history-trim';
import type { State } from './types';

/*
 * The checker's list of transactions, one record each, kept short on long runs: a committed
 * transaction that never had an xid (a lone implicit SELECT's, as a virtual xid is all PostgreSQL
 * gives it) is folded into the record before it when that one stands for transactions of the same
 * session and level that also ended that way, with the vxids just before. A folded record stands
 * for `run` transactions, vxid .. vxid + run - 1. Only records older than the newest
 * VIEW_GRAPH_TXNS are folded, so the view's graph, the history trim and the lookups of a running
 * transaction's record (always among the newest) see one record per transaction; everything that
 * reads the whole list reads it through `txnRecords`, which unfolds it.
 */

export type TxnRecord = State['txns'][number];

/** Whether this record can stand in a run: committed without an xid or subtransactions. */
const foldable = (t: TxnRecord): boolean => t.end === 'committed' && t.xid === 0 && t.subxids === undefined;

/** Records older than the newest VIEW_GRAPH_TXNS folded at once (a pass moves the newest ones down). */
const FOLD_BATCH = 64;

/**
 * How many records at the front of a list are folded as far as they go (the last may still grow):
 * beside the state, keyed by the list (a cloned state has its own and starts again from its front).
 */
const folded = new WeakMap<readonly TxnRecord[], number>();

/** Whether `t` continues the run (or the single record) `prev`. */
const continues = (prev: TxnRecord, t: TxnRecord): boolean =>
  foldable(t) && foldable(prev) && t.session === prev.session && t.iso === prev.iso && prev.vxid + (prev.run ?? 1) === t.vxid;

/** Fold the records that have left the newest VIEW_GRAPH_TXNS into runs, once FOLD_BATCH of them wait. */
export function foldOld(state: State): void {
  const txns = state.txns;
  const from = folded.get(txns) ?? 0;
  const end = txns.length - VIEW_GRAPH_TXNS;
  if (end - from < FOLD_BATCH) return;
  let w = from - 1;
  for (let i = from; i < end; i++) {
    const t = txns[i];
    const prev = w >= 0 ? txns[w] : undefined;
    if (prev && continues(prev, t)) prev.run = (prev.run ?? 1) + 1;
    else txns[++w] = t;
  }
  for (let i = end; i < txns.length; i++) txns[++w] = txns[i];
  txns.length = w + 1;
  folded.set(txns, txns.length - VIEW_GRAPH_TXNS);
}

/** Every transaction's record, in order: a run unfolded into the records it stands for. */
export function txnRecords(state: State): readonly TxnRecord[] {
  const txns = state.txns;
  // Runs lie only before the newest VIEW_GRAPH_TXNS records.
  let folded = false;
  for (let i = 0; i < txns.length - VIEW_GRAPH_TXNS && !folded; i++) folded = txns[i].run !== undefined;
  if (!folded) return txns;
  const out: TxnRecord[] = [];
  for (const t of txns) {
    if (t.run === undefined) out.push(t);
    else for (let k = 0; k < t.run; k++) out.push({ vxid: t.vxid + k, xid: 0, session: t.session, iso: t.iso, end: 'committed' });
  }
  return out;
}

/** How many transactions the records stand for that ended so, not counting `except`'s (the control connection). */
export function countEnded(state: State, end: TxnRecord['end'], except: string): number {
  let n = 0;
  for (const t of state.txns) if (t.end === end && t.session !== except) n += t.run ?? 1;
  return n;
}
