import { RECORD_HEADER } from './lsn';

/**
 * WAL record sizes as PostgreSQL 15 writes them (xl_tot_len, before MAXALIGN): the one table
 * every WAL-writing lab sizes its records with, so the same change has the same size in every
 * lab. Checked against pg_waldump's `len (rec/tot)`.
 */

/** XLogRecordDataHeaderShort: the main data's 2-byte header. */
const DATA_HEADER = 2;
/** XLogRecordBlockHeader with its RelFileLocator and BlockNumber. */
const BLOCK_REF = 20;
/** XLogRecordBlockImageHeader: length, hole offset, flags. */
const IMAGE_HEADER = 5;

/** The record kinds sized here: heapam's, xact's and the checkpoint's. */
export type SizedKind = 'INSERT' | 'UPDATE' | 'DELETE' | 'COMMIT' | 'ABORT' | 'CHECKPOINT_ONLINE' | 'CHECKPOINT_SHUTDOWN';

/**
 * xl_tot_len of a record of this kind without page images: `tupleData` is the new tuple's data
 * (after its header) for INSERT and UPDATE; `twoBlocks` is an UPDATE that moved to another page.
 */
export function recordSize(kind: SizedKind, tupleData = 0, twoBlocks = false): number {
  switch (kind) {
    case 'INSERT': // xl_heap_insert (3) + xl_heap_header (5) + tuple data
      return RECORD_HEADER + DATA_HEADER + BLOCK_REF + 3 + 5 + tupleData;
    case 'UPDATE': // xl_heap_update (14) + xl_heap_header (5) + tuple data, a second block ref if it moved
      return RECORD_HEADER + DATA_HEADER + BLOCK_REF + 14 + 5 + tupleData + (twoBlocks ? BLOCK_REF : 0);
    case 'DELETE': // xl_heap_delete (8)
      return RECORD_HEADER + DATA_HEADER + BLOCK_REF + 8;
    case 'COMMIT': // xl_xact_commit: xact_time
    case 'ABORT':
      return RECORD_HEADER + DATA_HEADER + 8;
    case 'CHECKPOINT_ONLINE':
    case 'CHECKPOINT_SHUTDOWN': // struct CheckPoint
      return RECORD_HEADER + DATA_HEADER + 88;
  }
}

/** A record whose main data is `data` bytes and that references no block (2PC's PREPARE, a decision). */
export const dataOnlySize = (data: number): number => RECORD_HEADER + DATA_HEADER + data;

/** Bytes a full-page image adds: the page minus its hole (pd_upper - pd_lower), plus its header. */
export const imageSize = (pageSize: number, hole: number): number => pageSize - hole + IMAGE_HEADER;
