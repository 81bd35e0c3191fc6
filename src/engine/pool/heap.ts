/**
 * The simulation's event queue: a binary min-heap ordered by (time, sequence number), kept
 * in typed arrays so it is plain, structured-cloneable data and allocates nothing per
 * event. Equal times pop in the order they were pushed, which keeps runs deterministic.
 */
export interface EventHeap {
  size: number;
  /** Next sequence number: ties on time break by push order. */
  seq: number;
  time: Float64Array;
  order: Float64Array;
  kind: Uint8Array;
  /** Two integer arguments per event (a request or connection slot, a generation...). */
  a: Int32Array;
  b: Int32Array;
}

export function createHeap(capacity = 64): EventHeap {
  return {
    size: 0,
    seq: 0,
    time: new Float64Array(capacity),
    order: new Float64Array(capacity),
    kind: new Uint8Array(capacity),
    a: new Int32Array(capacity),
    b: new Int32Array(capacity),
  };
}

function grow(h: EventHeap): void {
  const cap = h.time.length * 2;
  const t = new Float64Array(cap);
  t.set(h.time);
  const o = new Float64Array(cap);
  o.set(h.order);
  const k = new Uint8Array(cap);
  k.set(h.kind);
  const a = new Int32Array(cap);
  a.set(h.a);
  const b = new Int32Array(cap);
  b.set(h.b);
  h.time = t;
  h.order = o;
  h.kind = k;
  h.a = a;
  h.b = b;
}

const less = (h: EventHeap, i: number, j: number) => h.time[i] < h.time[j] || (h.time[i] === h.time[j] && h.order[i] < h.order[j]);

function swap(h: EventHeap, i: number, j: number): void {
  let f = h.time[i];
  h.time[i] = h.time[j];
  h.time[j] = f;
  f = h.order[i];
  h.order[i] = h.order[j];
  h.order[j] = f;
  let n = h.kind[i];
  h.kind[i] = h.kind[j];
  h.kind[j] = n;
  n = h.a[i];
  h.a[i] = h.a[j];
  h.a[j] = n;
  n = h.b[i];
  h.b[i] = h.b[j];
  h.b[j] = n;
}

/** Schedule an event of `kind` at `time` (µs). */
export function push(h: EventHeap, time: number, kind: number, a: number, b: number): void {
  if (h.size === h.time.length) grow(h);
  let i = h.size++;
  h.time[i] = time;
  h.order[i] = h.seq++;
  h.kind[i] = kind;
  h.a[i] = a;
  h.b[i] = b;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!less(h, i, p)) break;
    swap(h, i, p);
    i = p;
  }
}

/** Time of the earliest event, or Infinity when there is none. */
export const peekTime = (h: EventHeap): number => (h.size === 0 ? Infinity : h.time[0]);

/**
 * Remove the earliest event; its fields are left at index `h.size` (just past the heap),
 * where the caller reads them before the next push.
 */
export function pop(h: EventHeap): void {
  const last = --h.size;
  swap(h, 0, last);
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= last) break;
    const r = l + 1;
    const m = r < last && less(h, r, l) ? r : l;
    if (!less(h, m, i)) break;
    swap(h, i, m);
    i = m;
  }
}
