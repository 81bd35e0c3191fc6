import { indexTupleSize } from '../wal/tuple';
import { findSplitLoc } from './btree-split';
import {
  addPage,
  change,
  type Change,
  childPos,
  emptyLeaf,
  finish,
  firstData,
  freeSpace,
  imageBytes,
  imageBytesWith,
  INSERT_MAIN,
  log,
  METADATA,
  MINUS_INFINITY,
  needsImage,
  NEWROOT_MAIN,
  NO_CTID,
  type Ref,
  setPage,
  slotFor,
  SPLIT_MAIN,
  sum,
} from './btree-page';
import { uniqueCheck } from './index-scan';
import type { Ctid } from './page';
import type { Out } from './storage';
import type { Btree, BtreePage, IndexEntry, Relation, State, WalRecord } from './types';

export { btreeVacuum } from './btree-vacuum';

/**
 * The primary-key btree (nbtinsert.c, nbtsplitloc.c, nbtxlog.c): a metapage at block 0, a root,
 * and below it leaves whose index tuples point at heap ctids, in key then ctid order. Every heap
 * tuple that is not heap-only gets an entry (`_bt_doinsert`): INSERT_LEAF when it fits on its
 * leaf; when it does not, the leaf splits (SPLIT_L or SPLIT_R, where _bt_findsplitloc says, the
 * right half on a new block at the end of the file) and the parent gets a downlink to the new
 * page (INSERT_UPPER), or, when the leaf was the root, a new root is made (NEWROOT, with the
 * metapage). Internal pages split the same way. Records carry page images on a page's first
 * change after a checkpoint, where PostgreSQL registers the page REGBUF_STANDARD.
 *
 * The index is not in the buffer pool: its pages reach disk at checkpoints. A crash puts the
 * pages back as they were at the REDO point (`crashBtree`, from the changes kept since), and
 * recovery replays the btree records from there (`btreeRedo`). Scans walk a key's leaf entries
 * (index-scan.ts), which may mark one LP_DEAD (a hint: no WAL, no LSN).
 *
 * Not modelled: deleting LP_DEAD items before a split (Btree DELETE), bottom-up deletion and deduplication before a split
 * (a leaf full of one key's versions), page deletion and recycling, the fast root.
 */

/** An empty index (the root is a leaf at block 1) with a relfilenode of its own. */
export function newBtree(relfilenode: number): Btree {
  return { relfilenode, pages: [null, emptyLeaf(0)], root: 1, levels: 1, metaLsn: 0, undo: [], recorded: [], epoch: 0 };
}

/** _bt_insertonpg: put `entry` at 0-based `pos` on the page, splitting it when it does not fit. */
function insertOnPage(
  ch: Change,
  block: number,
  pos: number,
  entry: IndexEntry,
  stack: { block: number; pos: number }[],
  child: number,
): void {
  const page = ch.tree.pages[block]!;
  if (freeSpace(page) < entry.size) return split(ch, block, pos, entry, stack, child);
  const refs: Ref[] = [{ block, image: needsImage(ch, page) ? imageBytesWith(page, entry) : 0, data: entry.size }];
  const childPage = page.level > 0 ? ch.tree.pages[child]! : null;
  if (childPage) refs.push({ block: child, image: needsImage(ch, childPage) ? imageBytes(childPage) : 0, data: 0 });
  const off = pos + firstData(page);
  const lsn = log(ch, page.level === 0 ? 'INSERT_LEAF' : 'INSERT_UPPER', refs, INSERT_MAIN, `off ${off}`, { block, offset: off }, entry);
  setPage(ch, block, (p) => {
    p.items.splice(pos, 0, entry);
    p.used += entry.size;
    p.lsn = lsn;
  });
  // The child's INCOMPLETE_SPLIT flag is cleared: it is changed too.
  if (childPage) setPage(ch, child, (p) => void (p.lsn = lsn));
}

