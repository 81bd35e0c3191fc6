import {
  align8,
  ctid,
  type HeapPage,
  INVALID_XID,
  LINE_POINTER_SIZE,
  lpLen,
  lpOff,
  lpWord,
  PAGE_HEADER_SIZE,
  PAGE_SIZE,
  type Row,
  type Tuple,
} from './page';
import { H_STRIDE, headersKept, setHeader } from './page-hdr';

/**
 * What pruning and VACUUM do to a heap page's line pointers (bufpage.c, pruneheap.c): redirects,
 * dead and unused items, and the compaction of the tuples left. Only line pointer words move; the
 * tuples stay as they are.
 */

/**
 * heap_page_prune_execute: redirect chain roots, mark items dead, free heap-only versions, then
 * PageRepairFragmentation (the tuples left are packed at the end of the page, in their order;
 * since PostgreSQL 15 the line pointer array loses its trailing unused items: pd_lower comes down).
 * Forward processing and redo both call it with the PRUNE record's offsets (`lps`: nredirected,
 * ndead, then the redirected pairs, the dead and the unused offsets), so both get the same page.
 */
export function pruneItems(page: HeapPage, lps: readonly number[], block: number): void {
  const deadFrom = 2 + 2 * lps[0];
  const unusedFrom = deadFrom + lps[1];
  const kept = headersKept(page);
  let n = 0;
  for (let i = 2; i < deadFrom; i += 2) n = release(page, lps[i], marker(REDIRECT, block, lps[i + 1]), n, kept);
  for (let i = deadFrom; i < unusedFrom; i++) n = release(page, lps[i], marker(DEAD, block, lps[i]), n, kept);
  for (let i = unusedFrom; i < lps.length; i++) n = release(page, lps[i], null, n, kept);
  page.upper = repairFragmentation(page.lp, page.upper, n);
  // A chain's root is never freed here (it becomes a redirect or dead), so some item stays.
  truncateLinePointers(page, 0, kept);
  page.lower = PAGE_HEADER_SIZE + page.items.length * LINE_POINTER_SIZE;
}

/**
 * The line pointer words of the tuples a prune frees, the first n of them: one scratch list for
 * every prune (a page has at most BLCKSZ / sizeof(ItemIdData) line pointers).
 */
const freed = new Int32Array(PAGE_SIZE / LINE_POINTER_SIZE);

/**
 * A line pointer loses its storage: its slot holds `item` (a marker, or null for unused), and its
 * word goes to `freed` after the n there. Returns the new count.
 */
function release(page: HeapPage, offset: number, item: Tuple | null, n: number, kept: boolean): number {
  const word = page.lp[offset - 1];
  page.items[offset - 1] = item;
  page.lp[offset - 1] = 0;
  if (kept) setHeader(page.hdr, offset - 1, item);
  if (!(word > 0)) return n;
  freed[n] = word;
  return n + 1;
}

/**
 * PageRepairFragmentation's compaction: the tuples (line pointers with storage), taken by their old
 * lp_off from the page's end down, packed against the end. Returns the new pd_upper. Only the line
 * pointers change; the tuples stay as they are.
 *
 * The pages built here are packed (addTuple places each tuple at pd_upper, compaction packs), so
 * each tuple left moves up by the bytes `freed` above it, and its order is never needed. Whether
 * the page was packed is checked on the way (the tuples left and the freed ones fill pd_upper to
 * the end exactly); a page that was not is then sorted and packed whole. Moving each tuple up by the
 * bytes freed above it keeps the tuples' order (tuples never overlap), so the sort can start from the
 * moved words.
 */
function repairFragmentation(lp: number[], upper: number, n: number): number {
  // The freed words by falling lp_off (insertion sort: a prune frees few, or frees them in order),
  // so a tuple's shift is the sum of the sizes before the first freed tuple below it.
  for (let i = 1; i < n; i++) {
    const w = freed[i];
    let j = i - 1;
    for (; j >= 0 && freed[j] < w; j--) freed[j + 1] = freed[j];
    freed[j + 1] = w;
  }
  let released = 0;
  for (let j = 0; j < n; j++) released += align8(lpLen(freed[j]));
  let kept = 0;
  for (let i = 0; i < lp.length; i++) {
    const word = lp[i];
    if (!(word > 0)) continue;
    kept += align8(lpLen(word));
    const off = lpOff(word);
    let shift = 0;
    for (let j = 0; j < n && lpOff(freed[j]) > off; j++) shift += align8(lpLen(freed[j]));
    if (shift > 0) lp[i] = word + shift * 32768;
  }
  return PAGE_SIZE - kept === upper + released ? upper + released : packInOrder(lp);
}

/** Compaction of any page: the tuples sorted by falling lp_off, packed against the end. */
function packInOrder(lp: number[]): number {
  const kept: number[] = [];
  for (let i = 0; i < lp.length; i++) if (lp[i] > 0) kept.push(i);
  kept.sort((a, b) => lp[b] - lp[a]);
  let upper = PAGE_SIZE;
  for (const i of kept) {
    upper -= align8(lpLen(lp[i]));
    lp[i] = lpWord(upper, lpLen(lp[i]));
  }
  return upper;
}

/** Drop trailing unused line pointers, keeping at least `least` (and their `hdr` numbers when `kept`). */
function truncateLinePointers(page: HeapPage, least: number, kept: boolean): void {
  while (page.items.length > least && page.items[page.items.length - 1] === null) {
    page.items.pop();
    page.lp.pop();
    if (kept) page.hdr.length -= H_STRIDE;
  }
}

/** lazy_vacuum_heap_page: dead items become unused, then PageTruncateLinePointerArray (never below one). */
export function unuseItems(page: HeapPage, unused: readonly number[]): void {
  const kept = headersKept(page);
  for (const o of unused) {
    page.items[o - 1] = null;
    page.lp[o - 1] = 0;
    if (kept) setHeader(page.hdr, o - 1, null);
  }
  truncateLinePointers(page, 1, kept);
  page.lower = PAGE_HEADER_SIZE + page.items.length * LINE_POINTER_SIZE;
}

/** A line pointer without storage has no columns: one frozen empty row serves them all. */
const NO_DATA: Row = Object.freeze({});

const REDIRECT = 0;
const DEAD = 1;

/**
 * Line pointers without storage, one per kind and ctid: they are immutable and equal by value, so
 * pages share them (each prune would otherwise allocate one per redirected or dead item, and keep
 * it). Kept per block (`markers[block][offset × 2 + kind]`), so a page pruned again finds its own
 * close together; the cache starts again past 2^16 of them.
 */
let markers: (Tuple | undefined)[][] = [];
let markerCount = 0;

/** The marker of a redirect (to `offset`) or of a dead line pointer (at `offset`) on `block`. */
function marker(kind: typeof REDIRECT | typeof DEAD, block: number, offset: number): Tuple {
  const byOffset = (markers[block] ??= []);
  const at = offset * 2 + kind;
  let m = byOffset[at];
  if (m === undefined) {
    if (markerCount >= 65536) {
      markers = [];
      markerCount = 0;
    }
    const c = ctid(block, offset);
    m = { len: 0, xmin: INVALID_XID, xmax: INVALID_XID, ctid: c, key: '', data: NO_DATA, lp: kind === DEAD ? 'dead' : 'redirect' };
    (markers[block] ??= [])[at] = m;
    markerCount += 1;
  }
  return m;
}
