import { INVALID_LSN } from '../wal/lsn';
import { assembleSize } from '../wal/records';
import { markDirty } from './buffer-pool';
import { heapImageBytes } from './heap-wal';
import { horizon as xminHorizon } from './horizon';
import {
  type Ctid,
  copyPage,
  ctid,
  ctidBlock,
  ctidOffset,
  FROZEN_XID,
  freeSpace,
  type HeapPage,
  INVALID_XID,
  PAGE_SIZE,
  type Tuple,
} from './page';
import { F_DEAD, F_HOT, F_REDIRECT, F_TUPLE, H_CTID, H_FLAGS, H_STRIDE, H_XMAX, H_XMIN, headersFor } from './page-hdr';
import { pruneItems } from './page-prune';
import type { Out } from './storage';
import { clearVisible } from './relation';
import type { Relation, State } from './types';
import { blockRef, fpiSize, insertRecord } from './wal';

/**
 * heap_page_prune (pruneheap.c, PostgreSQL 15): walk every HOT chain from its root, free the
 * versions no snapshot needs (heap-only ones become unused, the root a redirect to the first
 * survivor, or dead when the whole chain is), log Heap2 PRUNE, and set pd_prune_xid to the oldest
 * xid that may make more versions dead later. VACUUM prunes every page (vacuum.ts); a read or a
 * write prunes the page it reaches first when heap_page_prune_opt's conditions hold (`pruneOnAccess`).
 */

/** HeapTupleSatisfiesVacuum's verdicts, as far as the lab needs them. */
export type Htsv = 'dead' | 'recently' | 'live' | 'inserting' | 'deleting';

const status = (state: State, xid: number): number => (xid === FROZEN_XID ? 1 : (state.clog[xid] ?? 0));

export function htsv(state: State, t: Tuple, horizon: number): Htsv {
  return htsvOf(state, t.xmin, t.xmax, horizon);
}

/** HeapTupleSatisfiesVacuum on a tuple's t_xmin and t_xmax. */
export function htsvOf(state: State, tXmin: number, tXmax: number, horizon: number): Htsv {
  const xmin = status(state, tXmin);
  if (xmin === 2) return 'dead';
  if (xmin === 0) return 'inserting';
  if (tXmax === INVALID_XID) return 'live';
  const xmax = status(state, tXmax);
  if (xmax === 2) return 'live';
  if (xmax === 0) return 'deleting';
  return tXmax < horizon ? 'dead' : 'recently';
}

/**
 * HeapTupleHeaderIsHotUpdated for the tuple at `index` of the page's `hdr`: replaced by a heap-only
 * version on the same page, by a transaction that did not abort.
 */
export function hotUpdated(state: State, hdr: readonly number[], index: number, block: number): boolean {
  const b = index * H_STRIDE;
  const xmax = hdr[b + H_XMAX];
  const c = hdr[b + H_CTID];
  if (xmax === INVALID_XID || status(state, xmax) === 2 || ctidBlock(c as Ctid) !== block) return false;
  const n = (ctidOffset(c as Ctid) - 1) * H_STRIDE;
  return n < hdr.length && hdr[n + H_FLAGS] === (F_TUPLE | F_HOT) && hdr[n + H_XMIN] === xmax;
}

export interface Plan {
  redirected: number[];
  dead: number[];
  unused: number[];
  latestRemoved: number;
  /** Tuples whose storage goes (VACUUM VERBOSE's "removed"). */
  removed: number;
  /** The primary keys and ctids of those tuples, in the order they go, so the key map is mended by key. */
  goneKeys: [string, Ctid][];
  /** prstate.new_prune_xid: the oldest xmax of a version that is recently dead or being deleted, 0 when none. */
  newPruneXid: number;
}

/** A tuple's storage goes: count it, and remember its key and ctid. */
function remove(state: State, p: Plan, t: Tuple, c: Ctid): void {
  p.removed += 1;
  p.goneKeys.push([t.key, c]);
  p.latestRemoved = Math.max(p.latestRemoved, status(state, t.xmin) === 2 ? t.xmin : t.xmax);
}

/** Scratch marks for the planning pass: `reached[offset] === plans` when this plan's chains have reached it. */
const reached: number[] = [];
let plans = 0;
/** Scratch list of one chain's offsets. */
const chainScratch: number[] = [];

