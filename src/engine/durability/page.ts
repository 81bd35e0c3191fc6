import type { Brand } from '../core/brand';
import { type Column, heapTupleLen, rowLayout } from '../wal/tuple';

/**
 * Heap pages as PostgreSQL lays them out (bufpage.h, htup_details.h), kept as plain data:
 * we track the byte size of every part so pages fill up like real ones, without allocating
 * 8 kB buffers. Tuples are immutable objects: a change replaces the tuple in its slot, so a
 * page copy (a write to the OS cache, a full-page image) is one array slice, never a deep copy.
 */

/** BLCKSZ. */
export const PAGE_SIZE = 8192;
/** SizeOfPageHeaderData: pd_lsn, pd_checksum, pd_flags, pd_lower, pd_upper, pd_special, ... */
export const PAGE_HEADER_SIZE = 24;
/** sizeof(ItemIdData): lp_off (15 bits), lp_flags (2), lp_len (15). */
const LINE_POINTER_SIZE = 4;
/** The torn-write unit: the kernel wrote the first 4 kB of the 8 kB page, not the rest. */
const TORN_SPLIT = PAGE_SIZE / 2;

/** InvalidTransactionId: an unset t_xmax. */
export const INVALID_XID = 0;
/** FrozenTransactionId: rows loaded before the scenario starts are visible to everyone. */
export const FROZEN_XID = 2;

/** An item pointer (block, offset) packed in one number: block * 2^16 + offset. */
export type Ctid = Brand<number, 'ctid'>;
export const ctid = (block: number, offset: number) => (block * 65536 + offset) as Ctid;
export const ctidBlock = (c: Ctid): number => Math.floor(c / 65536);
export const ctidOffset = (c: Ctid): number => c % 65536;
/** `(0,3)`, as PostgreSQL prints a ctid. */
export const formatCtid = (c: Ctid): string => `(${ctidBlock(c)},${ctidOffset(c)})`;

export type Value = string | number | boolean | null;
export type Row = Readonly<Record<string, Value>>;

/** A heap tuple and its line pointer's length and flags. Never mutated after it is placed on a page. */
export interface Tuple {
  /** lp_len: header plus data. */
  readonly len: number;
  /** t_xmin: the inserting transaction. */
  readonly xmin: number;
  /** t_xmax: the deleting or updating transaction, 0 when none. */
  readonly xmax: number;
  /** t_ctid: this tuple itself, or its newer version after an UPDATE. */
  readonly ctid: Ctid;
  /** The primary-key column. */
  readonly key: string;
  /** The other columns. */
  readonly data: Row;
  /** HEAP_ONLY_TUPLE: a HOT update's new version, reached through its chain, never from the index. */
  readonly hot?: boolean;
  /**
   * A line pointer without a tuple, left by pruning: `redirect` (lp_off is the chain's next
   * offset, in `ctid`) or `dead` (its index entries must go before it becomes unused). Such an
   * item has xmin 0, so no reader ever sees it.
   */
  readonly lp?: 'redirect' | 'dead';
}

/** A heap page: header fields, then the line pointer array (`items`, index = offset - 1). */
export interface HeapPage {
  /** pd_lsn: end of the last WAL record that changed this page. */
  lsn: number;
  /** pd_lower: end of the line pointer array. */
  lower: number;
  /** pd_upper: start of the tuple area. */
  upper: number;
  /** pd_checksum: set when the page is written out; checked when it is read back. */
  checksum: number;
  /**
   * pd_prune_xid: the oldest xid that deleted or replaced a tuple here since the page was last
   * pruned (PageSetPrunable), 0 when none; pruning on access looks at it first.
   */
  pruneXid?: number;
  /** PD_PAGE_FULL: an UPDATE found no room here for its new version (PageSetFull); pruning clears it. */
  full?: boolean;
  /** The line pointers with their tuples; null marks an unused or torn-away slot. */
  items: (Tuple | null)[];
  /**
   * The line pointer array's words (same index as `items`), as ItemIdData packs them: lp_off
   * (where the tuple starts, tuples growing down from the end) times 2^15 plus lp_len; 0 for a slot
   * without storage. Kept apart from the tuples, as on a real page, so compaction moves numbers,
   * not tuples. Read them with `lpOff` and `lpLen`.
   */
  lp: number[];
}

/** lp_off of a line pointer word. */
export const lpOff = (word: number): number => word >>> 15;
/** lp_len of a line pointer word. */
const lpLen = (word: number): number => word & 0x7fff;
const lpWord = (off: number, len: number): number => off * 32768 + len;

/** PageInit: an empty page. */
export const newPage = (): HeapPage => ({
  lsn: 0,
  lower: PAGE_HEADER_SIZE,
  upper: PAGE_SIZE,
  checksum: 0,
  items: [],
  lp: [],
});