/** _bt_split: the left half stays on the block, the right half goes to a new block; then the parent learns of it. */
function split(ch: Change, block: number, pos: number, entry: IndexEntry, stack: { block: number; pos: number }[], child: number): void {
  const tree = ch.tree;
  const page = tree.pages[block]!;
  const isLeaf = page.level === 0;
  const choice = findSplitLoc({
    isLeaf,
    rightmost: page.right === 0,
    highSize: page.high?.size ?? 0,
    sizes: page.items.map((e) => e.size),
    keys: page.items.map((e) => e.key),
    newPos: pos,
    newSize: entry.size,
    newKey: entry.key,
  });
  const all = page.items.slice();
  all.splice(pos, 0, entry);
  const cut = choice.newItemOnLeft ? choice.firstRight + 1 : choice.firstRight;
  const firstRight = all[cut];
  const lastLeft = all[cut - 1];
  // _bt_truncate: the left page's new high key is firstright's key (with its heap TID only when lastleft has the same key).
  const high: IndexEntry = isLeaf
    ? lastLeft.key === firstRight.key
      ? { key: firstRight.key, ctid: firstRight.ctid, size: firstRight.size + 8, down: -1 }
      : { key: firstRight.key, ctid: NO_CTID, size: firstRight.size, down: -1 }
    : { ...firstRight, down: -1 };
  const leftItems = all.slice(0, cut);
  const rightItems = all.slice(cut);
  // On an internal page the right half's first item loses its key: it becomes minus infinity.
  if (!isLeaf) rightItems[0] = { key: null, ctid: NO_CTID, size: MINUS_INFINITY, down: firstRight.down };
  const rightBlock = tree.pages.length;
  const left = { items: leftItems, high, right: rightBlock, used: sum(leftItems) + high.size };
  const rightUsed = sum(rightItems) + (page.high?.size ?? 0);
  const right: Omit<BtreePage, 'epoch'> = {
    level: page.level,
    items: rightItems,
    high: page.high,
    left: block,
    right: page.right,
    used: rightUsed,
    lsn: 0,
  };
  const sibling = page.right !== 0 ? tree.pages[page.right]! : null;
  const childPage = isLeaf ? null : tree.pages[child]!;
  const refs: Ref[] = [
    {
      block,
      image: needsImage(ch, page) ? imageBytes({ ...page, ...left }) : 0,
      data: (choice.newItemOnLeft ? entry.size : 0) + high.size,
    },
    { block: rightBlock, image: 0, data: rightUsed },
  ];
  // The right sibling's btpo_prev changes: its bounds do not.
  if (sibling) refs.push({ block: page.right, image: needsImage(ch, sibling) ? imageBytes(sibling) : 0, data: 0 });
  if (childPage) refs.push({ block: child, image: needsImage(ch, childPage) ? imageBytes(childPage) : 0, data: 0 });
  const fd = firstData(page);
  const desc = `level ${page.level}, firstrightoff ${fd + choice.firstRight}, newitemoff ${fd + pos}, postingoff 0`;
  const kind = choice.newItemOnLeft ? 'SPLIT_L' : 'SPLIT_R';
  const lsn = log(ch, kind, refs, SPLIT_MAIN, desc, { block, offset: fd + pos }, entry);
  // `page` may change in place (setPage): its old right sibling is read first.
  const oldRight = page.right;
  setPage(ch, block, (p) => void Object.assign(p, left, { lsn }));
  addPage(ch, rightBlock, { ...right, lsn });
  if (sibling)
    setPage(ch, oldRight, (p) => {
      p.left = rightBlock;
      p.lsn = lsn;
    });
  if (childPage) setPage(ch, child, (p) => void (p.lsn = lsn));
  if (ch.log?.out)
    ch.log.out.push({
      type: 'index.split',
      table: ch.log.rel.name,
      block,
      right: rightBlock,
      level: page.level,
      kind,
      key: high.key ?? '',
    });
  // _bt_insert_parent: a downlink to the right half, keyed by the left half's new high key.
  const downlink: IndexEntry = { key: high.key, ctid: high.ctid, size: high.size, down: rightBlock };
  const parent = stack.pop();
  if (parent) insertOnPage(ch, parent.block, parent.pos + 1, downlink, stack, block);
  else newRoot(ch, block, downlink, page.level + 1);
}

