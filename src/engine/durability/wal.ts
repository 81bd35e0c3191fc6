import { bytePosToEndRecPtr, bytePosToRecPtr, maxAlign, RECORD_HEADER, segmentFileName, segmentOf } from '../wal/lsn';
import { PAGE_SIZE, type HeapPage } from './page';
import type { Out } from './storage';
import type { State, WalKind, WalRecord } from './types';

/**
 * The WAL: records appended at the insert position into WAL buffers, written to the kernel,
 * then flushed (fsync). Sizes follow pg_waldump's `len (rec/tot)` for small rows.
 */

/** XLogRecordDataHeaderShort (2) + XLogRecordBlockHeader with RelFileLocator and BlockNumber (20). */
const BLOCK_REF = 20;
const DATA_HEADER = 2;
/** XLogRecordBlockImageHeader: length, hole offset, flags. */
const IMAGE_HEADER = 5;

/** Bytes a full-page image takes: the page minus the hole between pd_lower and pd_upper. */
export const fpiSize = (page: HeapPage): number => PAGE_SIZE - (page.upper - page.lower) + IMAGE_HEADER;

/** xl_tot_len of a record of this kind (before images), per the heapam/xact structs. */
export function baseSize(kind: WalKind, tupleData: number, twoBlocks: boolean): number {
  switch (kind) {
    case 'INSERT': // xl_heap_insert (3) + xl_heap_header (5) + tuple data
      return RECORD_HEADER + DATA_HEADER + BLOCK_REF + 3 + 5 + tupleData;
    case 'UPDATE': // xl_heap_update (14) + xl_heap_header (5) + tuple data, a second block ref if it moved
      return RECORD_HEADER + DATA_HEADER + BLOCK_REF + 14 + 5 + tupleData + (twoBlocks ? BLOCK_REF : 0);
    case 'DELETE': // xl_heap_delete (8)
      return RECORD_HEADER + DATA_HEADER + BLOCK_REF + 8;
    case 'COMMIT': // xl_xact_commit: xact_time
      return RECORD_HEADER + DATA_HEADER + 8;
    case 'ABORT':
      return RECORD_HEADER + DATA_HEADER + 8;
    case 'CHECKPOINT_ONLINE':
    case 'CHECKPOINT_SHUTDOWN': // struct CheckPoint
      return RECORD_HEADER + DATA_HEADER + 88;
  }
}

/** The heap part of a record: the blocks it changes and the new tuple. Given in full, so every call site builds one shape. */
export type HeapRef = Pick<WalRecord, 'block' | 'offset' | 'init' | 'fpi' | 'oldBlock' | 'oldOffset' | 'oldFpi' | 'key' | 'data' | 'len'> & {
  readonly rel: string;
};

/**
 * XLogInsert: reserve space at the insert position, append, return the record. When the
 * unwritten WAL outgrows wal_buffers, the inserting backend writes the oldest part out to the
 * kernel itself (AdvanceXLInsertBuffer); it is not flushed.
 */
export function insertRecord(state: State, kind: WalKind, xid: number, ref: HeapRef | null, redo: number, size: number, out: Out): WalRecord {
  const w = state.wal;
  const start = bytePosToRecPtr(w.bytePos);
  w.bytePos += maxAlign(size);
  const end = bytePosToEndRecPtr(w.bytePos);
  const rec: WalRecord = ref
    ? {
        lsn: start,
        end,
        size,
        kind,
        xid,
        rel: ref.rel,
        block: ref.block,
        offset: ref.offset,
        init: ref.init,
        fpi: ref.fpi,
        oldBlock: ref.oldBlock,
        oldOffset: ref.oldOffset,
        oldFpi: ref.oldFpi,
        key: ref.key,
        data: ref.data,
        len: ref.len,
        redo,
      }
    : { lsn: start, end, size, kind, xid, rel: null, block: 0, offset: 0, init: false, fpi: null, oldBlock: 0, oldOffset: 0, oldFpi: null, key: null, data: null, len: 0, redo };
  w.records.push(rec);
  w.insert = end;
  const c = state.counters;
  c.walBytes += end - start;
  c.walRecords += 1;
  if (out) {
    const page = ref === null ? null : `${state.tables[ref.rel].relfilenode}/${ref.block}`;
    out.push({ type: 'wal.inserted', lsn: start, end, kind, size, xid, page, fpi: rec.fpi !== null || rec.oldFpi !== null });
  }
  if (w.insert - w.written > state.settings.wal_buffers * 1024 && start > w.written) {
    w.written = start;
    if (out) out.push({ type: 'wal.written', upTo: start, reason: 'wal_buffers full' });
  }
  return rec;
}

/**
 * XLogFlush: write and fsync the WAL. Like PostgreSQL, a flush goes as far as everything
 * inserted so far, not just to the record that asked, so one fsync serves every commit
 * waiting behind it (group commit). Then the waiting commits are acknowledged.
 */
export function flushWal(state: State, upTo: number, reason: string, out: Out): boolean {
  const w = state.wal;
  if (upTo <= w.flushed) return false;
  w.written = w.insert;
  w.flushed = w.insert;
  state.counters.fsyncs += 1;
  state.counters.walFlushes += 1;
  const acked = acknowledgeCommits(state);
  if (out) {
    // The fsync itself, then what it made durable: the flush position and the commits it releases.
    out.push({ type: 'file.synced', target: 'wal', file: `pg_wal/${segmentFileName(segmentOf(w.flushed - 1))}`, upTo: w.flushed });
    out.push({ type: 'wal.flushed', upTo: w.flushed, reason, txns: acked });
  }
  return true;
}

/** Commits waiting for their record to be durable, now released. */
function acknowledgeCommits(state: State): string[] {
  const acked: string[] = [];
  if (state.commitWaiters.length === 0) return acked;
  const still: string[] = [];
  for (const name of state.commitWaiters) {
    const t = state.txns[name];
    if (t.status === 'committing' && t.commitEnd <= state.wal.flushed) {
      t.status = 'committed';
      t.acknowledged = true;
      state.clog[t.xid] = 1;
      acked.push(name);
    } else if (t.status === 'committing') still.push(name);
  }
  state.commitWaiters = still;
  return acked;
}

/** The record whose LSN is the first at or after `ptr` (binary search on the append-only array). */
export function firstRecordAtOrAfter(records: readonly WalRecord[], ptr: number): number {
  let lo = 0;
  let hi = records.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (records[mid].lsn < ptr) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
