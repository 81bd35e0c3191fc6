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
  const txns: Record<string, Txn> = {};
  for (const [k, t] of Object.entries(state.txns)) txns[k] = { ...t };
  return {
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
    live: state.live.slice(),
    recent: state.recent.slice(),
    keys: state.keys.slice(),
    flushTimes: state.flushTimes.slice(),
    queries: state.queries.map((q) => ({ ...q })),
    slots: state.slots.map((x) => ({ ...x })),
    vacuums: state.vacuums.slice(),
  };
}
