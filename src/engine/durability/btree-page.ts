import { INVALID_LSN } from '../wal/lsn';
import { assembleSize, type BlockPart, pageImageBytes, type RecordLength } from '../wal/records';
import { BT_SPACE, BT_SPECIAL, LINE_POINTER } from './btree-split';
import { type Ctid, PAGE_HEADER_SIZE, PAGE_SIZE } from './page';
import type { Out } from './storage';
import type { Btree, BtreePage, IndexEntry, Relation, State, WalKind } from './types';
import { insertRecord } from './wal';

/**
 * The btree's page arithmetic (bufpage.h, nbtree.h) and the bookkeeping of one change: the pages
 * it replaces (kept for a crash, see btree.ts) and the records it logs (nbtxlog.h sizes).
 */

/** A pivot's heap TID once truncated away: sorts before every real one. */
export const NO_CTID = -1 as Ctid;
/** A pivot with no key: the "minus infinity" first item of an internal page (an IndexTupleData header). */
export const MINUS_INFINITY = 8;
/** xl_btree_metadata: version, root, level, fastroot, fastlevel, last_cleanup_num_delpages, allequalimage. */
export const METADATA = 28;
/** xl_btree_split: level, firstrightoff, newitemoff, postingoff. */
export const SPLIT_MAIN = 10;
/** xl_btree_newroot: rootblk, level. */
export const NEWROOT_MAIN = 8;
/** xl_btree_insert: offnum. */
export const INSERT_MAIN = 2;
/** xl_btree_vacuum: ndeleted, nupdated. */
export const VACUUM_MAIN = 4;

/** A new, empty leaf of clone generation `epoch`. */
export const emptyLeaf = (epoch: number): BtreePage => ({ level: 0, items: [], high: null, left: 0, right: 0, used: 0, lsn: 0, epoch });

/** P_FIRSTDATAKEY: offset 1 holds the high key on every page but the rightmost of its level. */
export const firstData = (p: BtreePage): number => (p.high ? 2 : 1);

/** pd_lower and pd_upper: line pointers grow up from the header, tuples down from the special space. */
export function bounds(p: BtreePage): { lower: number; upper: number } {
  const slots = p.items.length + (p.high ? 1 : 0);
  return { lower: PAGE_HEADER_SIZE + LINE_POINTER * slots, upper: PAGE_SIZE - BT_SPECIAL - p.used };
}

/** PageGetFreeSpace: what one more tuple may take (its line pointer already counted). */
export const freeSpace = (p: BtreePage): number => BT_SPACE - LINE_POINTER * (p.items.length + (p.high ? 1 : 0)) - p.used - LINE_POINTER;

/** A full-page image's bytes: the page without the hole between pd_lower and pd_upper. */
export const imageBytes = (p: BtreePage): number => {
  const { lower, upper } = bounds(p);
  return pageImageBytes(PAGE_SIZE, lower, upper);
};

/** The image bytes of `p` once `entry` is added to it. */
export const imageBytesWith = (p: BtreePage, entry: IndexEntry): number => {
  const { lower, upper } = bounds(p);
  return pageImageBytes(PAGE_SIZE, lower + LINE_POINTER, upper - entry.size);
};

/** Bytes of these tuples. */
export const sum = (items: readonly IndexEntry[]): number => items.reduce((n, e) => n + e.size, 0);

/** An entry sorts before (key, ctid): key order, then heap TID (a pivot's truncated TID is minus infinity). */
const before = (a: IndexEntry, key: string, c: Ctid) => a.key === null || a.key < key || (a.key === key && a.ctid < c);

/** _bt_binsrch_insert on a leaf: the 0-based slot for a new entry. */
export function slotFor(items: readonly IndexEntry[], key: string, c: Ctid): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(items[mid], key, c)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** _bt_binsrch on an internal page: the last item whose pivot is at or before (key, ctid). */
export const childPos = (items: readonly IndexEntry[], key: string, c: Ctid): number => Math.max(0, slotFor(items, key, c) - 1);

/** One insert or vacuum in progress: the pages it replaces, and how it logs. */
export interface Change {
  readonly tree: Btree;
  /** Logging: null when loading rows or replaying a record. */
  readonly log: { readonly state: State; readonly rel: Relation; readonly xid: number; readonly out: Out } | null;
  /** pd_lsn for pages changed without logging (a replayed record's end). */
  readonly lsn: number;
  /**
   * The newest REDO point (a running checkpoint's, once it has chosen one): a block whose image
   * from before its first change after it is not kept yet gets it kept (`finish`); -1 keeps none.
   */
  readonly since: number;
  readonly before: Map<number, BtreePage | null>;
  readonly root: number;
  readonly levels: number;
  readonly metaLsn: number;
  /** End of the last record written. */
  end: number;
}

/** A change to `tree`; `state` null when loading rows (nothing is kept for a crash). */
export const change = (tree: Btree, log: Change['log'], lsn: number, state: State | null): Change => ({
  tree,
  log,
  lsn,
  since: state === null ? -1 : state.checkpoint ? Math.max(state.control.redo, state.checkpoint.redo) : state.control.redo,
  before: new Map(),
  root: tree.root,
  levels: tree.levels,
  metaLsn: tree.metaLsn,
  end: lsn,
});

