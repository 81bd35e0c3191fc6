/**
 * The simulation's event queue: a 4-ary min-heap ordered by (time, sequence number), kept
 * in typed arrays so it is plain, structured-cloneable data and allocates nothing per
 * event. Event records live in parallel arrays (time, order, kind, a, b) with a free list;
 * the heap is an array of record numbers with each one's (time, order) key beside it in heap
 * order, so sifting reads a few small contiguous arrays rather than records all over memory.
 * Equal times pop in the order they were pushed, which keeps runs deterministic.
 *
 * Beside the heap, a FIFO lane (`pushLate`) takes events that are never due before any
 * event already in the lane, such as timers that all run for the same fixed delay: they are
 * already in (time, sequence) order, so they wait in a ring at O(1) instead of filling the
 * heap (pg-pool's idle timers: one per release, nearly all of them stale by the time they
 * fire). `pop` takes the earlier of the two heads, so the order out is the same as if every
 * event had gone through the heap.
 */
export interface EventHeap extends Columns {
  /** Events waiting, in the heap and in the lane. */
  size: number;
  /** Records in the binary heap (the rest of `size` is in the lane). */
  heapSize: number;
  /** Next sequence number: ties on time break by push order. */
  seq: number;
  /** Record numbers in heap order, and their keys in the same order. */
  heap: Int32Array;
  heapTime: Float64Array;
  heapOrder: Float64Array;
  /** Free record numbers (a stack) and how many there are. */
  free: Int32Array;
  freeCount: number;
  /** The FIFO lane: a ring of events of its own (so the records and the heap stay small), its first slot and its length. */
  lane: Columns;
  laneHead: number;
  laneSize: number;
}

/** Events as parallel arrays: the heap's records and the lane's ring both hold them so. */
interface Columns {
  time: Float64Array;
  order: Float64Array;
  kind: Uint8Array;
  /** Two integer arguments per event (a request or connection slot, a generation...). */
  a: Int32Array;
  b: Int32Array;
}

function put(to: Columns, i: number, time: number, order: number, kind: number, a: number, b: number): void {
  to.time[i] = time;
  to.order[i] = order;
  to.kind[i] = kind;
  to.a[i] = a;
  to.b[i] = b;
}

function createLane(capacity: number): Columns {
  return {
    time: new Float64Array(capacity),
    order: new Float64Array(capacity),
    kind: new Uint8Array(capacity),
    a: new Int32Array(capacity),
    b: new Int32Array(capacity),
  };
}

export function createHeap(capacity = 64): EventHeap {
  const free = new Int32Array(capacity);
  for (let i = 0; i < capacity; i++) free[i] = capacity - 1 - i;
  return {
    size: 0,
    heapSize: 0,
    seq: 0,
    heap: new Int32Array(capacity),
    heapTime: new Float64Array(capacity),
    heapOrder: new Float64Array(capacity),
    free,
    freeCount: capacity,
    time: new Float64Array(capacity),
    order: new Float64Array(capacity),
    kind: new Uint8Array(capacity),
    a: new Int32Array(capacity),
    b: new Int32Array(capacity),
    lane: createLane(capacity),
    laneHead: 0,
    laneSize: 0,
  };
}

function grow(h: EventHeap): void {
  const old = h.time.length;
  const cap = old * 2;
  const widen = <T extends Float64Array | Int32Array | Uint8Array>(src: T, make: (n: number) => T): T => {
    const d = make(cap);
    d.set(src);
    return d;
  };
  h.heap = widen(h.heap, (n) => new Int32Array(n));
  h.heapTime = widen(h.heapTime, (n) => new Float64Array(n));
  h.heapOrder = widen(h.heapOrder, (n) => new Float64Array(n));
  h.time = widen(h.time, (n) => new Float64Array(n));
  h.order = widen(h.order, (n) => new Float64Array(n));
  h.kind = widen(h.kind, (n) => new Uint8Array(n));
  h.a = widen(h.a, (n) => new Int32Array(n));
  h.b = widen(h.b, (n) => new Int32Array(n));
  const free = new Int32Array(cap);
  // The new records, then the old ones still free (at most one) on top.
  for (let i = 0; i < cap - old; i++) free[i] = cap - 1 - i;
  for (let i = 0; i < h.freeCount; i++) free[cap - old + i] = h.free[i];
  h.free = free;
  h.freeCount += cap - old;
}

