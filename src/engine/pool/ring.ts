/**
 * The near part of the event queue (heap.ts): a calendar of buckets of BUCKET_US µs each, over
 * the `ringHead.length` buckets from `cursor` on, every bucket a list of records sorted by
 * (time, sequence number). The closed loop's next arrivals (thousands, each a think time ahead)
 * and the queries' ends land here: a push walks the few events of its bucket, a pop takes the
 * head of the first bucket that has one. Events outside the calendar's span wait in the heap;
 * the queue takes whichever of the two comes first.
 */
import type { EventHeap } from './heap';

/** Width of a bucket in µs: a power of two, so a bucket number is exact. */
const BUCKET_US = 64;
const PER_US = 1 / BUCKET_US;
/** Buckets at most: the calendar then spans about a second of simulated time. */
export const MAX_BUCKETS = 16_384;

/** Bucket number of a time. */
const bucketOf = (time: number): number => Math.floor(time * PER_US);

/** An empty calendar of `n` buckets (a power of two). */
export const emptyBuckets = (n: number): Int32Array => new Int32Array(n).fill(-1);

/** Whether an event at `time` belongs in the calendar (else in the heap). */
export function inSpan(h: EventHeap, time: number): boolean {
  // No event ahead in the calendar: it starts again at the last event taken out.
  if (h.ringCount === 0) h.cursor = bucketOf(h.last);
  const b = bucketOf(time) - h.cursor;
  return b >= 0 && b < h.ringHead.length;
}

/** Put record `rec` (its time and order set) in its bucket, after the events before it. */
export function ringInsert(h: EventHeap, rec: number): void {
  const time = h.time[rec];
  const order = h.order[rec];
  const times = h.time;
  const orders = h.order;
  const next = h.next;
  const b = bucketOf(time) & (h.ringHead.length - 1);
  let prev = -1;
  let at = h.ringHead[b];
  while (at >= 0) {
    const ta = times[at];
    if (ta > time || (ta === time && orders[at] > order)) break;
    prev = at;
    at = next[at];
  }
  next[rec] = at;
  if (prev < 0) h.ringHead[b] = rec;
  else next[prev] = rec;
  h.ringCount++;
}

/** The calendar's earliest record (the cursor moves to its bucket), or -1 when it is empty. */
export function ringFirst(h: EventHeap): number {
  if (h.ringCount === 0) return -1;
  const head = h.ringHead;
  const mask = head.length - 1;
  let c = h.cursor;
  while (head[c & mask] < 0) c++;
  h.cursor = c;
  return head[c & mask];
}

/** Take out the calendar's earliest record, found by `ringFirst` just before. */
export function ringShift(h: EventHeap, rec: number): void {
  h.ringHead[h.cursor & (h.ringHead.length - 1)] = h.next[rec];
  h.ringCount--;
}

/** Twice the buckets (the queue grew): the calendar spans twice as long, its events sorted in again. */
export function widen(h: EventHeap): void {
  const old = h.ringHead;
  if (old.length >= MAX_BUCKETS) return;
  h.ringHead = emptyBuckets(old.length * 2);
  h.ringCount = 0;
  for (let b = 0; b < old.length; b++) {
    for (let rec = old[b]; rec >= 0;) {
      const after = h.next[rec];
      ringInsert(h, rec);
      rec = after;
    }
  }
}