/** The change keeps the block's page as it is now for a crash (`finish`). */
const keeps = (ch: Change, block: number): boolean => (ch.tree.recorded[block] ?? 0) <= ch.since;

/** A page `setPage` hands to an edit: it may change in place. */
export type WritablePage = { -readonly [K in keyof BtreePage]: BtreePage[K] } & { items: IndexEntry[] };

/**
 * Change the page at `block` with `edit`, remembering the page before for a crash. Copy on first
 * write: a page made in the tree's clone generation belongs to this state alone and changes in
 * place; an older one may be shared with a snapshot (clone.ts), and the page as it is before the
 * change's first write may be kept for a crash (`finish`): those are copied first, items included.
 */
export function setPage(ch: Change, block: number, edit: (p: WritablePage) => void): void {
  const { tree } = ch;
  const page = tree.pages[block];
  if (!page) throw new Error(`btree: no page at block ${block}`);
  const first = !ch.before.has(block);
  if (first) ch.before.set(block, page);
  let p: WritablePage;
  // The cast is the copy-on-write rule: only a page of this generation, not kept, is written.
  if (page.epoch === tree.epoch && !(first && keeps(ch, block))) p = page as WritablePage;
  else {
    p = { ...page, items: page.items.slice(), epoch: tree.epoch };
    tree.pages[block] = p;
  }
  edit(p);
}

/** Put a new page at `block` (a split's right half, a new root), remembering what was there for a crash. */
export function addPage(ch: Change, block: number, page: Omit<BtreePage, 'epoch'>): void {
  if (!ch.before.has(block)) ch.before.set(block, ch.tree.pages[block] ?? null);
  ch.tree.pages[block] = { ...page, epoch: ch.tree.epoch };
}

/** Keep the change for a crash, and forget those a crash can no longer take back (before the REDO point). */
export function finish(ch: Change, state: State): void {
  if (ch.end === 0 || ch.before.size === 0) return;
  const { undo, recorded } = ch.tree;
  const redo = state.control.redo;
  // Undoing to the newest REDO point (or to an older one) needs each block's image from before its
  // first change after it, and no later one.
  const pages: [number, BtreePage | null][] = [];
  for (const [block, page] of ch.before) {
    if (!keeps(ch, block)) continue;
    pages.push([block, page]);
    recorded[block] = ch.end;
  }
  if (pages.length > 0) undo.push({ lsn: ch.end, pages, root: ch.root, levels: ch.levels, metaLsn: ch.metaLsn });
  let drop = 0;
  while (drop < undo.length && undo[drop].lsn <= redo) drop++;
  if (drop > 0) undo.splice(0, drop);
}

/** The page needs its image in the record (REGBUF_STANDARD): full_page_writes and no change since the REDO point. */
export const needsImage = (ch: Change, p: BtreePage): boolean =>
  ch.log !== null && ch.log.state.settings.full_page_writes && p.lsn <= ch.log.state.redoRecPtr;

/** A block a record references. */
export interface Ref {
  readonly block: number;
  /** The page's image bytes, or 0. */
  readonly image: number;
  readonly data: number;
}

/** pg_waldump's block references of a record on the index. */
function blkrefText(ch: Change, refs: readonly Ref[]): string {
  const file = `rel 1663/5/${ch.tree.relfilenode}`;
  return refs.map((r, i) => `blkref #${i}: ${file} blk ${r.block}${r.image > 0 ? ' FPW' : ''}`).join(', ');
}

/**
 * Log one btree record: its blocks (the first with the index's RelFileLocator, the others
 * BKPBLOCK_SAME_REL) and pg_waldump's desc; returns the record's end (the pages' new pd_lsn).
 * A leaf tuple's heap ctid rides in `lps` (a Btree VACUUM's: the deleted ones) for replay.
 */
export function log(
  ch: Change,
  kind: WalKind,
  refs: readonly Ref[],
  main: number,
  desc: string,
  at: { block: number; offset: number },
  entry: IndexEntry | null,
  lps: readonly number[] | null = entry !== null && entry.down < 0 ? [entry.ctid] : null,
): number {
  if (!ch.log) return ch.lsn;
  const { state, rel, xid, out } = ch.log;
  const parts: BlockPart[] = refs.map((r, i) => ({ image: r.image, data: r.data, sameRel: i > 0 }));
  const len: RecordLength = assembleSize(main, parts);
  const ref = {
    rel: rel.name,
    block: at.block,
    offset: at.offset,
    init: false,
    fpi: null,
    oldBlock: 0,
    oldOffset: 0,
    oldFpi: null,
    key: entry?.key ?? null,
    data: null,
    len: entry?.size ?? 0,
  };
  // INSERT_LEAF and BTREE_VACUUM keep their one-block description (waldump.ts); the others carry theirs.
  const text = kind === 'INSERT_LEAF' || kind === 'BTREE_VACUUM' ? '' : `${desc}, ${blkrefText(ch, refs)}`;
  const rec = insertRecord(state, kind, xid, ref, INVALID_LSN, len, text, out, 0, lps);
  for (const r of refs)
    if (r.image > 0) {
      state.counters.fpiCount += 1;
      state.counters.fpiBytes += r.image + 5;
    }
  ch.end = rec.end;
  return rec.end;
}
