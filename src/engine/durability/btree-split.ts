import { PAGE_HEADER_SIZE, PAGE_SIZE } from './page';

/**
 * Where a full btree page splits: _bt_findsplitloc (nbtsplitloc.c, PostgreSQL 15) for pages
 * whose tuples the caller gives as sizes and keys. Every legal split point is scored by the
 * free space it leaves on each side; a rightmost leaf is split 90/10 (leaf fillfactor 90, so
 * rising keys leave the left page about 90 % full), a rightmost internal page 70/30, any other
 * page 50/50. Among the split points within 5 % of the best (7.5 % on internal pages), the first
 * whose new high key needs fewest attributes wins: with distinct keys, the best balanced one.
 *
 * Not modelled: the "many duplicates" and "single value" strategies (a leaf full of versions of
 * one key), posting lists, and the order of equal deltas (PostgreSQL's qsort is not stable; here
 * the earlier split point comes first).
 */

/** sizeof(BTPageOpaqueData): the special space at the end of every btree page. */
export const BT_SPECIAL = 16;
export const LINE_POINTER = 4;
/** Space for line pointers and tuples on an empty btree page. */
export const BT_SPACE = PAGE_SIZE - PAGE_HEADER_SIZE - BT_SPECIAL;

export interface SplitInput {
  readonly isLeaf: boolean;
  readonly rightmost: boolean;
  /** The high key's size (0 on a rightmost page). */
  readonly highSize: number;
  /** Data items in offset order: MAXALIGNed size and key (null: minus infinity). */
  readonly sizes: readonly number[];
  readonly keys: readonly (string | null)[];
  /** Where the new item goes, counted from the first data item (0-based). */
  readonly newPos: number;
  readonly newSize: number;
  readonly newKey: string | null;
}

/** The chosen split: the first item (0-based among data items, before the new item goes in) on the right page. */
export interface SplitChoice {
  readonly firstRight: number;
  readonly newItemOnLeft: boolean;
}

interface Point {
  readonly leftfree: number;
  readonly rightfree: number;
  readonly firstRight: number;
  readonly newItemOnLeft: boolean;
  readonly firstRightSize: number;
  delta: number;
}

export function findSplitLoc(p: SplitInput): SplitChoice {
  const leftspace = BT_SPACE;
  const rightspace = BT_SPACE - (p.rightmost ? 0 : p.highSize + LINE_POINTER);
  const total = p.sizes.reduce((n, s) => n + s + LINE_POINTER, 0);
  const newitemsz = p.newSize + LINE_POINTER;
  const points: Point[] = [];
  // _bt_recsplitloc
  const record = (firstRight: number, newItemOnLeft: boolean, toLeft: number, origSize: number) => {
    const firstRightSize = firstRight === p.newPos && !newItemOnLeft ? newitemsz : origSize;
    let leftfree = leftspace - toLeft;
    let rightfree = rightspace - (total - toLeft);
    // The first item on the right becomes the left page's high key (on a leaf, perhaps with a heap TID).
    leftfree -= p.isLeaf ? firstRightSize + 8 : firstRightSize;
    if (newItemOnLeft) leftfree -= newitemsz;
    else rightfree -= newitemsz;
    if (!p.isLeaf) rightfree += firstRightSize - (8 + LINE_POINTER);
    if (leftfree >= 0 && rightfree >= 0) points.push({ leftfree, rightfree, firstRight, newItemOnLeft, firstRightSize, delta: 0 });
  };
  let toLeft = 0;
  p.sizes.forEach((s, i) => {
    const itemsz = s + LINE_POINTER;
    if (i < p.newPos) record(i, false, toLeft, itemsz);
    else if (i > p.newPos) record(i, true, toLeft, itemsz);
    else {
      record(i, false, toLeft, itemsz);
      record(i, true, toLeft, itemsz);
    }
    toLeft += itemsz;
  });
  if (p.newPos >= p.sizes.length) record(p.newPos, false, total, 0);
  if (points.length === 0) throw new Error('btree split: no legal split point');

  const usemult = p.rightmost;
  const f = !p.isLeaf ? 0.7 : p.rightmost ? 0.9 : 0.5;
  // _bt_deltasortsplits
  for (const s of points) s.delta = Math.abs(usemult ? f * s.leftfree - (1 - f) * s.rightfree : s.leftfree - s.rightfree);
  points.sort((a, b) => a.delta - b.delta);
  // _bt_defaultinterval
  const tolerance = Math.trunc(total * (p.isLeaf ? 0.05 : 0.075));
  const best = points[0];
  let interval = points.length;
  for (let i = 1; i < points.length; i++) {
    const s = points[i];
    if (
      s.leftfree < best.leftfree - tolerance ||
      s.rightfree < best.rightfree - tolerance ||
      s.leftfree > best.leftfree + tolerance ||
      s.rightfree > best.rightfree + tolerance
    ) {
      interval = i;
      break;
    }
  }
  // _bt_split_lastleft / _bt_split_firstright: the keys either side of a split point.
  const lastLeft = (s: Point) => (s.newItemOnLeft && s.firstRight === p.newPos ? p.newKey : p.keys[s.firstRight - 1]);
  const firstRightKey = (s: Point) => (!s.newItemOnLeft && s.firstRight === p.newPos ? p.newKey : p.keys[s.firstRight]);
  // _bt_split_penalty: attributes the new high key keeps (1 when the keys differ, 2 with the heap TID) or the pivot's size.
  const penalty = (s: Point) => (p.isLeaf ? (lastLeft(s) === firstRightKey(s) ? 2 : 1) : s.firstRightSize);
  let perfect: number;
  if (!p.isLeaf) perfect = Math.min(...points.map((s) => s.firstRightSize));
  else {
    // _bt_strategy: the interval's leftmost and rightmost split points (the default strategy only).
    const inInterval = points.slice(0, interval);
    const lo = inInterval.reduce((a, b) => (b.firstRight < a.firstRight ? b : a));
    const hi = inInterval.reduce((a, b) => (b.firstRight > a.firstRight ? b : a));
    perfect = lastLeft(lo) === firstRightKey(hi) ? 2 : 1;
  }
  // _bt_bestsplitloc
  let chosen = 0;
  let bestPenalty = Infinity;
  for (let i = 0; i < Math.min(interval, points.length); i++) {
    const pen = penalty(points[i]);
    if (pen < bestPenalty) {
      bestPenalty = pen;
      chosen = i;
    }
    if (pen <= perfect) break;
  }
  return { firstRight: points[chosen].firstRight, newItemOnLeft: points[chosen].newItemOnLeft };
}
