import { reserve } from '../wal/log';
import { type Lsn, segmentFileName, segmentOf } from '../wal/lsn';
import type { RecordLength } from '../wal/records';
import { heapImageBytes } from './heap-wal';
import { leaveProcArray } from './horizon';
import type { HeapPage } from './page';
import type { Out } from './storage';
import type { State, WalKind, WalRecord } from './types';

/**
 * The WAL: records appended at the insert position into WAL buffers, written to the kernel,
 * then flushed (fsync). Sizes follow pg_waldump's `len (rec/tot)` for small rows.
 */

/** Bytes a full-page image adds to a record: the page minus the hole between pd_lower and pd_upper, plus its 5-byte header. */
export const fpiSize = (page: HeapPage): number => heapImageBytes(page) + 5;

/** The heap part of a record: the blocks it changes and the new tuple. Given in full, so every call site builds one shape. */
export type HeapRef = Pick<
  WalRecord,
  'block' | 'offset' | 'init' | 'fpi' | 'oldBlock' | 'oldOffset' | 'oldFpi' | 'key' | 'data' | 'len'
> & {
  readonly rel: string;
};

/** The heap part of a record that changes no heap block (a commit, a checkpoint). */
const NO_HEAP: Omit<HeapRef, 'rel'> & { readonly rel: null } = {
  rel: null,
  block: 0,
  offset: 0,
  init: false,
  fpi: null,
  oldBlock: 0,
  oldOffset: 0,
  oldFpi: null,
  key: null,
  data: null,
  len: 0,
};

/** The heap part of a record that names one block of `rel` and nothing else of it (VACUUM's PRUNE, VACUUM, VISIBLE). */
export const blockRef = (rel: string, block: number, fpi: HeapPage | null): HeapRef => ({ ...NO_HEAP, rel, block, fpi });

/**
 * XLogInsert: reserve space at the insert position, append, return the record. When the
 * unwritten WAL outgrows wal_buffers, the inserting backend writes the oldest part out to the
 * kernel itself (AdvanceXLInsertBuffer); it is not flushed.
 */
export function insertRecord(
  state: State,
  kind: WalKind,
  xid: number,
  ref: HeapRef | null,
  redo: Lsn,
  len: RecordLength,
  desc: string,
  out: Out,
  flags = 0,
  lps: readonly number[] | null = null,
): WalRecord {
  const w = state.wal;
  const size = len.tot;
  const rec0 = len.rec;
  const { lsn: start, end } = reserve(w, size);
  const r = ref ?? NO_HEAP;
  const rec: WalRecord = {
    lsn: start,
    end,
    size,
    rec: rec0,
    kind,
    desc,
    flags,
    time: state.now,
    xid,
    rel: r.rel,
    block: r.block,
    offset: r.offset,
    init: r.init,
    fpi: r.fpi,
    oldBlock: r.oldBlock,
    oldOffset: r.oldOffset,
    oldFpi: r.oldFpi,
    key: r.key,
    data: r.data,
    len: r.len,
    redo,
    lps,
  };
  w.records.push(rec);
  w.insert = end;
  const c = state.counters;
  c.walBytes += end - start;
  c.walRecords += 1;
  if (out) {
    const page = ref === null ? null : `${relfilenodeOf(state, kind, ref.rel)}/${ref.block}`;
    out.push({ type: 'wal.inserted', lsn: start, end, kind, size, xid, page, fpi: rec.size > rec.rec });
  }
  if (w.insert - w.written > state.settings.wal_buffers * 1024 && start > w.written) {
    w.written = start;
    if (out) out.push({ type: 'wal.written', upTo: start, reason: 'wal_buffers full' });
  }
  return rec;
}

/** The btree's records: their blocks are in the table's primary-key index. */
const INDEX_KINDS: ReadonlySet<WalKind> = new Set(['INSERT_LEAF', 'INSERT_UPPER', 'SPLIT_L', 'SPLIT_R', 'NEWROOT', 'BTREE_VACUUM']);

/** The file a record's block is in: the table's, or its primary-key index's for the btree's records. */
export const relfilenodeOf = (state: State, kind: WalKind, rel: string): number =>
  INDEX_KINDS.has(kind) ? state.tables[rel].index.relfilenode : state.tables[rel].relfilenode;

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
  if (acked.length > 0) leaveProcArray(state);
  return acked;
}