/**
 * The HOT chain from the root at `off` (a redirect or a tuple that is not heap-only): its offsets,
 * root first, into `chain`; each one is marked in `seen` with this plan's number.
 */
function walkChain(state: State, hdr: readonly number[], block: number, off: number, seen: number[], chain: number[]): void {
  const n = hdr.length / H_STRIDE;
  const r = (off - 1) * H_STRIDE;
  const redirect = hdr[r + H_FLAGS] === F_REDIRECT;
  chain.length = 0;
  chain.push(off);
  seen[off] = plans;
  let next = redirect || hotUpdated(state, hdr, off - 1, block) ? ctidOffset(hdr[r + H_CTID] as Ctid) : 0;
  let prior = redirect ? -1 : hdr[r + H_XMAX];
  while (next > 0 && next <= n && seen[next] !== plans) {
    const b = (next - 1) * H_STRIDE;
    if ((hdr[b + H_FLAGS] & F_TUPLE) === 0 || (prior !== -1 && hdr[b + H_XMIN] !== prior)) break;
    chain.push(next);
    seen[next] = plans;
    if (!hotUpdated(state, hdr, next - 1, block)) break;
    prior = hdr[b + H_XMAX];
    next = ctidOffset(hdr[b + H_CTID] as Ctid);
  }
}

/** heap_page_prune's planning pass: walk every HOT chain from its root and decide what goes. */
export function planPrune(state: State, page: HeapPage, block: number, horizon: number): Plan {
  const p: Plan = { redirected: [], dead: [], unused: [], latestRemoved: 0, removed: 0, goneKeys: [], newPruneXid: 0 };
  const items = page.items;
  const hdr = headersFor(page);
  const seen = reached;
  plans += 1;
  for (let i = seen.length; i <= items.length; i++) seen.push(0);
  const chain = chainScratch;
  for (let off = 1; off <= items.length; off++) {
    const r = (off - 1) * H_STRIDE;
    const flags = hdr[r + H_FLAGS];
    if (flags === 0 || flags === F_DEAD || (flags & F_HOT) !== 0) continue;
    // A version nobody replaced or deleted is a chain of one, live or still being inserted unless its inserter aborted.
    if (flags === F_TUPLE && hdr[r + H_XMAX] === INVALID_XID && status(state, hdr[r + H_XMIN]) !== 2) {
      seen[off] = plans;
      continue;
    }
    walkChain(state, hdr, block, off, seen, chain);
    const redirect = flags === F_REDIRECT;
    let latest = -1;
    for (let i = redirect ? 1 : 0; i < chain.length; i++) {
      const b = (chain[i] - 1) * H_STRIDE;
      const xmax = hdr[b + H_XMAX];
      const v = htsvOf(state, hdr[b + H_XMIN], xmax, horizon);
      // heap_prune_record_prunable: the page is worth another look once this xid is past the horizon.
      if ((v === 'recently' || v === 'deleting') && (!p.newPruneXid || xmax < p.newPruneXid)) p.newPruneXid = xmax;
      if (v === 'dead') latest = i;
      else if (v !== 'recently') break;
    }
    if (latest >= 0) {
      if (!redirect) remove(state, p, items[off - 1]!, ctid(block, off));
      for (let i = 1; i <= latest; i++) {
        p.unused.push(chain[i]);
        remove(state, p, items[chain[i] - 1]!, ctid(block, chain[i]));
      }
      if (latest + 1 >= chain.length) p.dead.push(off);
      else p.redirected.push(off, chain[latest + 1]);
    } else if (redirect && chain.length < 2) p.dead.push(off);
  }
  // Heap-only versions no chain reaches (a rolled-back HOT update): dead ones go.
  for (let off = 1; off <= items.length; off++) {
    const b = (off - 1) * H_STRIDE;
    if (
      hdr[b + H_FLAGS] === (F_TUPLE | F_HOT) &&
      seen[off] !== plans &&
      htsvOf(state, hdr[b + H_XMIN], hdr[b + H_XMAX], horizon) === 'dead'
    ) {
      p.unused.push(off);
      remove(state, p, items[off - 1]!, ctid(block, off));
    }
  }
  return p;
}

