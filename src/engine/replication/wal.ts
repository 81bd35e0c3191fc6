import { recordSize } from '../wal/records';
import { lowerBoundBefore, reserve } from '../wal/log';
import { btreeInsertSize, insertData, updateData } from './tuple';
import { applyPrune, noteAborted, noteReplaced, pruneSize } from './heap';
import type { Event, Heap, Node, RowVersion, State, Value, WalRecord } from './types';

/**
 * The WAL of one node: records at PostgreSQL's LSNs (lsn.ts), sized as PostgreSQL 15 sizes them
 * (tuple.ts), applied to the rows a new session sees when their commit record is replayed.
 */

/** The first xid handed out (a fresh cluster has used a few hundred during initdb). */
export const FIRST_XID = 750;

type NewRecord = Omit<WalRecord, 'lsn' | 'end' | 'tli' | 'size'>;

/** xl_tot_len, from the Durability lab's record layouts and this table's tuples (tuple.ts). */
function sizeOf(r: NewRecord, before: Value | undefined): number {
  switch (r.kind) {
    case 'INSERT':
      return recordSize('INSERT', insertData(r.key ?? '', r.value ?? null), false);
    case 'UPDATE':
      return recordSize('UPDATE', updateData(r.key ?? '', before ?? null, r.value ?? null), false);
    case 'INSERT_LEAF':
      return btreeInsertSize(r.key ?? '');
    case 'PRUNE':
      return r.prune ? pruneSize(r.prune) : 0;
    default:
      return recordSize(r.kind, 0, false);
  }
}

/**
 * XLogInsert on a primary: reserve space at the insert position and append the record (not yet
 * flushed). `before` is the row version an UPDATE replaces (its size depends on it).
 */
export function insert(node: Node, r: NewRecord, out: Event[], before?: Value): WalRecord {
  const size = sizeOf(r, before);
  const { lsn, end } = reserve(node, size);
  // Every record has the same fields in the same order: one hidden class for V8 over a long WAL.
  const record: WalRecord = {
    lsn,
    end,
    tli: node.tli,
    kind: r.kind,
    xid: r.xid,
    tx: r.tx,
    key: r.key,
    value: r.value,
    begin: r.begin,
    at: r.at,
    applyFeedback: r.applyFeedback,
    prune: r.prune,
    size,
  };
  node.wal.push(record);
  node.writeLsn = record.end;
  out.push({ type: 'wal.inserted', node: node.name, record });
  return record;
}

/** XLogFlush on a primary: everything inserted up to `upTo` is on disk, and the walsenders may send it. */
export function flush(state: State, node: Node, upTo: number, out: Event[]): void {
  if (upTo <= node.flushLsn) return;
  node.flushLsn = upTo;
  node.replayLsn = upTo;
  node.replayIdx = node.wal.length;
  state.flushTimes.push({ lsn: upTo, at: state.time });
  // One entry in, at most one out: shift() drops it without building the array splice() returns.
  if (state.flushTimes.length > 256) state.flushTimes.shift();
  out.push({ type: 'wal.flushed', node: node.name, upTo });
}

/** Whether a record is a heap change of transaction `xid` (an INSERT, UPDATE or DELETE). */
const writes = (r: WalRecord, xid: number): boolean => r.xid === xid && (r.kind === 'INSERT' || r.kind === 'UPDATE' || r.kind === 'DELETE');

/** The index of a transaction's first record, from its LSN `from` (0: search from the start), among the first `before`. */
const firstIndex = (wal: readonly WalRecord[], from: number, before: number): number => (from > 0 ? lowerBoundBefore(wal, from, before) : 0);

/** The heap changes of transaction `xid` in this WAL, from LSN `from` (its first record) to index `before`. */
export function writesOf(wal: readonly WalRecord[], xid: number, before = wal.length, from = 0): WalRecord[] {
  const out: WalRecord[] = [];
  for (let i = firstIndex(wal, from, before); i < before; i++) if (writes(wal[i], xid)) out.push(wal[i]);
  return out;
}

/** The newest heap change of transaction `xid` to `key` in this WAL, from LSN `from` (its first record) on. */
export function lastWriteOf(wal: readonly WalRecord[], xid: number, key: string, from: number): WalRecord | undefined {
  for (let i = wal.length - 1; i >= 0 && (from <= 0 || wal[i].lsn >= from); i--) {
    const r = wal[i];
    if (r.key === key && writes(r, xid)) return r;
  }
  return undefined;
}

/**
 * Make the commit record at index `at` visible in `rows`: its transaction's writes (from the record's
 * `begin`) in WAL order, read in place; the versions they replace go to `heap`'s dead ones.
 */
export function applyCommit(rows: Record<string, RowVersion>, wal: readonly WalRecord[], at: number, heap: Heap | null = null): void {
  const c = wal[at];
  for (let i = firstIndex(wal, c.begin ?? 0, at); i < at; i++) {
    const w = wal[i];
    if (w.key === undefined || !writes(w, c.xid)) continue;
    noteReplaced(heap, rows, w);
    if (w.kind === 'DELETE') delete rows[w.key];
    else rows[w.key] = { value: w.value ?? null, tx: c.tx, lsn: c.lsn };
  }
}

/**
 * The rows a node shows after replaying its WAL from the base backup up to `upTo` (crash
 * recovery on a primary, or a standby's restart): only committed transactions' writes.
 */
export function rebuild(
  base: Record<string, Value>,
  wal: readonly WalRecord[],
  upTo: number,
  heap: Heap | null = null,
): Record<string, RowVersion> {
  const rows: Record<string, RowVersion> = {};
  for (const [k, value] of Object.entries(base)) rows[k] = { value, tx: 'base backup', lsn: 0 };
  for (let i = 0; i < wal.length && wal[i].end <= upTo; i++) replayRecord(rows, heap, wal, i);
  return rows;
}

/** Redo of one record for the rows and the heap: a commit's writes, an abort's dead versions, a PRUNE. */
export function replayRecord(rows: Record<string, RowVersion>, heap: Heap | null, wal: readonly WalRecord[], i: number): void {
  const r = wal[i];
  if (r.kind === 'COMMIT') applyCommit(rows, wal, i, heap);
  else if (r.kind === 'ABORT') noteAborted(heap, writesOf(wal, r.xid, i, r.begin));
  else if (r.kind === 'PRUNE' && r.prune && heap) applyPrune(heap, rows, r.prune);
}

/** How many records of this WAL end at or before `upTo`. */
export function countUpTo(wal: readonly WalRecord[], upTo: number): number {
  let n = 0;
  while (n < wal.length && wal[n].end <= upTo) n++;
  return n;
}
