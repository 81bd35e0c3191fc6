import type { Brand } from '../core/brand';

/**
 * A WAL location (XLogRecPtr): a byte position in the endless WAL stream. Plain JS numbers
 * hold integers exactly up to 2^53, i.e. 8 PB of WAL, which is plenty for a playground.
 */
export type Lsn = Brand<number, 'lsn'>;
const lsn = (n: number) => n as Lsn;
/** InvalidXLogRecPtr: no location (a record with no REDO point, a WAL not yet written). */
export const INVALID_LSN = lsn(0);

/** XLOG_BLCKSZ: WAL is written in 8 kB pages. */
export const WAL_PAGE_SIZE = 8192;
/** wal_segment_size: the default 16 MB segment file. */
export const WAL_SEGMENT_SIZE = 16 * 1024 * 1024;
/** SizeOfXLogShortPHD: the header at the start of every WAL page. */
const SHORT_PAGE_HEADER = 24;
/** SizeOfXLogLongPHD: the first page of a segment carries a longer header. */
const LONG_PAGE_HEADER = 40;
/** SizeOfXLogRecord: the fixed header of every WAL record. */
export const RECORD_HEADER = 24;

const USABLE_BYTES_IN_PAGE = WAL_PAGE_SIZE - SHORT_PAGE_HEADER;
const USABLE_BYTES_IN_SEGMENT = (WAL_SEGMENT_SIZE / WAL_PAGE_SIZE) * USABLE_BYTES_IN_PAGE - (LONG_PAGE_HEADER - SHORT_PAGE_HEADER);
const SEGMENTS_PER_XLOGID = 2 ** 32 / WAL_SEGMENT_SIZE;

/** MAXALIGN on a 64-bit build: records and tuples start on 8-byte boundaries. */
export const maxAlign = (n: number): number => Math.ceil(n / 8) * 8;

/**
 * Usable byte position (page headers not counted) to the LSN where a record starting there
 * begins. PostgreSQL reserves WAL space in usable bytes (CurrBytePos) and converts with
 * exactly this arithmetic (XLogBytePosToRecPtr in xlog.c), which is why the first record of a
 * fresh cluster sits at 0/1000028: segment 1, after the 40-byte long page header.
 */
export function bytePosToRecPtr(bytePos: number): Lsn {
  const fullSegs = Math.floor(bytePos / USABLE_BYTES_IN_SEGMENT);
  let left = bytePos % USABLE_BYTES_IN_SEGMENT;
  let segOffset: number;
  if (left < WAL_PAGE_SIZE - LONG_PAGE_HEADER) {
    segOffset = left + LONG_PAGE_HEADER;
  } else {
    left -= WAL_PAGE_SIZE - LONG_PAGE_HEADER;
    const fullPages = Math.floor(left / USABLE_BYTES_IN_PAGE);
    left %= USABLE_BYTES_IN_PAGE;
    segOffset = WAL_PAGE_SIZE + fullPages * WAL_PAGE_SIZE + left + SHORT_PAGE_HEADER;
  }
  return lsn(fullSegs * WAL_SEGMENT_SIZE + segOffset);
}

/**
 * Like bytePosToRecPtr, for the end of a record: a record that ends exactly on a page
 * boundary ends there, not after the next page's header (XLogBytePosToEndRecPtr).
 */
export function bytePosToEndRecPtr(bytePos: number): Lsn {
  const fullSegs = Math.floor(bytePos / USABLE_BYTES_IN_SEGMENT);
  let left = bytePos % USABLE_BYTES_IN_SEGMENT;
  let segOffset: number;
  if (left < WAL_PAGE_SIZE - LONG_PAGE_HEADER) {
    segOffset = left === 0 ? 0 : left + LONG_PAGE_HEADER;
  } else {
    left -= WAL_PAGE_SIZE - LONG_PAGE_HEADER;
    const fullPages = Math.floor(left / USABLE_BYTES_IN_PAGE);
    left %= USABLE_BYTES_IN_PAGE;
    segOffset = WAL_PAGE_SIZE + fullPages * WAL_PAGE_SIZE + (left === 0 ? 0 : left + SHORT_PAGE_HEADER);
  }
  return lsn(fullSegs * WAL_SEGMENT_SIZE + segOffset);
}

/** The inverse of the two conversions above (XLogRecPtrToBytePos). */
export function recPtrToBytePos(ptr: number): number {
  const fullSegs = Math.floor(ptr / WAL_SEGMENT_SIZE);
  const segOffset = ptr % WAL_SEGMENT_SIZE;
  const fullPages = Math.floor(segOffset / WAL_PAGE_SIZE);
  const offset = ptr % WAL_PAGE_SIZE;
  if (fullPages === 0) {
    return fullSegs * USABLE_BYTES_IN_SEGMENT + (offset > 0 ? offset - LONG_PAGE_HEADER : 0);
  }
  return (
    fullSegs * USABLE_BYTES_IN_SEGMENT +
    (WAL_PAGE_SIZE - LONG_PAGE_HEADER) +
    (fullPages - 1) * USABLE_BYTES_IN_PAGE +
    (offset > 0 ? offset - SHORT_PAGE_HEADER : 0)
  );
}

/** The usable byte position where a fresh cluster's WAL starts: the beginning of segment 1. */
export const FIRST_BYTE_POS = USABLE_BYTES_IN_SEGMENT;

/** An LSN the way PostgreSQL prints it (`%X/%X`): high and low 32 bits in uppercase hex. */
export function formatLsn(ptr: number): string {
  const hi = Math.floor(ptr / 2 ** 32);
  const lo = ptr % 2 ** 32;
  return `${hi.toString(16).toUpperCase()}/${lo.toString(16).toUpperCase()}`;
}

/** Parse `0/16B3F28` (case-insensitive); null when it is not an LSN. */
export function parseLsn(text: string): Lsn | null {
  const m = /^([0-9a-f]{1,8})\/([0-9a-f]{1,8})$/i.exec(text.trim());
  if (!m) return null;
  return lsn(parseInt(m[1], 16) * 2 ** 32 + parseInt(m[2], 16));
}

/** The segment number holding this LSN (XLByteToSeg). */
export const segmentOf = (ptr: number): number => Math.floor(ptr / WAL_SEGMENT_SIZE);

/** The WAL segment file name, e.g. `000000010000000000000001` (XLogFileName, timeline 1). */
export function segmentFileName(segNo: number, timeline = 1): string {
  const hex = (n: number) => n.toString(16).toUpperCase().padStart(8, '0');
  return hex(timeline) + hex(Math.floor(segNo / SEGMENTS_PER_XLOGID)) + hex(segNo % SEGMENTS_PER_XLOGID);
}
