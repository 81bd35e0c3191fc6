import type { HeapPage, Tuple } from './page';

/**
 * The tuple header numbers a heap page keeps beside its line pointers (`HeapPage.hdr`): where each
 * field sits, the flags, and how they are set from a tuple.
 *
 * Redo never reads them, so it does not keep them: it empties a page's `hdr` when it first
 * changes the page (`dropHeaders`), and every change after that leaves the empty array as it is.
 * `hdr` is thus either in step with the items (four numbers per line pointer) or empty beside
 * items (stale); a reader takes it through `headersFor`, which builds a stale one from the tuples.
 */

/** Where a line pointer's fields sit in `hdr`, from its index × `H_STRIDE`. */
export const H_XMIN = 0,
  H_XMAX = 1,
  H_CTID = 2,
  H_FLAGS = 3,
  H_STRIDE = 4;
/** `hdr` flags: a tuple with storage; a heap-only one; a redirect; a dead line pointer. */
export const F_TUPLE = 1,
  F_HOT = 2,
  F_REDIRECT = 4,
  F_DEAD = 8;

/** Store a slot's `hdr` fields from its tuple (or clear them for an unused slot). */
export function setHeader(hdr: number[], index: number, t: Tuple | null): void {
  const b = index * H_STRIDE;
  if (!t) {
    hdr[b] = 0;
    hdr[b + 1] = 0;
    hdr[b + 2] = 0;
    hdr[b + 3] = 0;
    return;
  }
  hdr[b] = t.xmin;
  hdr[b + 1] = t.xmax;
  hdr[b + 2] = t.ctid;
  hdr[b + 3] = t.lp === 'redirect' ? F_REDIRECT : t.lp === 'dead' ? F_DEAD : t.hot ? F_TUPLE | F_HOT : F_TUPLE;
}

/** The `hdr` array of a line pointer array, built from its tuples. */
export function headersOf(items: readonly (Tuple | null)[]): number[] {
  const hdr: number[] = [];
  for (let i = 0; i < items.length; i++) setHeader(hdr, i, items[i]);
  return hdr;
}

/** Whether the page's `hdr` is kept in step with its items (not emptied by redo). */
export const headersKept = (page: HeapPage): boolean => page.hdr.length === page.items.length * H_STRIDE;

/** The page's `hdr`, built from its tuples first when redo left it stale. */
export function headersFor(page: HeapPage): number[] {
  if (!headersKept(page)) page.hdr = headersOf(page.items);
  return page.hdr;
}

/** Redo's mark: the page's `hdr` goes stale, and changes stop keeping it until a reader builds it again. */
export function dropHeaders(page: HeapPage): void {
  if (page.hdr.length > 0) page.hdr.length = 0;
}
