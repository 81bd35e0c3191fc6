import { logFlush, logInsert } from '../wal/log';
import { dataOnlySize, recordSize } from '../wal/records';
import { type Ctx, emit } from './network';
import type { PartKind, Participant, PartRecord } from './types';

/** A participant's WAL: record sizes as PostgreSQL writes them, inserts and flushes with their events. */

/** The data of a small row of the lab's accounts table, as the heap stores it. */
const SMALL_TUPLE = 16;

/** xl_tot_len of each record: heap, xact and checkpoint records from the shared table, 2PC's after twophase.c. */
function sizeOf(kind: PartKind, gid: string | null, locks: number): number {
  const g = gid === null ? 0 : gid.length + 1;
  switch (kind) {
    case 'INSERT':
    case 'UPDATE':
      return recordSize(kind, SMALL_TUPLE);
    case 'PREPARE': // TwoPhaseFileHeader (64) + gid + one TwoPhaseRecordOnDisk (8) and lock tag (24) per lock + end record
      return dataOnlySize(64 + g + locks * 32 + 8);
    case 'COMMIT_PREPARED': // xact_time, xinfo, xl_xact_twophase and the gid
    case 'ABORT_PREPARED':
      return dataOnlySize(8 + 4 + 4 + g);
    case 'COMMIT':
    case 'ABORT':
    case 'CHECKPOINT_ONLINE':
      return recordSize(kind);
  }
}

/** XLogInsert: append a record (not flushed) and say so. */
export function log(ctx: Ctx, p: Participant, kind: PartKind, xid: number, gid: string | null, extra: Partial<PartRecord> = {}) {
  const body: PartRecord = { kind, xid, gid, key: null, value: null, locks: null, ...extra };
  const rec = logInsert(p.wal, body, sizeOf(kind, gid, body.locks?.length ?? 0));
  emit(ctx, { type: 'wal.inserted', node: p.name, lsn: rec.lsn, end: rec.end, kind, gid });
  return rec;
}

/** XLogFlush up to the insert position, if anything is unflushed. */
export function flush(ctx: Ctx, p: Participant): void {
  if (logFlush(p.wal)) emit(ctx, { type: 'wal.flushed', node: p.name, upTo: p.wal.flushed });
}