const needsImage = (state: State, lsn: number): boolean => state.settings.full_page_writes && lsn <= state.redoRecPtr;

/** Log a change VACUUM or pruning made to a heap page (PRUNE or Heap2 VACUUM): the image after it on the first change since the checkpoint. */
export function logPage(
  state: State,
  rel: Relation,
  block: number,
  page: HeapPage,
  kind: 'PRUNE' | 'VACUUM',
  main: number,
  data: number,
  desc: string,
  lps: number[],
  out: Out,
): void {
  const fpi = needsImage(state, page.lsn) ? copyPage(page) : null;
  const len = assembleSize(main, [{ image: fpi ? heapImageBytes(fpi) : 0, data, sameRel: false }]);
  const rec = insertRecord(state, kind, 0, blockRef(rel.name, block, fpi), INVALID_LSN, len, desc, out, 0, lps);
  if (fpi) {
    state.counters.fpiCount += 1;
    state.counters.fpiBytes += fpiSize(fpi);
  }
  page.lsn = rec.end;
}

/**
 * heap_page_prune's second half: apply the plan (heap_page_prune_execute), set pd_prune_xid and
 * clear PD_PAGE_FULL, log PRUNE. With nothing to prune, the new pd_prune_xid and the cleared flag
 * are a hint (MarkBufferDirtyHint: no WAL with checksums off). Returns whether the page changed.
 */
export function executePrune(state: State, rel: Relation, block: number, frame: number, p: Plan, out: Out): boolean {
  const page = state.pool.frames[frame].page!;
  const changed = p.redirected.length + p.dead.length + p.unused.length > 0;
  page.pruneXid = p.newPruneXid;
  page.full = false;
  if (!changed) return false;
  const nr = p.redirected.length / 2;
  const desc = `latestRemovedXid ${p.latestRemoved} nredirected ${nr} ndead ${p.dead.length}`;
  const lps = [nr, p.dead.length, ...p.redirected, ...p.dead, ...p.unused];
  pruneItems(page, lps, block);
  logPage(state, rel, block, page, 'PRUNE', 8, 4 * nr + 2 * (p.dead.length + p.unused.length), desc, lps, out);
  markDirty(state, frame, out);
  clearVisible(rel, block);
  // The primary-key map must not point at a slot pruning freed (a later insert may reuse it).
  for (const [key, c] of p.goneKeys) if (Object.hasOwn(rel.pk, key) && rel.pk[key] === c) delete rel.pk[key];
  return true;
}

/** Max(RelationGetTargetPageFreeSpace at fillfactor 100, BLCKSZ / 10): below this much free space, an access prunes. */
const PRUNE_MIN_FREE = Math.floor(PAGE_SIZE / 10);

/**
 * heap_page_prune_opt: a scan or an index fetch that reaches a heap page prunes it when its
 * pd_prune_xid is set and older than the xmin horizon (GlobalVisTestIsRemovableXid), and the page
 * is marked full or has less than PRUNE_MIN_FREE bytes free (PageGetHeapFreeSpace). Redo never
 * calls it (no WAL is written during recovery). The free space map is not told (the room is for UPDATEs of this page's rows).
 */
export function pruneOnAccess(state: State, rel: Relation, block: number, frame: number, out: Out): void {
  const page = state.pool.frames[frame].page;
  if (!page || !page.pruneXid) return;
  if (!page.full && freeSpace(page) >= PRUNE_MIN_FREE) return;
  const holder = xminHorizon(state);
  if (page.pruneXid >= holder.xmin) return;
  const before = freeSpace(page);
  const p = planPrune(state, page, block, holder.xmin);
  if (!executePrune(state, rel, block, frame, p, out)) return;
  // pgstat_update_heap_dead_tuples: the versions freed for good (not those left as dead line pointers).
  const freed = p.removed - p.dead.length;
  if (freed > 0) rel.stats = { ...rel.stats, dead: Math.max(0, rel.stats.dead - freed) };
  if (out)
    out.push({
      type: 'page.pruned',
      table: rel.name,
      block,
      redirected: p.redirected.length / 2,
      dead: p.dead.length,
      unused: p.unused.length,
      freedBytes: freeSpace(page) - before,
    });
}
