import { readBuffer, unpin } from './buffer-pool';
import { change, childPos, NO_CTID, setPage, slotFor } from './btree-page';
import { horizon as xminHorizon } from './horizon';
import { type Ctid, ctidBlock, ctidOffset, type HeapPage, INVALID_XID } from './page';
import * as Hdr from './page-hdr';
import { hotUpdated, htsvOf, pruneOnAccess } from './prune';
import { type Out, pageKey } from './storage';
import type { Btree, Relation, State } from './types';

/**
 * An index scan of the primary key for one key, as PostgreSQL 15 runs `WHERE key = $1` (a read, or
 * the scan under an UPDATE or DELETE): index_getnext_slot asks the btree for the key's entries in
 * index order (key, then heap TID: heapkeyspace), skipping those marked LP_DEAD (_bt_checkkeys with
 * ignore_killed_tuples), and fetches each one's heap tuple (heapam_index_fetch_tuple): when the
 * entry's block is not the one the scan holds (xs_cbuf), it reads that page and gives it a chance to
 * be pruned (heap_page_prune_opt), then walks the entry's HOT chain (heap_hot_search_buffer). Under
 * an MVCC snapshot a chain yields at most one version, and the executor asks for the next entry
 * until there is none: every entry of the key is visited, in order, also after the one an UPDATE
 * changed. An entry whose whole chain is dead to everyone (HeapTupleIsSurelyDead) is killed
 * (kill_prior_tuple): _bt_killitems marks it LP_DEAD when the scan ends, unless its leaf changed
 * since the scan read it (a non-HOT UPDATE inserted there), and later scans no longer visit it. The
 * mark is a hint (MarkBufferDirtyHint): no WAL with checksums and wal_log_hints off.
 *
 * _bt_check_unique (`uniqueCheck`), before a new entry goes in, fetches every live entry of the key
 * the same way with a fresh fetch each (each page gets its prune_opt) and marks a dead one at once.
 */

/** One of the key's entries: the heap tuple it points at, the leaf holding it and that leaf's pd_lsn when read. */
interface Found {
  readonly ctid: Ctid;
  readonly leaf: number;
  readonly lsn: number;
}

/** A scan in progress (IndexScanDesc with its IndexFetchHeapData). */
export interface KeyScan {
  readonly rel: Relation;
  /** The key's live entries when the scan read the leaf (so->currPos: entries inserted later are not seen). */
  readonly entries: readonly Found[];
  /** The next entry to fetch. */
  next: number;
  /** xs_cbuf: the heap block the scan holds pinned and its frame (-1: none). */
  block: number;
  frame: number;
  /** Entries whose chain was dead to everyone (so->killedItems). */
  readonly killed: Found[];
}

/** The key's entries not marked LP_DEAD, in btree order: descend to the first leaf that may hold the key, then go right. */
function keyEntries(tree: Btree, key: string): Found[] {
  let block = tree.root;
  let page = tree.pages[block]!;
  while (page.level > 0) {
    block = page.items[childPos(page.items, key, NO_CTID)].down;
    page = tree.pages[block]!;
  }
  const found: Found[] = [];
  // The leaf is in (key, heap TID) order: the key's entries start where a search for its minus-infinity TID lands.
  for (let i = slotFor(page.items, key, NO_CTID); ; i = 0) {
    for (; i < page.items.length && page.items[i].key === key; i++)
      if (!page.items[i].dead) found.push({ ctid: page.items[i].ctid, leaf: block, lsn: page.lsn });
    if (!page.high || page.high.key !== key || page.right === 0) return found;
    block = page.right;
    page = tree.pages[block]!;
  }
}

/** Start a scan for `key` (btbeginscan, _bt_first). */
export function beginScan(rel: Relation, key: string): KeyScan {
  return { rel, entries: keyEntries(rel.index, key), next: 0, block: -1, frame: -1, killed: [] };
}

/** Scratch marks for the chain walk: `walked[offset] === walk` when this walk has been there (an offset met again ends it). */
const walked: number[] = [];
let walks = 0;

/**
 * heap_hot_search_buffer's walk from a line pointer (a redirect is followed at the chain's start
 * only): the chain's tuples, in order, and whether each is dead to everyone (all_dead: a dead or
 * unused line pointer leaves it true). HeapTupleIsSurelyDead reads the hint bits the visibility
 * check just before set; an xid in the reader's snapshot is past the horizon anyway, so the
 * verdict is HeapTupleSatisfiesVacuum's DEAD against the horizon.
 */
