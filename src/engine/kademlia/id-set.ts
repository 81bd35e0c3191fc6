/**
 * The IDs in use, for new nodes' uniqueness, keyed by an ID's first 64 bits (its one word
 * below 64 bits): two IDs that share them but differ later (odds about N^2 / 2^65) count as
 * a clash, which only makes the newcomer draw again. An open-addressing hash set in typed
 * arrays: a million string keys in a `Set` took seconds and ~100 MB.
 */
export interface IdSet {
  size: number;
  mask: number;
  /** Two words per slot: the ID's first and second word (0 for one-word IDs). */
  keys: Uint32Array;
  used: Uint8Array;
}

/** An empty set with room for about `expected` IDs before it grows. */
export function idSet(expected = 16): IdSet {
  let cap = 16;
  while (cap < expected * 2) cap *= 2;
  return { size: 0, mask: cap - 1, keys: new Uint32Array(cap * 2), used: new Uint8Array(cap) };
}

const slotOf = (set: IdSet, hi: number, lo: number): number => {
  let h = (Math.imul(hi ^ Math.imul(lo, 0x9e3779b1), 0x85ebca6b) >>> 0) & set.mask;
  while (set.used[h] === 1 && (set.keys[2 * h] !== hi || set.keys[2 * h + 1] !== lo)) h = (h + 1) & set.mask;
  return h;
};

/** Add node x's ID (`words` words at `ids[x * words]`); false when an ID with the same key is already in. */
export function addId(set: IdSet, ids: Uint32Array, words: number, x: number): boolean {
  const hi = ids[x * words];
  const lo = words === 1 ? 0 : ids[x * words + 1];
  const h = slotOf(set, hi, lo);
  if (set.used[h] === 1) return false;
  set.used[h] = 1;
  set.keys[2 * h] = hi;
  set.keys[2 * h + 1] = lo;
  if (++set.size * 2 > set.mask + 1) grow(set);
  return true;
}

function grow(set: IdSet): void {
  const { keys, used } = set;
  set.mask = set.mask * 2 + 1;
  set.keys = new Uint32Array((set.mask + 1) * 2);
  set.used = new Uint8Array(set.mask + 1);
  for (let i = 0; i < used.length; i++) {
    if (used[i] === 0) continue;
    const h = slotOf(set, keys[2 * i], keys[2 * i + 1]);
    set.used[h] = 1;
    set.keys[2 * h] = keys[2 * i];
    set.keys[2 * h + 1] = keys[2 * i + 1];
  }
}
