/** The primary-key btree's pages and the undo list a crash needs (btree*.ts). */
import type { Ctid } from './page';

/**
 * One index tuple (IndexTupleData): on a leaf, a key and the heap tuple it points at; on an
 * internal page or as a high key, a pivot: a key (null: "minus infinity", the first item of an
 * internal page) and, on an internal page, the child block it leads to.
 */
export interface IndexEntry {
  readonly key: string | null;
  /** The heap tuple (leaf entries); -1 on a pivot (a truncated heap TID). */
  readonly ctid: Ctid;
  /** IndexTupleSize, MAXALIGNed. */
  readonly size: number;
  /** The child block of an internal page's item; -1 elsewhere. */
  readonly down: number;
  /** LP_DEAD: a scan found the heap tuple's whole HOT chain dead to everyone (a hint, no WAL); scans skip it. */
  readonly dead?: boolean;
}

/**
 * One btree page (nbtree.h). A state copy (clone.ts) shares pages, so a page changes in place only
 * through `setPage` (btree-page.ts), which first copies a page the copy may share (copy on first write).
 */
export interface BtreePage {
  /** btpo_level: 0 for a leaf. */
  readonly level: number;
  /** Data items in offset order (offsets start at 2 when there is a high key, else 1). */
  readonly items: readonly IndexEntry[];
  /** The high key (P_HIKEY), null on the rightmost page of its level. */
  readonly high: IndexEntry | null;
  /** btpo_prev / btpo_next: sibling blocks, 0 for none (P_NONE). */
  readonly left: number;
  readonly right: number;
  /** Bytes of index tuples on the page, the high key included. */
  readonly used: number;
  /** pd_lsn. */
  readonly lsn: number;
  /** The tree's clone generation (`Btree.epoch`) when this copy was made: only a page of the current one may change in place. */
  readonly epoch: number;
}

/** A logged btree change, kept to put the pages back as they were at the REDO point when the node crashes. */
export interface BtreeUndo {
  /** End of the change's last record. */
  readonly lsn: number;
  /** Blocks the change touched and their pages before it (null: the block did not exist). */
  readonly pages: readonly (readonly [number, BtreePage | null])[];
  readonly root: number;
  readonly levels: number;
  readonly metaLsn: number;
}

/** The primary-key btree: the metapage (block 0: root and level), then the pages it points at. */
export interface Btree {
  readonly relfilenode: number;
  /** Block -> page; block 0 is the metapage, kept as `root`, `levels` and `metaLsn`. Copied on state clone. */
  pages: (BtreePage | null)[];
  /** btm_root: the root's block. */
  root: number;
  /** btm_level + 1: leaves only is 1. */
  levels: number;
  /** pd_lsn of the metapage. */
  metaLsn: number;
  /** Changes since the REDO point, newest last (recovery.ts puts the pages back, then replays). */
  undo: BtreeUndo[];
  /**
   * Per block, the end of the last change whose before-image `undo` keeps. A block kept since
   * the newest REDO point is not kept again: undoing to that point restores the older image.
   */
  recorded: number[];
  /**
   * The clone generation: a snapshot (clone.ts) moves it on in both the state and its copy, so the
   * pages they share, made in an older one, are copied before they change (btree-page.ts, setPage).
   */
  epoch: number;
}
