/**
 * Settled routing tables derived on demand, so a million nodes fit in a tab.
 *
 * A settled ("converged") table is a function of the sorted ID space and the build's random
 * stream: node x's bucket at depth d holds the IDs that share exactly d prefix bits with x
 * (one contiguous range of the sorted IDs), all of them when they fit in k, else k drawn at
 * random from the range. The stored fill (build.ts, `fillConverged`) draws those for every
 * node in index order from one stream. Here the build runs the same walk and the same draws
 * without writing a contact, keeping only the stream's 4 state words as each node's turn
 * began (16 bytes a node instead of ~3.7 KB); table.ts derives a node's buckets from them
 * the first time anything reads or changes its table, and from then on the node's table is
 * stored like any other. Same draws, same order: the derived tables equal the stored ones
 * (settled.test.ts compares lookups, buckets and events over many seeds).
 */
import { Sfc32, type Stream } from './rand';
import { drawPlan, type Plan } from './settle-plan';

/** Key of the tree-mode bucket that covers the node's own ID (table.ts's OWN). */
const OWN = -1;

/** What a settled network's tables derive from. Never mutated after the build, so clones share it. */
export interface Settled {
  /** Nodes at the build; later nodes (joins) start with stored, empty tables. */
  readonly n: number;
  readonly words: number;
  readonly width: number;
  readonly k: number;
  readonly tree: boolean;
  /** The IDs in ascending order, `words` each. */
  readonly sorted: Uint32Array;
  /** order[p]: the node at sorted position p. */
  readonly order: Int32Array;
  /** pos[x]: the sorted position of node x. */
  readonly pos: Int32Array;
  /** The build stream's 4 state words as node x's draws began, at 4x. */
  readonly streams: Int32Array;
}

/** Where `walk` writes one node's buckets: keys in the stored fill's order, each bucket's end in `contacts`. */
export interface Buckets {
  keys: number[];
  ends: number[];
  contacts: number[];
}

/** Bit `d` (0 = most significant) of the ID at `ids[x * words]`, `width` bits wide. */
function bitAt(ids: Uint32Array, words: number, width: number, x: number, d: number): number {
  const pos = width < 32 ? 32 - width + d : d;
  return (ids[x * words + (pos >>> 5)] >>> (31 - (pos & 31))) & 1;
}

/** The node indexes 0..n-1 sorted by ID (IDs are unique, so any correct sort gives this order). */
function sortById(ids: Uint32Array, words: number, n: number): Int32Array {
  // The first word and the index in one exact double (32 + 21 bits), sorted natively.
  const keys = new Float64Array(n);
  for (let x = 0; x < n; x++) keys[x] = ids[x * words] * 2097152 + x;
  keys.sort();
  const order = new Int32Array(n);
  for (let p = 0; p < n; p++) order[p] = keys[p] % 2097152;
  if (words === 1) return order;
  // Runs that share the first word: sort them by the remaining words.
  for (let p = 0; p < n;) {
    let q = p + 1;
    while (q < n && ids[order[q] * words] === ids[order[p] * words]) q++;
    if (q - p > 1) {
      const run = Array.from(order.subarray(p, q)).sort((a, b) => {
        for (let w = 1; w < words; w++) {
          const d = ids[a * words + w] - ids[b * words + w];
          if (d !== 0) return d;
        }
        return 0;
      });
      order.set(run, p);
    }
    p = q;
  }
  return order;
}

// The draws of one bucket must be distinct positions: a 128-slot open-addressing set
// (k <= 64, so at most half full), stamped per bucket so it never needs clearing.
const setKey = new Int32Array(128);
const setStamp = new Int32Array(128);
let stamp = 0;

/** Add position p to the current bucket's set; false when it is already in. */
function fresh(p: number): boolean {
  let h = p & 127;
  while (setStamp[h] === stamp) {
    if (setKey[h] === p) return false;
    h = (h + 1) & 127;
  }
  setStamp[h] = stamp;
  setKey[h] = p;
  return true;
}

/**
 * Node x's settled buckets, exactly as the stored fill makes them: the same walk down the
 * sorted IDs and the same draws from `rng`, which it advances. Writes the tree depth to `depth[x]` and, when `out` is given, the buckets
 * (else it only draws, to move the stream past x).
 */
