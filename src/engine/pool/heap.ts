/**
 * The simulation's event queue, ordered by (time, sequence number), kept in typed arrays so it
 * is plain, structured-cloneable data and allocates nothing per event. Event records live in
 * parallel arrays (time, order, kind, a, b) with a free list. An event due within about a
 * second goes in a calendar of short buckets (ring.ts); any other in a 4-ary min-heap, an
 * array of record numbers with each one's (time, order) key beside it in heap order, so
 * sifting reads a few small contiguous arrays rather than records all over memory. A pop takes
 * the earlier of the two firsts. Equal times pop in the order they were pushed, which keeps
 * runs deterministic.
 *
 * A caller may take a sequence number when something becomes due and push the event later
 * with it (`reserve`, `pushReserved`): the event then comes out exactly where it would have if
 * it had been pushed at once (pg-pool's idle timers, one in the heap for the whole idle list).
 */
import { emptyBuckets, inSpan, MAX_BUCKETS, ringFirst, ringInsert, ringShift, widen } from './ring';

export interface EventHeap {
  /** Events in the queue (the heap's and the calendar's). */
  size: number;
  /** Records in the heap. */
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
  /** The records, as parallel arrays. */
  time: Float64Array;
  order: Float64Array;
  kind: Uint8Array;
  /** Two integer arguments per event (a request or connection slot, a generation...). */
  a: Int32Array;
  b: Int32Array;
  /** The calendar (ring.ts): each bucket's first record and its count, each record's next in its bucket. */
  ringHead: Int32Array;
  ringLen: Uint8Array;
  next: Int32Array;
  /** Records in the calendar, and the bucket number from which it spans `ringHead.length` buckets. */
  ringCount: number;
  cursor: number;
  /** Time of the last event taken out. */
  last: number;
}

export function createHeap(capacity = 64): EventHeap {
  const buckets = Math.min(MAX_BUCKETS, 1 << Math.ceil(Math.log2(Math.max(2, capacity))));
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
    ringHead: emptyBuckets(buckets),
    ringLen: new Uint8Array(buckets),
    next: new Int32Array(capacity),
    ringCount: 0,
    cursor: 0,
    last: 0,
  };
}

function grow(h: EventHeap): void {
  const old = h.time.length;
  const cap = old * 2;
  const copy = <T extends Float64Array | Int32Array | Uint8Array>(src: T, make: (n: number) => T): T => {
    const d = make(cap);
    d.set(src);
    return d;
  };
  h.heap = copy(h.heap, (n) => new Int32Array(n));
  h.heapTime = copy(h.heapTime, (n) => new Float64Array(n));
  h.heapOrder = copy(h.heapOrder, (n) => new Float64Array(n));
  h.time = copy(h.time, (n) => new Float64Array(n));
  h.order = copy(h.order, (n) => new Float64Array(n));
  h.kind = copy(h.kind, (n) => new Uint8Array(n));
  h.a = copy(h.a, (n) => new Int32Array(n));
  h.b = copy(h.b, (n) => new Int32Array(n));
  h.next = copy(h.next, (n) => new Int32Array(n));
  // It grows when no record is free: the new ones are.
  const free = new Int32Array(cap);
  for (let i = 0; i < cap - old; i++) free[i] = cap - 1 - i;
  h.free = free;
  h.freeCount = cap - old;
  widen(h);
}

/** Schedule an event of `kind` at `time` (µs). */
export function push(h: EventHeap, time: number, kind: number, a: number, b: number): void {
  pushReserved(h, time, h.seq++, kind, a, b);
}

/** Take the next sequence number now, for an event pushed later with `pushReserved`. */
export function reserve(h: EventHeap): number {
  return h.seq++;
}

/**
 * Schedule an event with a sequence number taken earlier (`reserve`): among events of the same
 * time it comes out where an event pushed when the number was taken would. Its time must not
 * be earlier than that of the last event popped, nor both equal and its number lower.
 */
export function pushReserved(h: EventHeap, time: number, order: number, kind: number, a: number, b: number): void {
  if (h.freeCount === 0) grow(h);
  const rec = h.free[--h.freeCount];
  h.time[rec] = time;
  h.order[rec] = order;
  h.kind[rec] = kind;
  h.a[rec] = a;
  h.b[rec] = b;
  h.size++;
  if (!(inSpan(h, time) && ringInsert(h, rec))) rise(h, h.heapSize++, rec, time, order);
}

/** Put record `rec` with key (time, order) at slot `i` of the heap, or above it where its key belongs. */
function rise(h: EventHeap, i: number, rec: number, time: number, order: number): void {
  const heap = h.heap;
  const times = h.heapTime;
  const orders = h.heapOrder;
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
  const first = ringFirst(h);
  const t = first < 0 ? Infinity : h.time[first];
  return h.heapSize > 0 && h.heapTime[0] < t ? h.heapTime[0] : t;
}

/**
 * Remove the earliest event and return its record number: read its fields (h.kind[rec],
 * h.a[rec], h.b[rec]) before the next push, which may reuse it.
 */
export function pop(h: EventHeap): number {
  const first = ringFirst(h);
  let rec: number;
  if (first >= 0 && (h.heapSize === 0 || before(h.time[first], h.order[first], h.heapTime[0], h.heapOrder[0]))) {
    ringShift(h, first);
    rec = first;
  } else rec = heapPop(h);
  h.size--;
  h.last = h.time[rec];
  h.free[h.freeCount++] = rec;
  return rec;
}

const before = (t1: number, o1: number, t2: number, o2: number): boolean => t1 < t2 || (t1 === t2 && o1 < o2);

/** Take the heap's earliest record out. */
function heapPop(h: EventHeap): number {
  const heap = h.heap;
  const times = h.heapTime;
  const orders = h.heapOrder;
  const top = heap[0];
  const n = --h.heapSize;
  if (n === 0) return top;
  // Bottom-up: the hole at the root sinks to a leaf along the earliest children, then the last
  // event rises into it from there. The last event belongs near the leaves, so this skips most
  // of the comparisons with it that sinking it from the root would make.
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
    heap[i] = heap[c];
    times[i] = tc;
    orders[i] = orders[c];
    i = c;
  }
  rise(h, i, heap[n], times[n], orders[n]);
  return top;
}
