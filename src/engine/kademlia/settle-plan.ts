/**
 * Which buckets of a settled per-bit network need random draws, found in one pass over the
 * sorted IDs instead of ~log2(N) binary searches per node (whose cache misses dominated a
 * million-node build).
 *
 * With the IDs sorted, let lcp[a] be the prefix bits sorted IDs a-1 and a share. Each
 * boundary a (1 <= a < n) is where exactly one group of IDs sharing lcp[a] bits splits on
 * its next bit; that group spans [L, R), L the nearest boundary to the left with a smaller
 * lcp (or 0), R the nearest to the right (or n). Those groups form a binary tree (the
 * Cartesian tree of lcp), and node p's non-empty buckets are its ancestors in it, from the
 * root down: at ancestor a the bucket is the other side of the split, [a, R) when p < a,
 * else [L, a). Only buckets larger than k draw (k contacts at random), so the plan keeps
 * their sizes, per sorted position, shallowest first.
 */
export interface Plan {
  /** Sizes of the buckets of sorted position p that draw: `sizes[start[p] .. start[p + 1]]`. */
  readonly start: Int32Array;
  readonly sizes: Int32Array;
}

/** Prefix bits shared by the IDs at sorted positions p-1 and p (`width` bits, `words` words each). */
function lcpAt(sorted: Uint32Array, words: number, width: number, p: number): number {
  for (let w = 0; w < words; w++) {
    const x = (sorted[(p - 1) * words + w] ^ sorted[p * words + w]) >>> 0;
    if (x !== 0) return 32 * w + Math.clz32(x) - (width < 32 ? 32 - width : 0);
  }
  return width;
}

/** The draw plan of `n` distinct sorted IDs and buckets of `k`. */
export function drawPlan(sorted: Uint32Array, words: number, width: number, n: number, k: number): Plan {
  // lcp[0] and lcp[n] stand for "no boundary": smaller than any real one.
  const lcp = new Int16Array(n + 1).fill(-1);
  for (let a = 1; a < n; a++) lcp[a] = lcpAt(sorted, words, width, a);
  const left = new Int32Array(n);
  const right = new Int32Array(n).fill(n);
  const stack = new Int32Array(n + 1);
  let top = 0;
  for (let a = 1; a < n; a++) {
    while (top > 0 && lcp[stack[top - 1]] > lcp[a]) right[stack[--top]] = a;
    left[a] = top > 0 ? stack[top - 1] : 0;
    stack[top++] = a;
  }
  // Parent of boundary a: the nearer-in-depth of its two enclosing boundaries (0: the root).
  const parent = new Int32Array(n);
  for (let a = 1; a < n; a++) {
    const l = left[a];
    const r = right[a];
    parent[a] = r < n && lcp[r] > lcp[l] ? r : l;
  }
  const chain = new Int32Array(width + 1);
  const start = new Int32Array(n + 1);
  let sizes = new Int32Array(Math.max(16, n * 4));
  let used = 0;
  for (let p = 0; p < n; p++) {
    start[p] = used;
    // The leaf's parent: the deeper of the boundaries on either side of p.
    let a = p + 1 < n && lcp[p + 1] > lcp[p] ? p + 1 : p;
    let depth = 0;
    for (; a > 0; a = parent[a]) chain[depth++] = a;
    if (used + depth > sizes.length) {
      const grown = new Int32Array(Math.max(used + depth, sizes.length * 2));
      grown.set(sizes);
      sizes = grown;
    }
    for (let i = depth - 1; i >= 0; i--) {
      const b = chain[i];
      const size = p < b ? right[b] - b : b - left[b];
      if (size > k) sizes[used++] = size;
    }
  }
  start[n] = used;
  return { start, sizes: sizes.subarray(0, used) };
}
