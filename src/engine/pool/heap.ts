/**
 * The simulation's event queue: a 4-ary min-heap ordered by (time, sequence number), kept
 * in typed arrays so it is plain, structured-cloneable data and allocates nothing per
 * event. Event records live in parallel arrays (time, order, kind, a, b) with a free list;
 * the heap is an array of record numbers with each one's (time, order) key beside it in heap
 * order, so sifting reads a few small contiguous arrays rather than records all over memory.
 * Equal times pop in the order they were pushed, which keeps runs deterministic.
 *
 * A caller may take a sequence number when something becomes due and push the event later
 * with it (`reserve`, `pushReserved`): the event then comes out exactly where it would have if
 * it had been pushed at once (pg-pool's idle timers, one in the heap for the whole idle list).
 */
export interface EventHeap {
  /** Records in the heap. */
  size: number;
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
}

export function createHeap(capacity = 64): EventHeap {
  const free = new Int32Array(capacity);
  for (let i = 0; i < capacity; i++) free[i] = capacity - 1 - i;
  return {
    size: 0,
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
  // It grows when no record is free: the new ones are.
  const free = new Int32Array(cap);
  for (let i = 0; i < cap - old; i++) free[i] = cap - 1 - i;
  h.free = free;
  h.freeCount = cap - old;
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
  siftUp(h, rec);
}

function siftUp(h: EventHeap, rec: number): void {
  rise(h, h.size++, rec, h.time[rec], h.order[rec]);
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
  return h.size === 0 ? Infinity : h.heapTime[0];
}

/**
 * Remove the earliest event and return its record number: read its fields (h.kind[rec],
 * h.a[rec], h.b[rec]) before the next push, which may reuse it.
 */
export function pop(h: EventHeap): number {
  const heap = h.heap;
  const times = h.heapTime;
  const orders = h.heapOrder;
  const top = heap[0];
  const n = --h.size;
  h.free[h.freeCount++] = top;
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
