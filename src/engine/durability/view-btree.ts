import { formatLsn } from '../wal/lsn';
import { bounds } from './btree-page';
import { ctidBlock, ctidOffset, formatCtid, type HeapPage } from './page';
import { diskImage, pageKey } from './storage';
import type { Btree, State } from './types';

/**
 * The view of the primary-key btrees and of the heap pages' line pointers, for the index and
 * HOT-chain panels. Small by construction: a leaf shows its entries when it has few, else its
 * first and last ones; a heap page shows its line pointers when it has few, else their counts.
 */

/** How much of the btrees and heap pages the view shows. */
const SHOWN = {
  /** Entries a leaf shows in full; a larger leaf shows the first and last three. */
  leafEntries: 12,
  /** Line pointers a heap page shows one by one; a page with more shows counts. */
  pageItems: 16,
  /** Heap pages whose line pointers are shown: all when there are no more, else the ones changed last. */
  heapPages: 8,
  /** Index pages per level (a 100,000-row table has hundreds of leaves). */
  indexPages: 8,
} as const;

export interface IndexEntryView {
  readonly key: string;
  /** The heap tuple it points at, as `(block,offset)`. */
  readonly ctid: string;
}

export interface IndexPageView {
  readonly block: number;
  readonly level: number;
  /** Index tuples on the page (data items; the high key apart). */
  readonly count: number;
  /** Free bytes between pd_lower and pd_upper. */
  readonly free: number;
  readonly lsnText: string;
  /** The high key (null: the rightmost page of its level). */
  readonly high: string | null;
  /** The right sibling's block, 0 for none. */
  readonly right: number;
  /** Leaf entries shown, in key order; `hidden` between the first and last three when the leaf is large. */
  readonly entries: readonly IndexEntryView[];
  readonly hidden: number;
  /** Internal page: its downlinks (key null: minus infinity) to child blocks. */
  readonly downlinks: readonly { readonly key: string | null; readonly child: number }[];
}

export interface IndexView {
  readonly table: string;
  readonly relfilenode: number;
  /** The metapage's root block and the tree's height in levels. */
  readonly root: number;
  readonly levels: number;
  /** Pages level by level from the root down, left to right along the sibling links (the first few of each level). */
  readonly pages: readonly IndexPageView[];
  /** Pages left out, by level (a level with more than eight pages). */
  readonly hidden: Readonly<Record<number, number>>;
}

export type LinePointerState = 'normal' | 'redirect' | 'dead' | 'unused';

export interface LinePointerView {
  readonly offset: number;
  readonly state: LinePointerState;
  readonly key: string | null;
  readonly xmin: number;
  readonly xmax: number;
  /** HEAP_ONLY_TUPLE: reached through its chain, never from the index. */
  readonly heapOnly: boolean;
  /** The next version on this page (a HOT chain's link or a redirect's target), or null. */
  readonly next: number | null;
  /** A newer version on another page, as `(block,offset)`, or null. */
  readonly movedTo: string | null;
}

export interface HeapItemsView {
  readonly table: string;
  readonly block: number;
  /** Line pointers one by one (empty when the page has too many: then `counts`). */
  readonly items: readonly LinePointerView[];
  readonly counts: Readonly<Record<LinePointerState, number>>;
}

export interface BtreeViews {
  readonly indexes: readonly IndexView[];
  /** The heap pages shown (at most eight: the ones with the newest pd_lsn), in table and block order. */
  readonly heapItems: readonly HeapItemsView[];
  /** Heap pages in all, shown or not. */
  readonly heapPages: number;
  /** The tables, the one whose heap changed last (newest pd_lsn of its pages) first; ties keep table order. */
  readonly recentTables: readonly string[];
}

