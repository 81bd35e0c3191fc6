import type { Brand } from '../core/brand';
import { type Column, heapTupleLen, rowLayout } from '../wal/tuple';
import { H_CTID, H_STRIDE, H_XMAX, headersKept, headersOf, setHeader } from './page-hdr';

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
export const LINE_POINTER_SIZE = 4;
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
  /**
   * The tuple headers' fields that pruning and HOT chain walks read, four numbers per line pointer
   * (index (offset - 1) × 4, see `page-hdr.ts`), kept beside `items` as a real page keeps
   * them in the tuple: t_xmin, t_xmax, t_ctid, and flags (`F_TUPLE`, `F_HOT`, `F_REDIRECT`,
   * `F_DEAD`; 0 for an unused slot). Reading numbers here spares a walk the tuple objects' cache misses.
   * Redo leaves it empty beside the items (stale); readers take it through `headersFor`, which builds it.
   */
  hdr: number[];
}

/** lp_off of a line pointer word. */
export const lpOff = (word: number): number => word >>> 15;
/** lp_len of a line pointer word. */
export const lpLen = (word: number): number => word & 0x7fff;
/** A line pointer word of a tuple at `off` of length `len`. */
export const lpWord = (off: number, len: number): number => off * 32768 + len;

/** PageInit: an empty page. */
export const newPage = (): HeapPage => ({
  lsn: 0,
  lower: PAGE_HEADER_SIZE,
  upper: PAGE_SIZE,
  checksum: 0,
  items: [],
  lp: [],
  hdr: [],
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
  const { len, xmin, ctid: c, key, data } = fields;
  // Literals with retuple's field order, so every tuple has one of two shapes.
  const t: Tuple = fields.hot
    ? { len, xmin, xmax: INVALID_XID, ctid: c, key, data, hot: true }
    : { len, xmin, xmax: INVALID_XID, ctid: c, key, data };
  page.upper = upper;
  const kept = headersKept(page);
  while (page.items.length < offset - 1) {
    page.items.push(null);
    page.lp.push(0);
    if (kept) page.hdr.push(0, 0, 0, 0);
  }
  page.items[offset - 1] = t;
  page.lp[offset - 1] = lpWord(upper, fields.len);
  if (kept) setHeader(page.hdr, offset - 1, t);
  page.lower = PAGE_HEADER_SIZE + page.items.length * LINE_POINTER_SIZE;
  return t;
}

/** PageAddItem's choice: the first unused line pointer (pruning leaves some), else the next one. */
export function freeOffset(page: HeapPage): number {
  const i = page.items.indexOf(null);
  return i >= 0 ? i + 1 : page.items.length + 1;
}

/** Stamp t_xmax (and for an UPDATE, t_ctid pointing at the new version). */
export function setXmax(page: HeapPage, offset: number, xmax: number, newCtid: Ctid | null): void {
  const old = page.items[offset - 1];
  if (!old) return;
  const c = newCtid ?? old.ctid;
  page.items[offset - 1] = retuple(old, xmax, c);
  if (!headersKept(page)) return;
  page.hdr[(offset - 1) * H_STRIDE + H_XMAX] = xmax;
  page.hdr[(offset - 1) * H_STRIDE + H_CTID] = c;
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
  hdr: page.hdr.slice(),
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
  const items = next.items.map((t, i) => (torn(i) ? (oldByOff.get(lpOff(next.lp[i])) ?? null) : t));
  return {
    ...next,
    items,
    lp: next.lp.map((word, i) => (torn(i) && !oldByOff.has(lpOff(word)) ? 0 : word)),
    hdr: headersOf(items),
  };
}