/**
 * lp_len of a tuple: t_hoff (the 23-byte header, plus the null bitmap when a column is NULL,
 * MAXALIGNed) plus the data as heap_fill_tuple lays it out (../wal/tuple.ts: short varlena text,
 * int4 aligned to 4, int8/float8 to 8).
 */
export const tupleLen = (key: string, data: Row, columns: readonly Column[]): number => heapTupleLen(rowLayout(key, data, columns));

export const align8 = (n: number) => (n + 7) & ~7;

/** Free space for one more tuple (PageGetHeapFreeSpace: it must also fit a line pointer). */
export function freeSpace(page: HeapPage): number {
  return Math.max(0, page.upper - page.lower - LINE_POINTER_SIZE);
}

/** Whether a tuple of this length fits. */
export const fits = (page: HeapPage, len: number): boolean => align8(len) <= freeSpace(page);

/**
 * PageAddItem at a given offset: forward processing passes the next free offset, redo passes
 * the offset the WAL record names, so both place the tuple at the same lp_off.
 */
export function addTuple(
  page: HeapPage,
  offset: number,
  fields: { xmin: number; ctid: Ctid; key: string; data: Row; len: number; hot?: boolean },
): Tuple {
  const upper = page.upper - align8(fields.len);
  const t: Tuple = {
    len: fields.len,
    xmin: fields.xmin,
    xmax: INVALID_XID,
    ctid: fields.ctid,
    key: fields.key,
    data: fields.data,
    ...(fields.hot ? { hot: true } : null),
  };
  page.upper = upper;
  while (page.items.length < offset - 1) {
    page.items.push(null);
    page.lp.push(0);
  }
  page.items[offset - 1] = t;
  page.lp[offset - 1] = lpWord(upper, fields.len);
  page.lower = PAGE_HEADER_SIZE + page.items.length * LINE_POINTER_SIZE;
  return t;
}

/** PageAddItem's choice: the first unused line pointer (pruning leaves some), else the next one. */
export function freeOffset(page: HeapPage): number {
  const i = page.items.indexOf(null);
  return i >= 0 ? i + 1 : page.items.length + 1;
}

/**
 * heap_page_prune_execute: redirect chain roots, mark items dead, free heap-only versions, then
 * PageRepairFragmentation (the tuples left are packed at the end of the page, in their order;
 * since PostgreSQL 15 the line pointer array loses its trailing unused items: pd_lower comes down).
 * Forward processing and redo both call it with the PRUNE record's offsets (`lps`: nredirected,
 * ndead, then the redirected pairs, the dead and the unused offsets), so both get the same page.
 */
