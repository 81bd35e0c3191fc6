/**
 * Every node's routing table in a few typed arrays (no object per contact), so 100,000
 * nodes with k = 20 fit in memory and copy with `.slice()`.
 *
 * A bucket is a "slab": `k` slots of contact node indexes with their last-seen times and
 * unanswered-RPC counts, plus a replacement cache of `r` slots. Slots 0..count-1 are in
 * the paper's order: least recently seen first. Each node owns a list of slabs sorted by
 * bucket key, descending (half of all IDs fall in the farthest bucket, so it comes first);
 * only non-empty buckets have a slab (a 160-bit table of a node in a
 * 100,000-node network has about 20, not 160).
 *
 * Bucket key: in `per-bit` mode the bucket index (0..width-1). In `tree` mode the same for
 * buckets split off the tree, and OWN for the one bucket that still covers the node's own
 * ID, which spans every index below `width - depth[node]`.
 */
/*
 * What the table answers (closest contacts, whether a node knows another) is in
 * table-queries.ts. A settled network's tables may be derived (settled.ts): a node still
 * `pending` gets its buckets written here the first time its table is read or changed
 * (`own`), so every reader goes through `slabOf`, `slabFor` or `own` before `head`.
 */
import { type Buckets, derived, type Settled } from './settled';

/** Key of the tree-mode bucket that covers the node's own ID. */
export const OWN = -1;

export interface Table {
  readonly k: number;
  readonly r: number;
  readonly width: number;
  readonly tree: boolean;
  /** First slab of each node, -1 when its table is empty. */
  head: Int32Array;
  /** Tree mode: how many times the node's own bucket has split. */
  depth: Uint8Array;
  /** Slabs in use. */
  used: number;
  next: Int32Array;
  key: Int16Array;
  count: Uint16Array;
  rcount: Uint8Array;
  contact: Int32Array;
  seen: Uint32Array;
  fails: Uint8Array;
  repl: Int32Array;
  /** What derived settled tables come from (shared by clones: never mutated), or null. */
  settled: Settled | null;
  /** pending[x] = 1: node x's settled table is not written yet (derive it before use). */
  pending: Uint8Array | null;
}

/** An empty table store for `nodes` nodes. */
export function createTable(k: number, r: number, width: number, tree: boolean, nodes: number, slabs = 64): Table {
  return {
    k,
    r,
    width,
    tree,
    head: new Int32Array(nodes).fill(-1),
    depth: new Uint8Array(nodes),
    used: 0,
    next: new Int32Array(slabs),
    key: new Int16Array(slabs),
    count: new Uint16Array(slabs),
    rcount: new Uint8Array(slabs),
    contact: new Int32Array(slabs * k),
    seen: new Uint32Array(slabs * k),
    fails: new Uint8Array(slabs * k),
    repl: new Int32Array(slabs * r),
    settled: null,
    pending: null,
  };
}

function grown<T extends Int32Array | Uint32Array | Uint16Array | Uint8Array | Int16Array>(a: T, size: number, fill = 0): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}

/** Make room for nodes 0..n-1. */
export function ensureNodes(t: Table, n: number): void {
  if (n <= t.head.length) return;
  const size = Math.max(n, Math.ceil(t.head.length * 1.5));
  t.head = grown(t.head, size, -1);
  t.depth = grown(t.depth, size);
}

/** Room for `extra` more slabs, doubling every slab array at least (derived tables are written as lookups reach them). */
export function reserveSlabs(t: Table, extra: number): void {
  const need = t.used + extra;
  if (need <= t.next.length) return;
  const size = Math.max(need, Math.ceil(t.next.length * 2));
  t.next = grown(t.next, size);
  t.key = grown(t.key, size);
  t.count = grown(t.count, size);
  t.rcount = grown(t.rcount, size);
  t.contact = grown(t.contact, size * t.k);
  t.seen = grown(t.seen, size * t.k);
  t.fails = grown(t.fails, size * t.k);
  t.repl = grown(t.repl, size * t.r);
}

/** A snapshot copy: typed arrays sliced to what is used. */
export function cloneTable(t: Table): Table {
  const s = t.used;
  return {
    ...t,
    head: t.head.slice(),
    depth: t.depth.slice(),
    next: t.next.slice(0, s),
    key: t.key.slice(0, s),
    count: t.count.slice(0, s),
    rcount: t.rcount.slice(0, s),
    contact: t.contact.slice(0, s * t.k),
    seen: t.seen.slice(0, s * t.k),
    fails: t.fails.slice(0, s * t.k),
    repl: t.repl.slice(0, s * t.r),
    pending: t.pending && t.pending.slice(),
  };
}

const scratch: Buckets = { keys: [], ends: [], contacts: [] };

