import { bytePosToEndRecPtr, bytePosToRecPtr, FIRST_BYTE_POS, type Lsn, maxAlign } from './lsn';

/**
 * A small write-ahead log any lab can embed in its plain-data state: records appended at
 * the insert position (XLogInsert) with real LSNs, a flush position (XLogFlush), and a
 * crash that keeps only what was flushed. It is the shape of the Durability lab's WAL
 * (durability/wal.ts) without the heap: the record body is whatever the lab puts in it.
 *
 * Records are kept in LSN order. A log is plain data (structured-cloneable).
 */

/** The part every record carries, whatever the lab. */
export interface LogRecordHead {
  /** Where the record starts (its LSN, as pg_waldump prints it). */
  readonly lsn: Lsn;
  /** Where it ends: the next record's LSN. */
  readonly end: Lsn;
  /** xl_tot_len: header plus body, before alignment. */
  readonly size: number;
}

export interface WalLog<R> {
  /** Usable byte position of the next insert (CurrBytePos). */
  bytePos: number;
  /** Every record still on the log (durable or not), oldest first. */
  records: (R & LogRecordHead)[];
  /** End of the last record inserted. */
  insert: Lsn;
  /** Everything before this LSN is on durable storage. */
  flushed: Lsn;
  /** Records inserted over the log's life (a crash does not take them back from this count). */
  inserted: number;
  /** Flushes that wrote something (one fsync each). */
  fsyncs: number;
}

/** An empty log starting at the first record position of a fresh cluster (0/1000028). */
export function newLog<R>(): WalLog<R> {
  const start = bytePosToRecPtr(FIRST_BYTE_POS);
  return { bytePos: FIRST_BYTE_POS, records: [], insert: start, flushed: start, inserted: 0, fsyncs: 0 };
}

/** Anything that inserts WAL: the usable byte position of its next insert (CurrBytePos). */
export interface InsertPosition {
  bytePos: number;
}

/**
 * ReserveXLogInsertLocation: take `size` bytes (MAXALIGNed) at the insert position and return
 * where the record starts and ends. Every lab's WAL inserts through this one function.
 */
export function reserve(at: InsertPosition, size: number): { readonly lsn: Lsn; readonly end: Lsn } {
  const start = bytePosToRecPtr(at.bytePos);
  at.bytePos += maxAlign(size);
  return { lsn: start, end: bytePosToEndRecPtr(at.bytePos) };
}

/** The index of the first record whose LSN is at or after `ptr` (binary search on LSN order). */
export function lowerBound(records: readonly { readonly lsn: number }[], ptr: number): number {
  let lo = 0;
  let hi = records.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (records[mid].lsn < ptr) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `lowerBound` among the first `end` records (`end` itself when all of them are before `ptr`), searched
 * back from `end` in doubling steps: a few probes when the answer is near the end, as for the newest
 * transaction's records in a long WAL.
 */
export function lowerBoundBefore(records: readonly { readonly lsn: number }[], ptr: number, end = records.length): number {
  let hi = end;
  let step = 1;
  let lo = hi - step;
  while (lo > 0 && records[lo].lsn >= ptr) {
    hi = lo;
    step *= 2;
    lo = hi - step;
  }
  lo = Math.max(lo, 0);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (records[mid].lsn < ptr) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** XLogInsert: reserve `size` bytes (MAXALIGNed) at the insert position and append the record. */
export function logInsert<R>(log: WalLog<R>, body: R, size: number): R & LogRecordHead {
  const { lsn: start, end } = reserve(log, size);
  const rec = { ...body, lsn: start, end, size };
  log.records.push(rec);
  log.insert = end;
  log.inserted += 1;
  return rec;
}

/** XLogFlush: write and fsync everything inserted so far. Returns false when there was nothing to flush. */
export function logFlush<R>(log: WalLog<R>): boolean {
  if (log.flushed >= log.insert) return false;
  log.flushed = log.insert;
  log.fsyncs += 1;
  return true;
}

/** Is this record on durable storage? */
export const isFlushed = <R>(log: WalLog<R>, rec: LogRecordHead): boolean => rec.end <= log.flushed;

/**
 * Power loss: WAL buffers and the kernel's cache are gone, only flushed records remain.
 * The insert position goes back to the flush position, as it does when the server
 * restarts and finds the end of valid WAL there. Returns the records lost.
 */
export function logCrash<R>(log: WalLog<R>): (R & LogRecordHead)[] {
  let keep = log.records.length;
  while (keep > 0 && log.records[keep - 1].end > log.flushed) keep--;
  const lost = log.records.slice(keep);
  log.records.length = keep;
  log.insert = log.flushed;
  // Back to the usable byte position of the flush point, so the next record starts there.
  for (const r of lost) log.bytePos -= maxAlign(r.size);
  return lost;
}

/** Records at or after `from`, oldest first (binary search on the LSN-ordered array). */
export function logSince<R>(log: WalLog<R>, from: number): (R & LogRecordHead)[] {
  return log.records.slice(lowerBound(log.records, from));
}