export function pruneItems(page: HeapPage, lps: readonly number[], block: number): void {
  const { items, lp } = page;
  // The line pointer words of the tuples that lose their storage here.
  const freed: number[] = [];
  const release = (offset: number, item: Tuple | null) => {
    const word = lp[offset - 1];
    if (word > 0) freed.push(word);
    items[offset - 1] = item;
    lp[offset - 1] = 0;
  };
  const deadFrom = 2 + 2 * lps[0];
  const unusedFrom = deadFrom + lps[1];
  for (let i = 2; i < deadFrom; i += 2) release(lps[i], marker('redirect', ctid(block, lps[i + 1])));
  for (let i = deadFrom; i < unusedFrom; i++) release(lps[i], marker('dead', ctid(block, lps[i])));
  for (let i = unusedFrom; i < lps.length; i++) release(lps[i], null);
  page.upper = repairFragmentation(lp, page.upper, freed);
  // A chain's root is never freed here (it becomes a redirect or dead), so some item stays.
  truncateLinePointers(page, 0);
  page.lower = PAGE_HEADER_SIZE + page.items.length * LINE_POINTER_SIZE;
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
function repairFragmentation(lp: number[], upper: number, freed: readonly number[]): number {
  let released = 0;
  for (const word of freed) released += align8(lpLen(word));
  let kept = 0;
  for (let i = 0; i < lp.length; i++) {
    const word = lp[i];
    if (!(word > 0)) continue;
    kept += align8(lpLen(word));
    const off = lpOff(word);
    let shift = 0;
    for (const f of freed) if (lpOff(f) > off) shift += align8(lpLen(f));
    lp[i] = word + shift * 32768;
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

/** Drop trailing unused line pointers, keeping at least `least`. */
function truncateLinePointers(page: HeapPage, least: number): void {
  while (page.items.length > least && page.items[page.items.length - 1] === null) {
    page.items.pop();
    page.lp.pop();
  }
}

/** lazy_vacuum_heap_page: dead items become unused, then PageTruncateLinePointerArray (never below one). */
export function unuseItems(page: HeapPage, unused: readonly number[]): void {
  for (const o of unused) {
    page.items[o - 1] = null;
    page.lp[o - 1] = 0;
  }
  truncateLinePointers(page, 1);
  page.lower = PAGE_HEADER_SIZE + page.items.length * LINE_POINTER_SIZE;
}

/** A line pointer without storage has no columns: one frozen empty row serves them all. */
const NO_DATA: Row = Object.freeze({});

const marker = (lp: 'redirect' | 'dead', c: Ctid): Tuple => ({
  len: 0,
  xmin: INVALID_XID,
  xmax: INVALID_XID,
  ctid: c,
  key: '',
  data: NO_DATA,
  lp,
});

/** Stamp t_xmax (and for an UPDATE, t_ctid pointing at the new version). */
export function setXmax(page: HeapPage, offset: number, xmax: number, newCtid: Ctid | null): void {
  const old = page.items[offset - 1];
  if (!old) return;
  page.items[offset - 1] = retuple(old, xmax, newCtid ?? old.ctid);
}

/** A tuple with a new t_xmax and t_ctid, its fields in the order `addTuple` gives them (a literal keeps one shape). */
function retuple(t: Tuple, xmax: number, c: Ctid): Tuple {
  if (t.lp) return { ...t, xmax, ctid: c };
  const { len, xmin, key, data } = t;
  return t.hot === undefined ? { len, xmin, xmax, ctid: c, key, data } : { len, xmin, xmax, ctid: c, key, data, hot: t.hot };
}

/** A copy of the page as it is now: what a write hands the kernel, or what an FPI holds. */
export const copyPage = (page: HeapPage): HeapPage => ({
  lsn: page.lsn,
  lower: page.lower,
  upper: page.upper,
  checksum: page.checksum,
  ...(page.pruneXid ? { pruneXid: page.pruneXid } : null),
  ...(page.full ? { full: true } : null),
  items: page.items.slice(),
  lp: page.lp.slice(),
});

/** PageSetPrunable: remember the oldest xid whose deleted or replaced tuples may soon be dead. */
export function setPrunable(page: HeapPage, xid: number): void {
  if (!page.pruneXid || xid < page.pruneXid) page.pruneXid = xid;
}

/**
 * A stand-in for pg_checksum_page: FNV-1a over the header and every tuple's fields, mixed
 * with the block number (as PostgreSQL does, so a page written at the wrong place fails too).
 * Tuple data is immutable, so its identity is covered by key, length and offset.
 */
export function pageChecksum(page: HeapPage, block: number): number {
  let h = 0x811c9dc5 ^ block;
  const mix = (n: number) => {
    h = Math.imul(h ^ (n | 0), 0x01000193);
    h = Math.imul(h ^ ((n / 4294967296) | 0), 0x01000193);
  };
  mix(page.lsn);
  mix(page.lower);
  mix(page.upper);
  for (let i = 0; i < page.items.length; i++) {
    const t = page.items[i];
    if (!t) {
      mix(-1);
      continue;
    }
    mix(lpOff(page.lp[i]));
    mix(t.len);
    mix(t.xmin);
    mix(t.xmax);
    mix(t.ctid);
    for (let i = 0; i < t.key.length; i++) mix(t.key.charCodeAt(i));
  }
  // pd_checksum is 16 bits; 0 means "never checksummed" and is avoided as PostgreSQL does.
  return (h >>> 16) ^ (h & 0xffff) || 1;
}

/** Whether a page read back from disk matches its stored checksum (a fresh zero page does). */
export function checksumOk(page: HeapPage, block: number): boolean {
  if (page.lsn === 0 && page.items.length === 0) return true;
  return page.checksum === pageChecksum(page, block);
}

/**
 * A torn write: the first 4 kB of the new page reached the platter, the last 4 kB did not.
 * The header and line pointers (low addresses) are new; tuples stored in the high half come
 * from the old page when it had a tuple at that spot, otherwise the bytes are garbage and the
 * slot is lost. The stored checksum is the new page's, so the mix fails verification.
 */
export function tearPage(next: HeapPage, old: HeapPage | null): HeapPage {
  const oldByOff = new Map<number, Tuple>();
  old?.items.forEach((t, i) => t && oldByOff.set(lpOff(old.lp[i]), t));
  const torn = (i: number) => next.items[i] !== null && lpOff(next.lp[i]) >= TORN_SPLIT;
  return {
    ...next,
    items: next.items.map((t, i) => (torn(i) ? (oldByOff.get(lpOff(next.lp[i])) ?? null) : t)),
    lp: next.lp.map((word, i) => (torn(i) && !oldByOff.has(lpOff(word)) ? 0 : word)),
  };
}