/** _bt_newroot: a root one level up with two downlinks (minus infinity to the left half, the high key to the right). */
function newRoot(ch: Change, leftBlock: number, downlink: IndexEntry, level: number): void {
  const tree = ch.tree;
  const rootBlock = tree.pages.length;
  const items: IndexEntry[] = [{ key: null, ctid: NO_CTID, size: MINUS_INFINITY, down: leftBlock }, downlink];
  const root: Omit<BtreePage, 'epoch'> = { level, items, high: null, left: 0, right: 0, used: sum(items), lsn: 0 };
  const leftPage = tree.pages[leftBlock]!;
  const refs: Ref[] = [
    { block: rootBlock, image: 0, data: root.used },
    { block: leftBlock, image: needsImage(ch, leftPage) ? imageBytes(leftPage) : 0, data: 0 },
    { block: 0, image: 0, data: METADATA },
  ];
  const lsn = log(ch, 'NEWROOT', refs, NEWROOT_MAIN, `lev ${level}`, { block: rootBlock, offset: 0 }, null);
  addPage(ch, rootBlock, { ...root, lsn });
  setPage(ch, leftBlock, (p) => void (p.lsn = lsn));
  tree.root = rootBlock;
  tree.levels = level + 1;
  tree.metaLsn = lsn;
}

/** _bt_doinsert: descend from the root to the leaf for (key, ctid), then insert there. */
function insertEntry(ch: Change, key: string, c: Ctid): void {
  const tree = ch.tree;
  const stack: { block: number; pos: number }[] = [];
  let block = tree.root;
  let page = tree.pages[block]!;
  while (page.level > 0) {
    const pos = childPos(page.items, key, c);
    stack.push({ block, pos });
    block = page.items[pos].down;
    page = tree.pages[block]!;
  }
  const entry: IndexEntry = { key, ctid: c, size: indexTupleSize(key), down: -1 };
  insertOnPage(ch, block, slotFor(page.items, key, c), entry, stack, 0);
}

/** Load an entry for a row present before the scenario (no WAL: the index was built and checkpointed). */
export function loadEntry(tree: Btree, key: string, c: Ctid): void {
  insertEntry(change(tree, null, 0, null), key, c);
}

/** The primary key's new entry for a heap tuple, logged after the heap record. */
export function btreeInsert(state: State, rel: Relation, key: string, c: Ctid, xid: number, out: Out): void {
  // _bt_check_unique: the key's other entries are fetched first (their pages may be pruned).
  uniqueCheck(state, rel, key, out);
  const ch = change(rel.index, { state, rel, xid, out }, 0, state);
  insertEntry(ch, key, c);
  finish(ch, state);
}

/**
 * The power fails: the index's pages are as the last checkpoint wrote them. Undo every change
 * made since its REDO point (newest first); recovery replays their records from there.
 */
export function crashBtree(tree: Btree, redo: number): void {
  // Changes before the REDO point are on disk (even if not yet dropped from the list).
  for (let i = tree.undo.length - 1; i >= 0 && tree.undo[i].lsn > redo; i--) {
    const u = tree.undo[i];
    for (const [block, page] of u.pages) tree.pages[block] = page;
    tree.root = u.root;
    tree.levels = u.levels;
    tree.metaLsn = u.metaLsn;
  }
  tree.undo = [];
  tree.recorded = [];
  while (tree.pages.length > 2 && tree.pages[tree.pages.length - 1] === null) tree.pages.pop();
}

/**
 * btree_redo, as the lab replays it: an INSERT_LEAF, or a leaf split carrying its new tuple, is
 * the insert done again (it makes the same split, downlink and root: the same pages as before
 * the crash); INSERT_UPPER and NEWROOT came with that split; Btree VACUUM removes its entries.
 */
export function btreeRedo(state: State, r: WalRecord): void {
  const tree = state.tables[r.rel!].index;
  const ch = change(tree, null, r.end, state);
  if (r.kind === 'BTREE_VACUUM') {
    const dead = new Set(r.lps ?? []);
    if (!tree.pages[r.block]) return;
    setPage(ch, r.block, (p) => {
      const gone = p.items.filter((e) => dead.has(e.ctid));
      p.items = p.items.filter((e) => !dead.has(e.ctid));
      p.used -= sum(gone);
      p.lsn = r.end;
    });
  } else if (r.lps !== null && r.key !== null) insertEntry(ch, r.key, r.lps[0] as Ctid);
  finish(ch, state);
}
