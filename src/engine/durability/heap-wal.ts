import { assembleSize, type BlockPart, MAIN_DATA, pageImageBytes, type RecordLength } from '../wal/records';
import { type Column, commonPrefixSuffix, HEAP_HEADER, rowLayout, tupleData, tupleDataLength, tupleHoff } from '../wal/tuple';
import { type HeapPage, PAGE_SIZE, type Row } from './page';

/**
 * The sizes of heapam's records (heapam.c: log_heap_insert in heap_insert, log_heap_update,
 * heap_delete) as PostgreSQL 15 assembles them, with the new tuple's bytes from its layout.
 */

/** Bytes of a heap page's full-page image (the page minus the hole between pd_lower and pd_upper). */
export const heapImageBytes = (page: HeapPage): number => pageImageBytes(PAGE_SIZE, page.lower, page.upper);

/** The new tuple as block data: xl_heap_header, the bitmap and padding up to t_hoff, then the data. */
function tupleBlockData(key: string, data: Row, columns: readonly Column[], prefix = 0, suffix = 0): number {
  const row = rowLayout(key, data, columns);
  return MAIN_DATA.HEAP_HEADER + (tupleHoff(row) - HEAP_HEADER) + tupleDataLength(row) - prefix - suffix;
}

/** heap_insert: xl_heap_insert, and the tuple unless the page goes as an image. */
export function insertLength(key: string, data: Row, columns: readonly Column[], image: number): RecordLength {
  return assembleSize(MAIN_DATA.HEAP_INSERT, [{ image, data: tupleBlockData(key, data, columns), sameRel: false }]);
}

/** Scratch buffers for the two versions' bytes: every update compares them, none keeps them. */
const OLD: number[] = [];
const NEW: number[] = [];

/** XLH_UPDATE_PREFIX_FROM_OLD and XLH_UPDATE_SUFFIX_FROM_OLD. */
const PREFIX_FROM_OLD = 0x20;
const SUFFIX_FROM_OLD = 0x40;

export interface UpdateShape {
  readonly key: string;
  /** The table's columns (types and order). */
  readonly columns: readonly Column[];
  readonly oldData: Row;
  readonly newData: Row;
  /** The new version is on the old version's page (one block reference). */
  readonly samePage: boolean;
  /** Image bytes of the new page and, when it is another page, of the old one (0: none). */
  readonly newImage: number;
  readonly oldImage: number;
}

/**
 * log_heap_update: block 0 is the new page (its tuple, compressed against the old version by a
 * common prefix and suffix when both are on one page; dropped when the page goes as an image),
 * block 1 the old page when the row moved (its image, if any; no data). Returns the length and xl_heap_update's flags.
 */
export function updateLength(u: UpdateShape): { len: RecordLength; flags: number } {
  let prefix = 0;
  let suffix = 0;
  // PostgreSQL decides on compression with the backend's cached REDO pointer, which is stale until
  // the backend next inserts WAL: right after a checkpoint it compresses, then XLogInsert finds the
  // page needs an image and drops the block data. So the flags show compression even with an image
  // (pg_waldump prints `flags 0x60` on such a record); the size is the image's either way.
  if (u.samePage) {
    ({ prefix, suffix } = commonPrefixSuffix(
      tupleData(rowLayout(u.key, u.oldData, u.columns), OLD),
      tupleData(rowLayout(u.key, u.newData, u.columns), NEW),
    ));
  }
  const lengths = (prefix > 0 ? 2 : 0) + (suffix > 0 ? 2 : 0);
  const blocks: BlockPart[] = [
    { image: u.newImage, data: lengths + tupleBlockData(u.key, u.newData, u.columns, prefix, suffix), sameRel: false },
  ];
  if (!u.samePage) blocks.push({ image: u.oldImage, data: 0, sameRel: true });
  const flags = (prefix > 0 ? PREFIX_FROM_OLD : 0) | (suffix > 0 ? SUFFIX_FROM_OLD : 0);
  return { len: assembleSize(MAIN_DATA.HEAP_UPDATE, blocks), flags };
}

/** The LOCK record heap_update writes before it lets go of the page: xl_heap_lock and the block. */
export const lockLength = (image: number): RecordLength => assembleSize(MAIN_DATA.HEAP_LOCK, [{ image, data: 0, sameRel: false }]);

/** heap_delete: xl_heap_delete and the block. */
export const deleteLength = (image: number): RecordLength => assembleSize(MAIN_DATA.HEAP_DELETE, [{ image, data: 0, sameRel: false }]);

/** `0x60`, as pg_waldump prints flags. */
export const hex2 = (n: number): string => `0x${n.toString(16).toUpperCase().padStart(2, '0')}`;
