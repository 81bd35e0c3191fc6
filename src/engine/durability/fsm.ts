import type { Relation } from './types';

/**
 * The free space map (freespace.c, fsmpage.c), one leaf page's worth: a category per heap block
 * (free bytes / 32; 255 for an empty page), fp_next_slot where searches start, and what the
 * upper levels know (they are brought up to date by VACUUM's FreeSpaceMapVacuum, and corrected
 * down when a search through them finds less). Not WAL-logged: a hint every user checks against
 * the page itself.
 */

const STEP = 32;
/** MaxFSMRequestSize (MaxHeapTupleSize): a page with this much free is category 255. */
const MAX_REQUEST = 8160;

/** fsm_space_avail_to_cat. */
const availToCat = (avail: number): number => (avail >= MAX_REQUEST ? 255 : Math.min(254, Math.floor(avail / STEP)));
/** fsm_space_needed_to_cat. */
const neededToCat = (needed: number): number => (needed === 0 ? 1 : Math.min(255, Math.ceil(needed / STEP)));
/** fsm_space_cat_to_avail: the free bytes a category stands for. */
export const catToAvail = (cat: number): number => (cat === 255 ? MAX_REQUEST : cat * STEP);

const leafMax = (rel: Relation): number => Math.max(0, ...Object.values(rel.fsm));

/**
 * fsm_search_avail on the leaf: the first block from fp_next_slot on with enough room, else the
 * first from the start (the tree search wraps round); fp_next_slot moves past the block found.
 */
function searchLeaf(rel: Relation, cat: number): number {
  const start = rel.fsmNext < rel.nblocks ? rel.fsmNext : 0;
  let found = -1;
  for (let b = start; b < rel.nblocks && found < 0; b++) if ((rel.fsm[b] ?? 0) >= cat) found = b;
  for (let b = 0; b < start && found < 0; b++) if ((rel.fsm[b] ?? 0) >= cat) found = b;
  if (found >= 0) rel.fsmNext = found + 1;
  return found;
}

/** GetPageWithFreeSpace: a block the FSM says has `needed` bytes free, or -1. The search starts at the root. */
export function getPageWithFreeSpace(rel: Relation, needed: number): number {
  const cat = neededToCat(needed);
  if (rel.fsmUpper < cat) return -1;
  const b = searchLeaf(rel, cat);
  // fsm_search: the upper level promised more than the leaf holds: it is corrected.
  if (b < 0) rel.fsmUpper = leafMax(rel);
  return b;
}

/** RecordAndGetPageWithFreeSpace: note that `block` has only `avail` free, and search the leaf for another. */
export function recordAndGetPageWithFreeSpace(rel: Relation, block: number, avail: number, needed: number): number {
  rel.fsm[block] = availToCat(avail);
  return searchLeaf(rel, neededToCat(needed));
}

/** RecordPageWithFreeSpace (VACUUM): the leaf only. */
export function recordPageWithFreeSpace(rel: Relation, block: number, avail: number): void {
  rel.fsm[block] = availToCat(avail);
}

/** FreeSpaceMapVacuum: the upper levels learn the leaf's values. */
export function vacuumFsm(rel: Relation): void {
  rel.fsmUpper = leafMax(rel);
}

/** FreeSpaceMapPrepareTruncateRel: entries past the new end go. */
export function truncateFsm(rel: Relation, nblocks: number): void {
  for (const b in rel.fsm) if (Number(b) >= nblocks) delete rel.fsm[b];
  rel.fsmUpper = Math.min(rel.fsmUpper, leafMax(rel));
}
