/**
 * Making the network: nodes and their IDs, routing tables filled as a converged network
 * would have them (stored, or derived on demand above 1,024 nodes: settled.ts), or grown by
 * real joins.
 */
import { spendNode } from './budget';
import { hashId } from './id';
import { addId, type IdSet, idSet } from './id-set';
import { lookup, nearestBucket, randomIdInBucket } from './lookup';
import { type Ctx, heard } from './network';
import { settle } from './settled';
import { append, ensureNodes, OWN, reserveSlabs, slabFor } from './table';
import type { State } from './types';

// Bound once: some module loaders (tsx, vitest) turn each call of an imported function into a getter call.
const put = append;
const bucket = slabFor;

function grow<T extends Uint32Array | Uint8Array | Int32Array>(a: T, size: number): T {
  if (size <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(size, Math.ceil(a.length * 1.5)));
  b.set(a);
  return b;
}

/**
 * Add one node, up, with an empty routing table, and return its index, or -1 when no
 * unused ID is found (a full 8-bit space). Seed mode draws random IDs; sha1 mode hashes
 * "host:port" for the next ports, skipping a port whose ID another node already has.
 * `taken` holds the IDs in use (id-set.ts).
 */
export function addNode(ctx: Ctx, taken: IdSet): number {
  const st = ctx.st;
  const { bits } = st.cfg;
  const w = st.words;
  const n = st.n;
  st.ids = grow(st.ids, (n + 1) * w);
  st.alive = grow(st.alive, n + 1);
  st.ports = grow(st.ports, n + 1);
  ensureNodes(st.table, n + 1);
  spendNode(st);
  for (let attempt = 0; attempt < 4096; attempt++) {
    if (st.cfg.idMode === 'sha1') {
      const port = st.nextPort++;
      st.ids.set(hashId(`${st.cfg.host}:${port}`, bits), n * w);
      st.ports[n] = port;
    } else {
      for (let j = 0; j < w; j++) st.ids[n * w + j] = bits < 32 ? ctx.rnd.int(2 ** bits) : ctx.rnd.int(2 ** 32);
      st.ports[n] = -1;
    }
    if (!addId(taken, st.ids, w, n)) continue;
    st.alive[n] = 1;
    st.n = n + 1;
    return n;
  }
  return -1;
}

/** The IDs in use (for new nodes' uniqueness). */
export function takenIds(st: State): IdSet {
  const out = idSet(st.n + 1);
  for (let i = 0; i < st.n; i++) addId(out, st.ids, st.words, i);
  return out;
}

/** Bit `d` (0 = most significant) of node `x`'s ID. */
function bitAt(ids: Uint32Array, words: number, width: number, x: number, d: number): number {
  const pos = width < 32 ? 32 - width + d : d;
  return (ids[x * words + (pos >>> 5)] >>> (31 - (pos & 31))) & 1;
}

/**
 * Fill every routing table as a long-running network would have it: in the bucket of each
 * bit, up to k nodes drawn at random from all nodes that belong there. With the IDs
 * sorted, the nodes of a bucket (same first d bits as x, bit d different) are one
 * contiguous range, found by binary search: about log2(N) buckets per node, each O(k).
 * Networks of `st.deriveFrom` nodes or more get the same tables derived on demand
 * (settled.ts) instead of stored.
 */
export function fillConverged(ctx: Ctx): void {
  const st = ctx.st;
  if (st.n >= st.deriveFrom) {
    const t = st.table;
    t.settled = settle(st.ids, st.words, st.cfg.bits, t.k, t.tree, st.n, ctx.rnd, t.depth);
    t.pending = new Uint8Array(st.n).fill(1);
    // Room for the tables lookups will write (up to 65,536 of them before the arrays grow):
    // growing by copies as they are written cost more than writing them.
    reserveSlabs(t, Math.min(st.n, 1 << 16) * (Math.ceil(Math.log2(st.n)) + 1));
    return;
  }
  const { ids, words, n, table: t } = st;
  const width = st.cfg.bits;
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => {
    for (let w = 0; w < words; w++) {
      const d = ids[a * words + w] - ids[b * words + w];
      if (d !== 0) return d;
    }
    return 0;
  });
  const pos = new Int32Array(n);
  for (let p = 0; p < n; p++) pos[order[p]] = p;
  // About log2(N) + 1 non-empty buckets per node (measured: 10.3 at 1,000 nodes, 16.9 at 100,000).
  reserveSlabs(t, n * (Math.ceil(Math.log2(Math.max(2, n))) + 1));
  // picked[p] === stamp: position p is already drawn for the current bucket.
  const picked = new Int32Array(n);
  let stamp = 0;
  for (let x = 0; x < n; x++) {
    let lo = 0;
    let hi = n;
    for (let d = 0; d < width && hi - lo > 1; d++) {
      if (t.tree && hi - lo - 1 <= t.k) {
        // The bucket covering x's own ID never had to split past this depth.
        t.depth[x] = d;
        const s = bucket(t, x, OWN);
        for (let p = lo; p < hi; p++) if (order[p] !== x) put(t, s, order[p], 0);
        break;
      }
      // First position in [lo, hi) whose bit d is 1 (the IDs there share bits 0..d-1).
      let a = lo;
      let b = hi;
      while (a < b) {
        const mid = (a + b) >> 1;
        if (bitAt(ids, words, width, order[mid], d) === 0) a = mid + 1;
        else b = mid;
      }
      const mine = bitAt(ids, words, width, x, d);
      const [from, to] = mine === 0 ? [a, hi] : [lo, a];
      if (mine === 0) hi = a;
      else lo = a;
      if (t.tree) t.depth[x] = d + 1;
      const size = to - from;
      if (size === 0) continue;
      const s = bucket(t, x, width - 1 - d);
      if (size <= t.k) {
        for (let p = from; p < to; p++) put(t, s, order[p], 0);
        continue;
      }
      stamp += 1;
      for (let drawn = 0; drawn < t.k;) {
        const p = from + ctx.rnd.int(size);
        if (picked[p] === stamp) continue;
        picked[p] = stamp;
        put(t, s, order[p], 0);
        drawn++;
      }
    }
  }
}

/**
 * The paper's join: the newcomer puts its one contact in a bucket, looks up its own ID,
 * then refreshes every bucket farther than its closest neighbour with a lookup of a random
 * ID in that bucket's range. Each contact it meets learns about the newcomer in turn.
 */
export function join(ctx: Ctx, node: number, via: number): void {
  heard(ctx, node, via);
  const st = ctx.st;
  const own = st.ids.slice(node * st.words, node * st.words + st.words);
  lookup(ctx, { from: node, target: own, targetNode: -1, kind: 'FIND_NODE', maintenance: true });
  refresh(ctx, node);
}

/** Look up a random ID in each bucket range farther than the node's closest neighbour. */
export function refresh(ctx: Ctx, node: number): number {
  const st = ctx.st;
  const from = nearestBucket(ctx, node) + 1;
  if (from <= 0) return 0;
  const draw = () => ctx.rnd.int(2 ** 32);
  for (let i = from; i < st.cfg.bits; i++) {
    lookup(ctx, {
      from: node,
      target: randomIdInBucket(st.ids, st.words, node, i, draw),
      targetNode: -1,
      kind: 'FIND_NODE',
      maintenance: true,
    });
  }
  return st.cfg.bits - from;
}
