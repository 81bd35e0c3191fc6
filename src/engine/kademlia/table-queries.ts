/**
 * Questions a routing table answers: how many contacts a node has, whether it knows a
 * node, and its `n` contacts closest to a target (the FIND_NODE answer). The store itself
 * is table.ts.
 */
import { bucketIndex, compareDistance } from './id';
import * as table from './table';
import { OWN, type Table } from './table';

// Bound once: some module loaders (tsx, vitest) turn each call of an imported function into a getter call.
const cmp = compareDistance;
const msb = bucketIndex;
const { keyOf, own, slabOf, slotOf } = table;

/** Scratch for `closest` (always emptied before use, so it carries nothing between calls). */
const aboveScratch: number[] = [];

/** Number of contacts `node` knows. */
export function contactCount(t: Table, node: number): number {
  own(t, node);
  let n = 0;
  for (let s = t.head[node]; s >= 0; s = t.next[s]) n += t.count[s];
  return n;
}

/** Whether `node` has `contact` in its routing table. */
export function knows(t: Table, ids: Uint32Array, words: number, node: number, contact: number): boolean {
  const i = msb(ids, words, node, ids, contact * words);
  if (i < 0) return false;
  const s = slabOf(t, node, keyOf(t, node, i));
  return s >= 0 && slotOf(t, s, contact) >= 0;
}

/**
 * The `n` contacts of `node` closest to `target` by XOR, closest first, written to `out`
 * (`exclude` is left out: a node does not return the requester to itself).
 *
 * With i the bucket index of the target, every contact of bucket i is closer to it than
 * any other contact, those of buckets below i come next (their distances share top bit
 * i), then bucket i+1, i+2...: so bucket i is read first, then the lower ones, then the
 * higher ones upward, and reading stops as soon as the answer is full and the next bucket
 * cannot improve it.
 */
export function closest(
  t: Table,
  ids: Uint32Array,
  words: number,
  node: number,
  target: Uint32Array,
  to: number,
  n: number,
  exclude: number,
  out: number[],
): number[] {
  out.length = 0;
  own(t, node);
  const i = msb(ids, words, node, target, to);
  const first = slabOf(t, node, keyOf(t, node, i));
  if (first >= 0) {
    take(t, ids, words, first, target, to, n, exclude, out);
    if (out.length === n && t.key[first] !== OWN) return out;
  }
  // The list runs from the highest key down: set aside the keys above i, read the rest,
  // then read the set-aside ones from the nearest up.
  const above = aboveScratch;
  above.length = 0;
  let s = t.head[node];
  for (; s >= 0 && t.key[s] > i; s = t.next[s]) above.push(s);
  for (; s >= 0; s = t.next[s]) if (s !== first) take(t, ids, words, s, target, to, n, exclude, out);
  for (let a = above.length - 1; a >= 0; a--) {
    const slab = above[a];
    if (slab === first) continue;
    if (out.length === n && t.key[slab] > msb(ids, words, out[n - 1], target, to)) break;
    take(t, ids, words, slab, target, to, n, exclude, out);
  }
  return out;
}

/** Merge slab `s`'s contacts into the sorted answer `out` (at most `n`). */
function take(
  t: Table,
  ids: Uint32Array,
  words: number,
  s: number,
  target: Uint32Array,
  to: number,
  n: number,
  exclude: number,
  out: number[],
): void {
  const base = s * t.k;
  for (let j = 0; j < t.count[s]; j++) {
    const c = t.contact[base + j];
    if (c === exclude) continue;
    let len = out.length;
    if (len === n) {
      if (cmp(ids, words, c, out[n - 1], target, to) >= 0) continue;
      len = n - 1;
    }
    let lo = 0;
    let hi = len;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cmp(ids, words, out[mid], c, target, to) < 0) lo = mid + 1;
      else hi = mid;
    }
    for (let p = len; p > lo; p--) out[p] = out[p - 1];
    out[lo] = c;
  }
}
