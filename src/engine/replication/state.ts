import { recPtrToBytePos } from '../wal/lsn';
import { copyHeap, newHeap } from './heap';
import type { Node, RowVersion, State, Txn, Value } from './types';

/** Where the lab's WAL starts: 0/3000028, the first record of segment 3 after initdb's and the base backup's WAL. */
export const START_LSN = 0x3000028;
/** max_standby_streaming_delay's default: 30 s. */
export const MAX_STANDBY_STREAMING_DELAY = 30_000;

/** A node restored from the base backup, at the lab's first WAL position. */
export function newNode(name: string, role: Node['role'], base: Record<string, Value>, upstream: string | null): Node {
  const rows: Record<string, RowVersion> = {};
  for (const [k, value] of Object.entries(base)) rows[k] = { value, tx: 'base backup', lsn: 0 };
  return {
    name,
    role,
    up: true,
    tli: 1,
    history: [],
    wal: [],
    bytePos: recPtrToBytePos(START_LSN),
    writeLsn: START_LSN,
    flushLsn: START_LSN,
    replayLsn: START_LSN,
    replayIdx: 0,
    rows,
    upstream,
    replayPaused: false,
    applyDelay: 0,
    refused: null,
    walWriterAt: null,
    heap: newHeap(),
    feedback: false,
    sentXmin: null,
    maxStandbyDelay: MAX_STANDBY_STREAMING_DELAY,
    receiptTime: 0,
    slot: null,
  };
}

/** A snapshot copy: WAL records, rows and messages are replaced, never mutated, so shallow copies of their holders suffice. */
export function clone(state: State): State {
  const nodesCopy: Record<string, Node> = {};
  for (const name of state.order) {
    const n = state.nodes[name];
    nodesCopy[name] = { ...n, wal: n.wal.slice(), rows: { ...n.rows }, history: n.history.slice(), heap: copyHeap(n.heap) };
  }
  const txns = state.txns.copy();
  const copy: State = {
    ...state,
    work: { ...state.work },
    nodes: nodesCopy,
    order: state.order.slice(),
    links: state.links.map((l) => ({ ...l })),
    senders: state.senders.map((s) => ({ ...s })),
    inflight: state.inflight.slice(),
    txns,
    synchronous_standby_names: state.synchronous_standby_names.slice(),
    reads: state.reads.slice(),
    lost: state.lost.slice(),
    recent: state.recent.slice(),
    keys: state.keys.slice(),
    flushTimes: state.flushTimes.slice(),
    queries: state.queries.map((q) => ({ ...q })),
    slots: state.slots.map((x) => ({ ...x })),
    vacuums: state.vacuums.slice(),
    live: [],
  };
  // The live transactions are the copy's own objects.
  copy.live = state.live.map((t) => txnOf(copy, t.name));
  return copy;
}

/** The transaction named `name`, if any: a live one (active or waiting) found without the map's hashing. */
export function findTxn(state: State, name: string): Txn | undefined {
  for (const t of state.live) if (t.name === name) return t;
  return state.txns.get(name);
}

/** The transaction named `name`, which exists: a name from `live`, `recent` or `lost`. */
export function txnOf(state: State, name: string): Txn {
  const t = state.txns.get(name);
  if (!t) throw new Error(`No transaction ${name} in the state.`);
  return t;
}

/** Whether a name is an array index (ECMAScript: the canonical string of an integer below 2^32 - 1). */
const isArrayIndex = (k: string): boolean => {
  const i = Number(k) >>> 0;
  return String(i) === k && i !== 0xffffffff;
};

/**
 * Every transaction in a plain object's key order (OrdinaryOwnPropertyKeys): names that are array
 * indices first, ascending, then the others in the order they began. Crashes, promotions and
 * outcome checks list transactions in this order.
 */
export function txnsInOrder(state: State): Txn[] {
  const indexed: Txn[] = [];
  const named: Txn[] = [];
  for (const t of state.txns.values()) (isArrayIndex(t.name) ? indexed : named).push(t);
  if (indexed.length === 0) return named;
  indexed.sort((a, b) => Number(a.name) - Number(b.name));
  return [...indexed, ...named];
}
