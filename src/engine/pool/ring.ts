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

/**
 * Events a bucket holds at most. A push into a full bucket goes to the heap instead, so a burst
 * of events at one instant (a scenario may ask for hundreds of thousands) costs the heap's
 * O(log n) each rather than a walk of the whole bucket. The pop order does not change: a pop
 * takes the earlier of the calendar's first and the heap's first.
 */
export const BUCKET_CAP = 32;

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

/**
 * Put record `rec` (its time and order set) in its bucket, after the events before it; false,
 * and nothing changed, when the bucket is full (the caller puts it in the heap).
 */
export function ringInsert(h: EventHeap, rec: number): boolean {
  const time = h.time[rec];
  const order = h.order[rec];
  const times = h.time;
  const orders = h.order;
  const next = h.next;
  const b = bucketOf(time) & (h.ringHead.length - 1);
  if (h.ringLen[b] >= BUCKET_CAP) return false;
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
  h.ringLen[b]++;
  h.ringCount++;
  return true;
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
  const b = h.cursor & (h.ringHead.length - 1);
  h.ringHead[b] = h.next[rec];
  h.ringLen[b]--;
  h.ringCount--;
}

/**
 * Twice the buckets (the queue grew): the calendar spans twice as long, its events sorted in
 * again. Buckets keep their width, so each old bucket's events land in one new bucket, which
 * they cannot overfill.
 */
export function widen(h: EventHeap): void {
  const old = h.ringHead;
  if (old.length >= MAX_BUCKETS) return;
  h.ringHead = emptyBuckets(old.length * 2);
  h.ringLen = new Uint8Array(old.length * 2);
  h.ringCount = 0;
  for (let b = 0; b < old.length; b++) {
    for (let rec = old[b]; rec >= 0;) {
      const after = h.next[rec];
      ringInsert(h, rec);
      rec = after;
    }
  }
}
