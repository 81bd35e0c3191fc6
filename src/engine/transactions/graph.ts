/** Small graph helpers for the history checker: adjacency, SCCs, paths. Nodes are numbers. */
export interface Edge {
  readonly from: number;
  readonly to: number;
}

/** Adjacency lists of the edges `ok` admits. */
export function adjacency<E extends Edge>(edges: readonly E[], ok: (e: E) => boolean): Map<number, number[]> {
  const adj = new Map<number, number[]>();
  for (const e of edges) {
    if (!ok(e)) continue;
    const l = adj.get(e.from);
    if (l) l.push(e.to);
    else adj.set(e.from, [e.to]);
  }
  return adj;
}

/** Strongly connected components (Tarjan's algorithm, iterative): node -> component number. */
export function components(adj: ReadonlyMap<number, readonly number[]>): Map<number, number> {
  const index = new Map<number, number>();
  const low = new Map<number, number>();
  const onStack = new Set<number>();
  const stack: number[] = [];
  const comp = new Map<number, number>();
  let next = 0;
  let count = 0;
  const nodes = new Set<number>();
  for (const [a, bs] of adj) {
    nodes.add(a);
    for (const b of bs) nodes.add(b);
  }
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: [number, number][] = [[root, 0]];
    while (work.length) {
      const top = work[work.length - 1];
      const [v, i] = top;
      if (i === 0) {
        index.set(v, next);
        low.set(v, next++);
        stack.push(v);
        onStack.add(v);
      }
      const out = adj.get(v) ?? [];
      if (i < out.length) {
        top[1] = i + 1;
        const w = out[i];
        if (!index.has(w)) work.push([w, 0]);
        else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent) as number, low.get(v) as number));
      }
      if (low.get(v) === index.get(v)) {
        for (;;) {
          const w = stack.pop() as number;
          onStack.delete(w);
          comp.set(w, count);
          if (w === v) break;
        }
        count++;
      }
    }
  }
  return comp;
}

/** A shortest path from `a` to `b` (breadth first), or null. */
export function path(adj: ReadonlyMap<number, readonly number[]>, a: number, b: number): number[] | null {
  const prev = new Map<number, number>([[a, a]]);
  const queue = [a];
  for (let head = 0; head < queue.length; head++) {
    const n = queue[head];
    if (n === b) {
      const out = [b];
      while (out[0] !== a) out.unshift(prev.get(out[0]) as number);
      return out;
    }
    for (const m of adj.get(n) ?? []) {
      if (prev.has(m)) continue;
      prev.set(m, n);
      queue.push(m);
    }
  }
  return null;
}

/** A cycle through edges `ok` admits, or null: only edges inside one SCC can close one. */
export function cycleWith<E extends Edge>(edges: readonly E[], ok: (e: E) => boolean): number[] | null {
  const adj = adjacency(edges, ok);
  const comp = components(adj);
  for (const e of edges) {
    if (!ok(e) || e.from === e.to || comp.get(e.from) !== comp.get(e.to)) continue;
    const p = path(adj, e.to, e.from);
    if (p) return p;
  }
  return null;
}