function walk(s: Settled, x: number, rng: Sfc32, depth: Uint8Array, out: Buckets | null): void {
  const { sorted, order, words, width, k, tree } = s;
  const me = s.pos[x];
  if (out) {
    out.keys.length = 0;
    out.ends.length = 0;
    out.contacts.length = 0;
  }
  let lo = 0;
  let hi = s.n;
  for (let d = 0; d < width && hi - lo > 1; d++) {
    if (tree && hi - lo - 1 <= k) {
      depth[x] = d;
      if (out) {
        out.keys.push(OWN);
        for (let p = lo; p < hi; p++) if (p !== me) out.contacts.push(order[p]);
        out.ends.push(out.contacts.length);
      }
      break;
    }
    // First position in [lo, hi) whose bit d is 1 (the IDs there share bits 0..d-1).
    let a = lo;
    let b = hi;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (bitAt(sorted, words, width, mid, d) === 0) a = mid + 1;
      else b = mid;
    }
    const mine = me >= a ? 1 : 0;
    const from = mine === 0 ? a : lo;
    const to = mine === 0 ? hi : a;
    if (mine === 0) hi = a;
    else lo = a;
    if (tree) depth[x] = d + 1;
    const size = to - from;
    if (size === 0) continue;
    if (size <= k) {
      if (out) {
        out.keys.push(width - 1 - d);
        for (let p = from; p < to; p++) out.contacts.push(order[p]);
        out.ends.push(out.contacts.length);
      }
      continue;
    }
    stamp = (stamp + 1) | 0;
    if (out) out.keys.push(width - 1 - d);
    for (let drawn = 0; drawn < k;) {
      const p = from + rng.int(size);
      if (!fresh(p)) continue;
      if (out) out.contacts.push(order[p]);
      drawn++;
    }
    if (out) out.ends.push(out.contacts.length);
  }
}

/**
 * The build's settled tables, derived rather than stored: sorts the IDs, runs every node's
 * draws from `rnd` (leaving it exactly where the stored fill would) and keeps each node's
 * starting stream state. Writes tree depths to `depth`.
 */
export function settle(
  ids: Uint32Array,
  words: number,
  width: number,
  k: number,
  tree: boolean,
  n: number,
  rnd: Stream,
  depth: Uint8Array,
): Settled {
  const order = sortById(ids, words, n);
  const pos = new Int32Array(n);
  const sorted = new Uint32Array(n * words);
  for (let p = 0; p < n; p++) {
    const x = order[p];
    pos[x] = p;
    for (let w = 0; w < words; w++) sorted[p * words + w] = ids[x * words + w];
  }
  const streams = new Int32Array(4 * n);
  const s: Settled = { n, words, width, k, tree, sorted, order, pos, streams };
  const words4 = new Int32Array(4);
  const live = new Sfc32();
  rnd.save(words4, 0);
  live.load(words4, 0);
  if (tree) {
    for (let x = 0; x < n; x++) {
      live.save(streams, 4 * x);
      walk(s, x, live, depth, null);
    }
  } else drawAll(s, drawPlan(sorted, words, width, n, k), live);
  live.save(words4, 0);
  rnd.load(words4, 0);
  return s;
}

/**
 * `walk` without the walk, for per-bit tables: every node's draws, in index order, from the
 * sizes the plan found; saves each node's starting state on the way.
 */
function drawAll(s: Settled, plan: Plan, rng: Sfc32): void {
  const { streams, pos, k } = s;
  const { start, sizes } = plan;
  for (let x = 0; x < s.n; x++) {
    rng.save(streams, 4 * x);
    const p = pos[x];
    for (let i = start[p], end = start[p + 1]; i < end; i++) {
      const size = sizes[i];
      stamp = (stamp + 1) | 0;
      for (let drawn = 0; drawn < k;) if (fresh(rng.int(size))) drawn++;
    }
  }
}

const replay = new Sfc32();

/** Node x's settled buckets, drawn again from its saved stream state. */
export function derived(s: Settled, x: number, depth: Uint8Array, out: Buckets): Buckets {
  replay.load(s.streams, 4 * x);
  walk(s, x, replay, depth, out);
  return out;
}
