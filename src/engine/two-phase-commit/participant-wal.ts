import { RECORD_HEADER } from '../wal/lsn';
import { logFlush, logInsert } from '../wal/log';
import { type Ctx, emit } from './network';
import type { PartKind, Participant, PartRecord } from './types';

/** A participant's WAL: record sizes as PostgreSQL writes them, inserts and flushes with their events. */

/** xl_tot_len of each record, after the structs in heapam_xlog.h, xact.h and twophase.c (small rows). */
function recordSize(kind: PartKind, gid: string | null, locks: number): number {
  const data = RECORD_HEADER + 2;
  const g = gid === null ? 0 : gid.length + 1;
  switch (kind) {
    case 'INSERT': // block ref (20) + xl_heap_insert (3) + xl_heap_header (5) + a small tuple
      return data + 20 + 3 + 5 + 16;
    case 'UPDATE': // block ref (20) + xl_heap_update (14) + xl_heap_header (5) + a small tuple
      return data + 20 + 14 + 5 + 16;
    case 'PREPARE': // TwoPhaseFileHeader (64) + gid + one TwoPhaseRecordOnDisk (8) and lock tag (24) per lock + end record
      return data + 64 + g + locks * 32 + 8;
    case 'COMMIT_PREPARED': // xact_time, xinfo, xl_xact_twophase and the gid
    case 'ABORT_PREPARED':
      return data + 8 + 4 + 4 + g;
    case 'COMMIT':
    case 'ABORT':
      return data + 8;
    case 'CHECKPOINT_ONLINE': // struct CheckPoint
      return data + 88;
  }
}

/** XLogInsert: append a record (not flushed) and say so. */
export function log(ctx: Ctx, p: Participant, kind: PartKind, xid: number, gid: string | null, extra: Partial<PartRecord> = {}) {
  const body: PartRecord = { kind, xid, gid, key: null, value: null, locks: null, ...extra };
  const rec = logInsert(p.wal, body, recordSize(kind, gid, body.locks?.length ?? 0));
  emit(ctx, { type: 'wal.inserted', node: p.name, lsn: rec.lsn, end: rec.end, kind, gid });
  return rec;
}

/** XLogFlush up to the insert position, if anything is unflushed. */
export function flush(ctx: Ctx, p: Participant): void {
  if (logFlush(p.wal)) emit(ctx, { type: 'wal.flushed', node: p.name, upTo: p.wal.flushed });
}
