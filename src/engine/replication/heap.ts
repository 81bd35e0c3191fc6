import { assembleSize } from '../wal/records';
import type { DeadVersion, Heap, Prune, RowVersion, WalRecord } from './types';

/**
 * Dead row versions, as VACUUM sees them (heapam_visibility.c's HeapTupleSatisfiesVacuum, and
 * pruneheap.c's heap_page_prune). Rows stay a key-value map per node; beside it each node keeps
 * the versions a committed UPDATE or DELETE left behind (with the replacing transaction's xid as
 * xmax) and those an aborted transaction wrote. Every UPDATE here is a HOT update on one page,
 * so the versions of one key form one HOT chain whose root the index points at.
 */

export const newHeap = (): Heap => ({ deadKeys: [], deadXmax: [], redirected: [] });

export const copyHeap = (h: Heap): Heap => ({
  deadKeys: h.deadKeys.slice(),
  deadXmax: h.deadXmax.slice(),
  redirected: h.redirected.slice(),
});

/** The dead versions, oldest first. */
export const deadVersions = (h: Heap): DeadVersion[] => h.deadKeys.map((key, i) => ({ key, xmax: h.deadXmax[i] }));

/** A committed write makes the version it replaces (or deletes) dead, with the writer's xid as xmax. */
export function noteReplaced(heap: Heap | null, rows: Record<string, RowVersion>, w: WalRecord): void {
  if (heap && w.key !== undefined && Object.hasOwn(rows, w.key)) {
    heap.deadKeys.push(w.key);
    heap.deadXmax.push(w.xid);
  }
}

/** An aborted transaction's new versions are dead at once (xmin aborted): removable whatever the horizon. */
export function noteAborted(heap: Heap | null, writes: readonly WalRecord[]): void {
  if (!heap) return;
  for (const w of writes)
    if (w.key !== undefined && w.kind !== 'DELETE') {
      heap.deadKeys.push(w.key);
      heap.deadXmax.push(null);
    }
}

/** HEAPTUPLE_DEAD against OldestXmin: the replacing transaction is older than the horizon, or the writer aborted. */
const removable = (d: DeadVersion, horizon: number): boolean => d.xmax === null || d.xmax < horizon;

/**
 * heap_page_prune on the table's page: what a PRUNE record would say. Per key, a chain whose row
 * still has a version (live or recently dead) keeps its root line pointer as a redirect to it
 * (nredirected; re-recorded when the root already was one); a chain with nothing left becomes a
 * dead line pointer (ndead); every other removed version's line pointer becomes unused. A removed
 * root tuple turns into that redirect or dead pointer rather than an unused one. Aborted versions
 * are heap-only versions no chain reaches: unused. Null when nothing is removable.
 */
export function planPrune(heap: Heap, rows: Record<string, RowVersion>, horizon: number): Prune | null {
  const removed: DeadVersion[] = [];
  let latestRemovedXid = 0;
  let nredirected = 0;
  let ndead = 0;
  let nunused = 0;
  const byKey = new Map<string, { gone: number; aborted: number; left: number }>();
  for (const d of deadVersions(heap)) {
    const k = byKey.get(d.key) ?? { gone: 0, aborted: 0, left: 0 };
    byKey.set(d.key, k);
    if (!removable(d, horizon)) k.left += 1;
    else {
      removed.push(d);
      if (d.xmax === null) k.aborted += 1;
      else {
        k.gone += 1;
        latestRemovedXid = Math.max(latestRemovedXid, d.xmax);
      }
    }
  }
  if (removed.length === 0) return null;
  for (const [key, k] of byKey) {
    nunused += k.aborted;
    if (k.gone === 0) continue;
    const rootTuple = !heap.redirected.includes(key);
    if (Object.hasOwn(rows, key) || k.left > 0) nredirected += 1;
    else ndead += 1;
    nunused += k.gone - (rootTuple ? 1 : 0);
  }
  return { latestRemovedXid, nredirected, ndead, nunused, removed };
}

/** xl_tot_len of Heap2 PRUNE: xl_heap_prune (8) as main data, the block's offset arrays as its data. Measured: 58 for one redirect. */
export const pruneSize = (p: Prune): number =>
  assembleSize(8, [{ image: 0, data: 4 * p.nredirected + 2 * (p.ndead + p.nunused), sameRel: false }]).tot;

/** Apply a PRUNE (VACUUM on the primary, its replay on a standby): the versions go, chain roots become redirects or dead. */
export function applyPrune(heap: Heap, rows: Record<string, RowVersion>, p: Prune): void {
  const gone = new Map<string, number>();
  for (const d of p.removed) gone.set(`${d.key}\u0000${d.xmax}`, (gone.get(`${d.key}\u0000${d.xmax}`) ?? 0) + 1);
  const keys = new Set<string>();
  const left = deadVersions(heap).filter((d) => {
    const id = `${d.key}\u0000${d.xmax}`;
    const n = gone.get(id) ?? 0;
    if (n === 0) return true;
    gone.set(id, n - 1);
    if (d.xmax !== null) keys.add(d.key);
    return false;
  });
  heap.deadKeys = left.map((d) => d.key);
  heap.deadXmax = left.map((d) => d.xmax);
  for (const key of keys) {
    const chainLives = Object.hasOwn(rows, key) || left.some((d) => d.key === key && d.xmax !== null);
    const has = heap.redirected.includes(key);
    if (chainLives && !has) heap.redirected.push(key);
    if (!chainLives && has) heap.redirected = heap.redirected.filter((k) => k !== key);
  }
}