/** Twice the room in the lane's ring, unrolled from its head. */
function growLane(h: EventHeap): void {
  const old = h.lane;
  const n = old.time.length;
  const lane = createLane(n * 2);
  const head = h.laneHead;
  const unroll = <T extends Float64Array | Int32Array | Uint8Array>(to: T, from: T) => {
    to.set(from.subarray(head));
    to.set(from.subarray(0, head), n - head);
  };
  unroll(lane.time, old.time);
  unroll(lane.order, old.order);
  unroll(lane.kind, old.kind);
  unroll(lane.a, old.a);
  unroll(lane.b, old.b);
  h.lane = lane;
  h.laneHead = 0;
}

function record(h: EventHeap, time: number, kind: number, a: number, b: number): number {
  // One record always stays free, for pop to copy a lane event into without growing.
  if (h.freeCount <= 1) grow(h);
  const rec = h.free[--h.freeCount];
  put(h, rec, time, h.seq++, kind, a, b);
  h.size++;
  return rec;
}

/** Schedule an event of `kind` at `time` (µs). */
export function push(h: EventHeap, time: number, kind: number, a: number, b: number): void {
  siftUp(h, record(h, time, kind, a, b));
}

/**
 * Schedule an event that is due no earlier than any event already in the lane (a timer of
 * the same fixed delay as the others there, say): it queues at O(1). One due earlier goes
 * through the heap instead, so the order out never depends on the caller keeping the promise.
 */
export function pushLate(h: EventHeap, time: number, kind: number, a: number, b: number): void {
  let lane = h.lane;
  const n = h.laneSize;
  if (n > 0 && lane.time[(h.laneHead + n - 1) % lane.time.length] > time) return push(h, time, kind, a, b);
  if (n === lane.time.length) {
    growLane(h);
    lane = h.lane;
  }
  put(lane, (h.laneHead + n) % lane.time.length, time, h.seq++, kind, a, b);
  h.laneSize++;
  h.size++;
}

function siftUp(h: EventHeap, rec: number): void {
  const heap = h.heap;
  const times = h.heapTime;
  const orders = h.heapOrder;
  const time = h.time[rec];
  const order = h.order[rec];
  let i = h.heapSize++;
  while (i > 0) {
    const p = (i - 1) >> 2;
    const tp = times[p];
    if (tp < time || (tp === time && orders[p] < order)) break;
    heap[i] = heap[p];
    times[i] = tp;
    orders[i] = orders[p];
    i = p;
  }
  heap[i] = rec;
  times[i] = time;
  orders[i] = order;
}

/** Time of the earliest event, or Infinity when there is none. */
export function peekTime(h: EventHeap): number {
  const t = h.heapSize === 0 ? Infinity : h.heapTime[0];
  if (h.laneSize === 0) return t;
  const l = h.lane.time[h.laneHead];
  return l < t ? l : t;
}

/** The lane's first event comes out before the heap's: earlier, or as early and pushed first. */
function laneFirst(h: EventHeap): boolean {
  if (h.laneSize === 0) return false;
  if (h.heapSize === 0) return true;
  const tl = h.lane.time[h.laneHead];
  const tq = h.heapTime[0];
  return tl < tq || (tl === tq && h.lane.order[h.laneHead] < h.heapOrder[0]);
}

/**
 * Remove the earliest event and return its record number: read its fields (h.kind[rec],
 * h.a[rec], h.b[rec]) before the next push, which may reuse it.
 */
export function pop(h: EventHeap): number {
  h.size--;
  if (laneFirst(h)) {
    // Copied into a free record, which stays free: the next push may reuse it, as with any popped record.
    const rec = h.free[h.freeCount - 1];
    const lane = h.lane;
    const j = h.laneHead;
    put(h, rec, lane.time[j], lane.order[j], lane.kind[j], lane.a[j], lane.b[j]);
    if (++h.laneHead === lane.time.length) h.laneHead = 0;
    h.laneSize--;
    return rec;
  }
  const heap = h.heap;
  const times = h.heapTime;
  const orders = h.heapOrder;
  const top = heap[0];
  const n = --h.heapSize;
  const last = heap[n];
  const t = times[n];
  const o = orders[n];
  let i = 0;
  for (;;) {
    // Four children per node: half the levels of a binary heap, each in one run of the arrays.
    const first = 4 * i + 1;
    if (first >= n) break;
    let c = first;
    let tc = times[first];
    const end = first + 4 < n ? first + 4 : n;
    for (let k = first + 1; k < end; k++) {
      const tk = times[k];
      if (tk < tc || (tk === tc && orders[k] < orders[c])) {
        c = k;
        tc = tk;
      }
    }
    if (t < tc || (t === tc && o < orders[c])) break;
    heap[i] = heap[c];
    times[i] = tc;
    orders[i] = orders[c];
    i = c;
  }
  if (n > 0) {
    heap[i] = last;
    times[i] = t;
    orders[i] = o;
  }
  h.free[h.freeCount++] = top;
  return top;
}
