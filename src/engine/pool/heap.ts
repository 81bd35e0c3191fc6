/**
 * The simulation's event queue: a binary min-heap ordered by (time, sequence number), kept
 * in typed arrays so it is plain, structured-cloneable data and allocates nothing per
 * event. Event records live in parallel arrays (time, order, kind, a, b) with a free list;
 * the heap itself is an array of record numbers, so sifting moves one integer per level.
 * Equal times pop in the order they were pushed, which keeps runs deterministic.
 */
export interface EventHeap {
  size: number;
  /** Next sequence number: ties on time break by push order. */
  seq: number;
  /** Record numbers in heap order. */
  heap: Int32Array;
  /** Free record numbers (a stack) and how many there are. */
  free: Int32Array;
  freeCount: number;
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
  h.time = widen(h.time, (n) => new Float64Array(n));
  h.order = widen(h.order, (n) => new Float64Array(n));
  h.kind = widen(h.kind, (n) => new Uint8Array(n));
  h.a = widen(h.a, (n) => new Int32Array(n));
  h.b = widen(h.b, (n) => new Int32Array(n));
  const free = new Int32Array(cap);
  // Every old record is in use (that is why it grows): the free ones are the new ones.
  for (let i = 0; i < cap - old; i++) free[i] = cap - 1 - i;
  h.free = free;
  h.freeCount = cap - old;
}

/** Schedule an event of `kind` at `time` (µs). */
export function push(h: EventHeap, time: number, kind: number, a: number, b: number): void {
  if (h.freeCount === 0) grow(h);
  const rec = h.free[--h.freeCount];
  const order = h.seq++;
  h.time[rec] = time;
  h.order[rec] = order;
  h.kind[rec] = kind;
  h.a[rec] = a;
  h.b[rec] = b;
  const heap = h.heap;
  const times = h.time;
  const orders = h.order;
  let i = h.size++;
  while (i > 0) {
    const p = (i - 1) >> 1;
    const q = heap[p];
    if (times[q] < time || (times[q] === time && orders[q] < order)) break;
    heap[i] = q;
    i = p;
  }
  heap[i] = rec;
}

/** Time of the earliest event, or Infinity when there is none. */
export const peekTime = (h: EventHeap): number => (h.size === 0 ? Infinity : h.time[h.heap[0]]);

/**
 * Remove the earliest event and return its record number: read its fields (h.kind[rec],
 * h.a[rec], h.b[rec]) before the next push, which may reuse it.
 */
export function pop(h: EventHeap): number {
  const heap = h.heap;
  const top = heap[0];
  const last = heap[--h.size];
  const n = h.size;
  const times = h.time;
  const orders = h.order;
  const t = times[last];
  const o = orders[last];
  let i = 0;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= n) break;
    let q = heap[c];
    let tq = times[q];
    const r = c + 1;
    if (r < n) {
      const qr = heap[r];
      const tr = times[qr];
      if (tr < tq || (tr === tq && orders[qr] < orders[q])) {
        c = r;
        q = qr;
        tq = tr;
      }
    }
    if (t < tq || (t === tq && o < orders[q])) break;
    heap[i] = q;
    i = c;
  }
  if (n > 0) heap[i] = last;
  h.free[h.freeCount++] = top;
  return top;
}
