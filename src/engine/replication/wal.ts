import { recordSize } from '../wal/records';
import { lowerBoundBefore, reserve } from '../wal/log';
import { btreeInsertSize, insertData, updateData } from './tuple';
import { applyPrune, noteAborted, noteReplaced, pruneSize } from './heap';
import type { Event, Heap, Node, Prune, RowVersion, State, Value, WalRecord } from './types';

/**
 * The WAL of one node: records at PostgreSQL's LSNs (lsn.ts), sized as PostgreSQL 15 sizes them
 * (tuple.ts), applied to the rows a new session sees when their commit record is replayed.
 */

/** The first xid handed out (a fresh cluster has used a few hundred during initdb). */
export const FIRST_XID = 750;

type ChangeKind = 'INSERT' | 'UPDATE' | 'DELETE' | 'INSERT_LEAF';
type Inserted = Extract<Event, { type: 'wal.inserted' }>;

/** xl_tot_len of a heap change or the primary key's leaf insert, from the Durability lab's record layouts and this table's tuples (tuple.ts). */
function changeSize(kind: ChangeKind, key: string, value: Value | undefined, before: Value | undefined): number {
  switch (kind) {
    case 'INSERT':
      return recordSize('INSERT', insertData(key, value ?? null), false);
    case 'UPDATE':
      return recordSize('UPDATE', updateData(key, before ?? null, value ?? null), false);
    case 'INSERT_LEAF':
      return btreeInsertSize(key);
    default:
      return recordSize('DELETE', 0, false);
  }
}

/**
 * XLogInsert on a primary: append a record built at the insert position `lsn`..`end` (not yet
 * flushed), and return its event for the caller's list (which the caller builds at its final
 * length where it can: a first `push` reserves sixteen slots). Records come in three shapes (a
 * change, a transaction's end, a PRUNE), each with only its kind's fields, always in the same
 * order: a long WAL holds no fields that are always empty.
 */
function append(node: Node, record: WalRecord): Inserted {
  node.wal.push(record);
  node.writeLsn = record.end;
  return { type: 'wal.inserted', node: node.name, record };
}

/** A heap change of transaction `xid` (INSERT, UPDATE, DELETE) or its primary key leaf insert; `before`: the version an UPDATE replaces. */
export function insertChange(
  node: Node,
  kind: ChangeKind,
  xid: number,
  tx: string,
  key: string,
  value: Value | undefined,
  before?: Value,
): Inserted {
  const size = changeSize(kind, key, value, before);
  const { lsn, end } = reserve(node, size);
  return append(node, { lsn, end, tli: node.tli, kind, xid, tx, key, value, size });
}

/** A transaction's COMMIT (at logical time `at`, asking for an apply reply or not) or ABORT; `begin`: its first record's LSN. */
export function insertEnd(
  node: Node,
  kind: 'COMMIT' | 'ABORT',
  xid: number,
  tx: string,
  begin: number,
  at?: number,
  applyFeedback?: boolean,
): Inserted {
  const size = recordSize(kind, 0, false);
  const { lsn, end } = reserve(node, size);
  return append(node, { lsn, end, tli: node.tli, kind, xid, tx, begin, at, applyFeedback, size });
}

/** VACUUM's Heap2 PRUNE (no xid). */
export function insertPrune(node: Node, prune: Prune): Inserted {
  const size = pruneSize(prune);
  const { lsn, end } = reserve(node, size);
  return append(node, { lsn, end, tli: node.tli, kind: 'PRUNE', xid: 0, tx: 'VACUUM', prune, size });
}

/** XLogFlush on a primary: everything inserted up to `upTo` is on disk, and the walsenders may send it. Its event, if it flushed anything. */
export function flush(state: State, node: Node, upTo: number): Event | null {
  if (upTo <= node.flushLsn) return null;
  node.flushLsn = upTo;
  node.replayLsn = upTo;
  node.replayIdx = node.wal.length;
  state.flushTimes.push({ lsn: upTo, at: state.time });
  // One entry in, at most one out: shift() drops it without building the array splice() returns.
  if (state.flushTimes.length > 256) state.flushTimes.shift();
  return { type: 'wal.flushed', node: node.name, upTo };
}

/** Whether a record is a heap change of transaction `xid` (an INSERT, UPDATE or DELETE). */
const writes = (r: WalRecord, xid: number): boolean => r.xid === xid && (r.kind === 'INSERT' || r.kind === 'UPDATE' || r.kind === 'DELETE');

/** The index of a transaction's first record, from its LSN `from` (0: search from the start), among the first `before`. */
const firstIndex = (wal: readonly WalRecord[], from: number, before: number): number =>
  from > 0 ? lowerBoundBefore(wal, from, before) : 0;

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