function hotChain(
  state: State,
  page: HeapPage,
  block: number,
  offset: number,
  horizon: () => number,
): { offsets: number[]; allDead: boolean } {
  const offsets: number[] = [];
  let allDead = true;
  let off = offset;
  let atStart = true;
  let prevXmax = INVALID_XID;
  const walk = ++walks;
  const hdr = Hdr.headersFor(page);
  while (off >= 1 && off <= page.items.length) {
    const b = (off - 1) * Hdr.H_STRIDE;
    const flags = hdr[b + Hdr.H_FLAGS];
    if (flags === 0 || flags === Hdr.F_DEAD) break;
    if (flags === Hdr.F_REDIRECT) {
      if (!atStart) break;
      off = ctidOffset(hdr[b + Hdr.H_CTID] as Ctid);
      atStart = false;
      continue;
    }
    const xmin = hdr[b + Hdr.H_XMIN];
    const xmax = hdr[b + Hdr.H_XMAX];
    // A version met again: a deleted tuple's t_ctid points at itself (not HOT-updated, whatever hotUpdated's xids say).
    if ((atStart && (flags & Hdr.F_HOT) !== 0) || (prevXmax !== INVALID_XID && xmin !== prevXmax) || walked[off] === walk) break;
    offsets.push(off);
    walked[off] = walk;
    // The horizon (a walk over every transaction) is asked for only when the verdict needs it: a deleter, and every version so far dead.
    if (allDead && htsvOf(state, xmin, xmax, xmax === INVALID_XID ? 0 : horizon()) !== 'dead') allDead = false;
    if (!hotUpdated(state, hdr, off - 1, block)) break;
    off = ctidOffset(hdr[b + Hdr.H_CTID] as Ctid);
    atStart = false;
    prevXmax = xmax;
  }
  return { offsets, allDead };
}

/** ReleaseAndReadBuffer: the scan lets go of the page it holds and pins `block`'s; returns its frame. */
export function holdBlock(state: State, scan: KeyScan, block: number, out: Out): number {
  if (block === scan.block) return scan.frame;
  if (scan.frame >= 0) unpin(state, scan.frame);
  scan.frame = readBuffer(state, pageKey(scan.rel, block), 'read', out);
  scan.block = block;
  return scan.frame;
}

/** heapam_index_fetch_tuple for one entry: switch to its page (prune_opt on a page the scan did not hold), walk its chain. */
function fetchEntry(state: State, scan: KeyScan, f: Found, out: Out): number[] {
  const block = ctidBlock(f.ctid);
  if (block !== scan.block) pruneOnAccess(state, scan.rel, block, holdBlock(state, scan, block, out), out);
  const page = state.pool.frames[scan.frame].page!;
  let horizon = -1;
  const chain = hotChain(state, page, block, ctidOffset(f.ctid), () => (horizon < 0 ? (horizon = xminHorizon(state).xmin) : horizon));
  if (chain.allDead) scan.killed.push(f);
  return chain.offsets;
}

/**
 * Fetch entries until the one whose HOT chain holds `target` (the version the statement works on):
 * returns the frame holding its page, pinned by the scan (`endScan` releases it), or -1 when no
 * entry left leads to it (every entry has then been fetched).
 */
export function scanTo(state: State, scan: KeyScan, target: Ctid | null, out: Out): number {
  while (scan.next < scan.entries.length) {
    const f = scan.entries[scan.next++];
    const chain = fetchEntry(state, scan, f, out);
    if (target !== null && ctidBlock(f.ctid) === ctidBlock(target) && chain.includes(ctidOffset(target))) return scan.frame;
  }
  return -1;
}

/** Mark an entry LP_DEAD on its leaf (a hint: no WAL, the page's LSN unchanged). */
function kill(tree: Btree, f: Found): void {
  const at = tree.pages[f.leaf]?.items.findIndex((e) => e.ctid === f.ctid && e.down < 0) ?? -1;
  if (at < 0) return;
  setPage(change(tree, null, 0, null), f.leaf, (p) => void (p.items[at] = { ...p.items[at], dead: true }));
}

/** The executor asks for the rest (every entry left is fetched), then index_endscan: _bt_killitems on leaves that did not change. */
export function endScan(state: State, scan: KeyScan, out: Out): void {
  scanTo(state, scan, null, out);
  if (scan.frame >= 0) unpin(state, scan.frame);
  scan.frame = -1;
  const tree = scan.rel.index;
  for (const f of scan.killed) if (tree.pages[f.leaf]?.lsn === f.lsn) kill(tree, f);
}

/**
 * _bt_check_unique before a new entry for `key` goes in: every live entry of the key is fetched
 * (table_index_fetch_tuple_check: a fresh fetch, so every page gets its prune_opt) and one whose
 * chain is dead to everyone is marked LP_DEAD at once. The lab refuses a duplicate before writing,
 * so no chain here holds a version the new one conflicts with.
 */
export function uniqueCheck(state: State, rel: Relation, key: string, out: Out): void {
  for (const f of keyEntries(rel.index, key)) {
    const scan: KeyScan = { rel, entries: [f], next: 0, block: -1, frame: -1, killed: [] };
    scanTo(state, scan, null, out);
    if (scan.frame >= 0) unpin(state, scan.frame);
    if (scan.killed.length > 0) kill(rel.index, f);
  }
}
