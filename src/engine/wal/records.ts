import { RECORD_HEADER } from './lsn';
import { dateOfDay } from '../core/civil-date';

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

/*
 * The exact sizes, block by block, as XLogRecordAssemble builds them. A block reference is its
 * header (4 bytes), an image header (5) when a full-page image goes with it, the RelFileLocator
 * (12) unless the previous block was of the same relation (BKPBLOCK_SAME_REL), and the block
 * number (4). A block's data is left out when the block carries an image (no REGBUF_KEEP_DATA:
 * wal_level is replica, not logical). pg_waldump's `rec` is the total minus the images' bytes.
 */

/** One block a record references: whether an image goes with it, the data it carries otherwise. */
export interface BlockPart {
  /** The image's bytes (the page minus its hole), or 0 for no image. */
  readonly image: number;
  /** Block data registered with XLogRegisterBufData (dropped when there is an image). */
  readonly data: number;
  /** The same relation as the block before it: no RelFileLocator. */
  readonly sameRel: boolean;
}

/** xl_tot_len and pg_waldump's rec length (the total without image bytes). */
export interface RecordLength {
  readonly tot: number;
  readonly rec: number;
}

/** XLogRecordAssemble: the record header, each block reference, then the main data and its header. */
export function assembleSize(mainData: number, blocks: readonly BlockPart[] = []): RecordLength {
  let tot = RECORD_HEADER;
  let images = 0;
  for (const b of blocks) {
    tot += 4 + (b.sameRel ? 0 : 12) + 4;
    if (b.image > 0) {
      tot += IMAGE_HEADER + b.image;
      images += b.image;
    } else tot += b.data;
  }
  if (mainData > 0) tot += (mainData < 256 ? DATA_HEADER : 5) + mainData;
  return { tot, rec: tot - images };
}

/** The bytes of a full-page image with PostgreSQL's hole rule: the hole is pd_upper - pd_lower on a standard page. */
export function pageImageBytes(pageSize: number, lower: number, upper: number): number {
  const standard = lower >= 24 && lower <= upper && upper <= pageSize;
  return standard ? pageSize - (upper - lower) : pageSize;
}

/** Main-data sizes of the records the durability lab writes (heapam_xlog.h, nbtxlog.h, xact.h, standbydefs.h, pg_control.h). */
export const MAIN_DATA = {
  /** xl_heap_insert: offnum, flags. */
  HEAP_INSERT: 3,
  /** xl_heap_update: old_xmax, old_offnum, old_infobits_set, flags, new_xmax, new_offnum. */
  HEAP_UPDATE: 14,
  /** xl_heap_delete: xmax, offnum, infobits_set, flags. */
  HEAP_DELETE: 8,
  /** xl_heap_lock: locking_xid, offnum, infobits_set, flags. */
  HEAP_LOCK: 8,
  /** xl_heap_header, before the new tuple's bitmap and data (block data). */
  HEAP_HEADER: 5,
  /** xl_btree_insert: offnum. */
  BTREE_INSERT: 2,
  /** xl_xact_commit / xl_xact_abort: xact_time (no subtransactions, relations or invalidations). */
  XACT: 8,
  /** struct CheckPoint. */
  CHECKPOINT: 88,
  /** xl_running_xacts up to its xids array. */
  RUNNING_XACTS: 24,
} as const;

/** xl_xact_commit / xl_xact_abort of a plain transaction: 34 bytes. */
export const xactLength = (): RecordLength => assembleSize(MAIN_DATA.XACT);
/** The checkpoint record: 114 bytes. */
export const checkpointLength = (): RecordLength => assembleSize(MAIN_DATA.CHECKPOINT);
/** xl_running_xacts with `xids` transactions running (no subtransactions): 50 bytes plus 4 per xid. */
export const runningXactsLength = (xids: number): RecordLength => assembleSize(MAIN_DATA.RUNNING_XACTS + 4 * xids);

/** The commit timestamp pg_waldump prints: the lab has no wall clock, so its logical time in seconds after PostgreSQL's epoch. */
export function xactTime(now: number): string {
  const secs = Math.max(0, Math.floor(now));
  // PostgreSQL's epoch is 2000-01-01, 10,957 days after 1970-01-01.
  const date = dateOfDay(Math.floor(secs / 86400) + 10957);
  const two = (n: number) => String(n).padStart(2, '0');
  const t = secs % 86400;
  return `${date} ${two(Math.floor(t / 3600))}:${two(Math.floor(t / 60) % 60)}:${two(t % 60)}.000000 UTC`;
}