function indexView(table: string, tree: Btree): IndexView {
  const pages: IndexPageView[] = [];
  const hidden: Record<number, number> = {};
  // Each level from its leftmost page (the first downlink's child) along the right links.
  let first = tree.root;
  for (;;) {
    let n = 0;
    for (let b = first; b !== 0; n++) {
      const p = tree.pages[b]!;
      if (n >= SHOWN.indexPages) {
        hidden[p.level] = (hidden[p.level] ?? 0) + 1;
        b = p.right;
        continue;
      }
      const { lower, upper } = bounds(p);
      const leaf = p.level === 0;
      const shown = !leaf ? [] : p.items.length <= SHOWN.leafEntries ? p.items : [...p.items.slice(0, 3), ...p.items.slice(-3)];
      pages.push({
        block: b,
        level: p.level,
        count: p.items.length,
        free: upper - lower,
        lsnText: formatLsn(p.lsn),
        high: p.high?.key ?? null,
        right: p.right,
        entries: shown.map((e) => ({ key: e.key ?? '', ctid: formatCtid(e.ctid) })),
        hidden: p.items.length - shown.length,
        downlinks: leaf ? [] : p.items.map((e) => ({ key: e.key, child: e.down })),
      });
      b = p.right;
    }
    const top = tree.pages[first]!;
    if (top.level === 0) break;
    first = top.items[0].down;
  }
  return { table, relfilenode: tree.relfilenode, root: tree.root, levels: tree.levels, pages, hidden };
}

function itemsView(table: string, block: number, page: HeapPage): HeapItemsView {
  const counts = { normal: 0, redirect: 0, dead: 0, unused: 0 };
  const items: LinePointerView[] = page.items.map((t, i) => {
    const state: LinePointerState = !t ? 'unused' : (t.lp ?? 'normal');
    counts[state] += 1;
    const self = i + 1;
    const linked =
      t !== null && (state === 'redirect' || (state === 'normal' && (ctidOffset(t.ctid) !== self || ctidBlock(t.ctid) !== block)));
    const samePage = linked && ctidBlock(t.ctid) === block;
    return {
      offset: self,
      state,
      key: t && state === 'normal' ? t.key : null,
      xmin: t?.xmin ?? 0,
      xmax: t?.xmax ?? 0,
      heapOnly: t?.hot === true,
      next: samePage ? ctidOffset(t.ctid) : null,
      movedTo: linked && !samePage ? formatCtid(t.ctid) : null,
    };
  });
  return { table, block, items: items.length <= SHOWN.pageItems ? items : [], counts };
}

/** A heap page as the panels see it: the buffer's copy, else what a read returns from disk. */
interface PageAt {
  readonly table: string;
  readonly block: number;
  readonly page: HeapPage;
  /** Position in table and block order. */
  readonly order: number;
}

/** Newest pd_lsn first; at equal LSNs, table and block order. */
const newestFirst = (a: PageAt, b: PageAt): number => b.page.lsn - a.page.lsn || a.order - b.order;

/** The indexes and the heap pages' line pointers (the buffer's copy of a page, else what a read returns). */
export function btreeViews(state: State): BtreeViews {
  const indexes: IndexView[] = [];
  const pages: PageAt[] = [];
  /** Each table's newest page LSN, in table order. */
  const tables: { readonly name: string; readonly lsn: number; readonly order: number }[] = [];
  for (const name in state.tables) {
    const rel = state.tables[name];
    indexes.push(indexView(name, rel.index));
    let lsn = 0;
    for (let b = 0; b < rel.nblocks; b++) {
      const key = pageKey(rel, b);
      const f = state.pool.map[key];
      const page = f !== undefined ? state.pool.frames[f].page : diskImage(state, key);
      if (!page) continue;
      pages.push({ table: name, block: b, page, order: pages.length });
      if (page.lsn > lsn) lsn = page.lsn;
    }
    tables.push({ name, lsn, order: tables.length });
  }
  // A busy run has more pages than a reader can follow: the ones the last steps changed, in reading order.
  const shown = pages.length <= SHOWN.heapPages ? pages : pages.slice().sort(newestFirst).slice(0, SHOWN.heapPages);
  shown.sort((a, b) => a.order - b.order);
  return {
    indexes,
    heapItems: shown.map((p) => itemsView(p.table, p.block, p.page)),
    heapPages: pages.length,
    recentTables: tables.sort((a, b) => b.lsn - a.lsn || a.order - b.order).map((t) => t.name),
  };
}