/** Write `node`'s settled buckets if they are still pending: call before reading `head[node]`. */
export function own(t: Table, node: number): void {
  const p = t.pending;
  if (p === null || node >= p.length || p[node] === 0) return;
  p[node] = 0;
  const b = derived(t.settled!, node, t.depth, scratch);
  const buckets = b.keys.length;
  if (buckets === 0) return;
  reserveSlabs(t, buckets);
  // Keys come in descending order, as the slab list keeps them: link consecutive slabs.
  const first = t.used;
  t.used += buckets;
  t.head[node] = first;
  let c = 0;
  for (let i = 0; i < buckets; i++) {
    const s = first + i;
    t.key[s] = b.keys[i];
    t.next[s] = i + 1 < buckets ? s + 1 : -1;
    t.rcount[s] = 0;
    const base = s * t.k;
    const end = b.ends[i];
    t.count[s] = end - c;
    for (let j = 0; c < end; c++, j++) {
      t.contact[base + j] = b.contacts[c];
      t.seen[base + j] = 0;
      t.fails[base + j] = 0;
    }
  }
}

/** Nodes whose settled tables are written (all of them when the tables are stored). */
export function writtenTables(t: Table, n: number): number {
  if (t.pending === null) return n;
  let pending = 0;
  for (let x = 0; x < t.pending.length; x++) pending += t.pending[x];
  return n - pending;
}

/** The key of the bucket that holds a contact at bucket index `i` from `node`. */
export function keyOf(t: Table, node: number, i: number): number {
  return t.tree && i < t.width - t.depth[node] ? OWN : i;
}

/** The slab of `node` with this key, or -1. */
export function slabOf(t: Table, node: number, key: number): number {
  if (t.pending !== null) own(t, node);
  for (let s = t.head[node]; s >= 0; s = t.next[s]) {
    if (t.key[s] === key) return s;
    if (t.key[s] < key) return -1;
  }
  return -1;
}

/** The slab of `node` with this key, created empty (in key order) when missing. */
export function slabFor(t: Table, node: number, key: number): number {
  if (t.pending !== null) own(t, node);
  let prev = -1;
  let s = t.head[node];
  while (s >= 0 && t.key[s] > key) {
    prev = s;
    s = t.next[s];
  }
  if (s >= 0 && t.key[s] === key) return s;
  reserveSlabs(t, 1);
  const fresh = t.used++;
  t.key[fresh] = key;
  t.count[fresh] = 0;
  t.rcount[fresh] = 0;
  t.next[fresh] = s;
  if (prev < 0) t.head[node] = fresh;
  else t.next[prev] = fresh;
  return fresh;
}

/** Slot of `contact` in slab `s`, or -1. */
export function slotOf(t: Table, s: number, contact: number): number {
  const base = s * t.k;
  for (let i = 0; i < t.count[s]; i++) if (t.contact[base + i] === contact) return i;
  return -1;
}

/** Append a contact at the tail (most recently seen). The slab must have room. */
export function append(t: Table, s: number, contact: number, seen: number): void {
  const at = s * t.k + t.count[s]++;
  t.contact[at] = contact;
  t.seen[at] = seen;
  t.fails[at] = 0;
}

/** Remove the contact in `slot`, closing the gap (order is kept). */
export function removeSlot(t: Table, s: number, slot: number): void {
  const base = s * t.k;
  const last = base + --t.count[s];
  // Plain loops: buckets are short, and copyWithin's call overhead dominates at this size.
  for (let i = base + slot; i < last; i++) {
    t.contact[i] = t.contact[i + 1];
    t.seen[i] = t.seen[i + 1];
    t.fails[i] = t.fails[i + 1];
  }
}

/** Move the contact in `slot` to the tail, as most recently seen at `now`. */
export function moveToTail(t: Table, s: number, slot: number, now: number): void {
  const base = s * t.k;
  const last = base + t.count[s] - 1;
  const at = base + slot;
  if (at === last) {
    t.seen[last] = now;
    t.fails[last] = 0;
    return;
  }
  const c = t.contact[at];
  if (last - at > 8) {
    t.contact.copyWithin(at, at + 1, last + 1);
    t.seen.copyWithin(at, at + 1, last + 1);
    t.fails.copyWithin(at, at + 1, last + 1);
  } else {
    const { contact, seen, fails } = t;
    for (let i = at; i < last; i++) contact[i] = contact[i + 1];
    for (let i = at; i < last; i++) seen[i] = seen[i + 1];
    for (let i = at; i < last; i++) fails[i] = fails[i + 1];
  }
  t.contact[last] = c;
  t.seen[last] = now;
  t.fails[last] = 0;
}

/** Remember a newcomer in the bucket's replacement cache (newest last; the oldest drops out). */
export function cacheReplacement(t: Table, s: number, contact: number): void {
  const r = t.r;
  if (r === 0) return;
  const repl = t.repl;
  const base = s * r;
  let n = t.rcount[s];
  // Plain loops rather than copyWithin: the cache holds a handful of slots (see removeSlot).
  let from = n;
  for (let i = 0; i < n; i++) {
    if (repl[base + i] === contact) {
      from = i;
      break;
    }
  }
  if (from === n && n === r) from = 0;
  if (from < n) {
    for (let i = base + from, end = base + n - 1; i < end; i++) repl[i] = repl[i + 1];
    n--;
  }
  repl[base + n] = contact;
  t.rcount[s] = n + 1;
}

/** Take the newest replacement out of the cache, or -1. */
export function takeReplacement(t: Table, s: number): number {
  if (t.rcount[s] === 0) return -1;
  return t.repl[s * t.r + --t.rcount[s]];
}
