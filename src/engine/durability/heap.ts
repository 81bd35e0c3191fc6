import { markDirty, readBuffer, unpin } from './buffer-pool';
import {
  addTuple,
  align8,
  copyPage,
  type Ctid,
  ctid,
  ctidBlock,
  ctidOffset,
  fits,
  formatCtid,
  freeSpace,
  freeOffset,
  type HeapPage,
  INVALID_XID,
  PAGE_HEADER_SIZE,
  PAGE_SIZE,
  type Row,
  setPrunable,
  setXmax,
  type Tuple,
  tupleLen,
} from './page';
import { type Out, pageKey } from './storage';
import { clearVisible } from './relation';
import type { Relation, State, TxnInfo } from './types';
import { pkGet, tupleAt, visible } from './heap-read';
import { beginScan, endScan, type KeyScan } from './index-scan';
import { INVALID_LSN } from '../wal/lsn';
import { btreeInsert } from './btree';
import { getPageWithFreeSpace, recordAndGetPageWithFreeSpace } from './fsm';
import { deleteLength, heapImageBytes, insertLength, lockLength, updateLength } from './heap-wal';
import { fpiSize, insertRecord } from './wal';

/**
 * heapam: INSERT, UPDATE and DELETE on heap pages through the buffer pool, each logged
 * before the buffer is released (the page's LSN is set to the record's end, so the WAL
 * rule knows how far to flush before the page may be written).
 */

/** The outcome of a write: why it is refused (a message a user can act on), or null. */
export type WriteResult = string | null;

/** The largest tuple a heap page holds (the lab has no TOAST). */
const MAX_TUPLE = PAGE_SIZE - PAGE_HEADER_SIZE - 4;
const TOO_BIG = 'row is too big for a page';

/**
 * XLOG_HEAP_INIT_PAGE: the new tuple will be the page's only line pointer (a fresh page, or one
 * VACUUM emptied, whose line pointer array it cut down to one unused slot), so redo starts from an empty page.
 */
const firstOnPage = (page: HeapPage): boolean => page.items.length === 0 || (page.items.length === 1 && page.items[0] === null);

/** FPI decision (XLogRecordAssemble): the page's first change since the REDO point. */
const needsImage = (state: State, page: HeapPage): boolean => state.settings.full_page_writes && page.lsn <= state.redoRecPtr;

/**
 * RelationGetBufferForTuple: the session's last target page (rd_targblock), else a page the free
 * space map names, else the last page; each page found too full is recorded in the FSM, which
 * names another; when none has room, a new page at the end. Returns a pinned frame and its block.
 */
function bufferForTuple(state: State, rel: Relation, txn: TxnInfo, len: number, out: Out): { frame: number; block: number } {
  // Callers refuse a row that is too big before they change anything: reaching this is a bug.
  if (len > MAX_TUPLE) throw new Error(`a ${len}-byte tuple reached bufferForTuple`);
  const need = align8(len);
  let block = Object.hasOwn(txn.target, rel.name) && txn.target[rel.name] < rel.nblocks ? txn.target[rel.name] : -1;
  if (block < 0) block = getPageWithFreeSpace(rel, need);
  if (block < 0) block = rel.nblocks - 1;
  while (block >= 0) {
    const frame = readBuffer(state, pageKey(rel, block), 'read', out);
    const free = freeSpace(state.pool.frames[frame].page!);
    if (need <= free) {
      txn.target = { ...txn.target, [rel.name]: block };
      return { frame, block };
    }
    unpin(state, frame);
    block = recordAndGetPageWithFreeSpace(rel, block, free, need);
  }
  block = rel.nblocks;
  rel.nblocks += 1;
  txn.target = { ...txn.target, [rel.name]: block };
  return { frame: readBuffer(state, pageKey(rel, block), 'zero', out), block };
}

/**
 * Why a writer cannot change the row version `t` (null: it may). Another open transaction's
 * uncommitted change means PostgreSQL would wait for its row lock; the lab does not model lock
 * waits, so it refuses instead.
 */
function refusal(state: State, rel: Relation, key: string, t: Tuple | null, txn: TxnInfo): string | null {
  if (!t) return `${rel.name} has no row with key "${key}".`;
  const other = (xid: number) => xid !== txn.xid && state.clog[xid] === 0;
  if (other(t.xmin) || (t.xmax !== INVALID_XID && other(t.xmax))) {
    const holder = state.xidNames[other(t.xmin) ? t.xmin : t.xmax];
    return `${rel.name} "${key}" has an uncommitted change by ${holder}: PostgreSQL would wait for its row lock; this lab refuses instead.`;
  }
  if (txn.snapshot && !visible(state, t, txn.xid, txn.snapshot) && visible(state, t, txn.xid))
    return 'could not serialize access due to concurrent update (a REPEATABLE READ transaction cannot change a row changed since its snapshot).';
  if (!visible(state, t, txn.xid)) return `${rel.name} has no row with key "${key}".`;
  return null;
}

/**
 * The current version of a row for an UPDATE or DELETE, found by an index scan of the key
 * (index-scan.ts: the entries before it are fetched first), or why it cannot be written. Its page
 * stays pinned by the scan, which the caller ends (`endScan`) once the row is changed: the
 * executor then fetches the key's remaining entries.
 */
function current(
  state: State,
  rel: Relation,
  key: string,
  txn: TxnInfo,
  out: Out,
): { frame: number; c: Ctid; t: Tuple; scan: KeyScan } | string {
  const scan = beginScan(rel, key);
  const fail = (msg: string) => (endScan(state, scan, out), msg);
  const c = pkGet(rel, key);
  if (c === undefined) return fail(`${rel.name} has no row with key "${key}".`);
  const { frame, t } = tupleAt(state, scan, c, out);
  const why = refusal(state, rel, key, t, txn);
  if (why !== null || !t) return fail(why ?? `${rel.name} has no row with key "${key}".`);
  return { frame, c, t, scan };
}

export function heapInsert(state: State, txn: TxnInfo, rel: Relation, key: string, data: Row, out: Out): WriteResult {
  const existing = pkGet(rel, key);
  if (existing !== undefined && !rel.keyless) {
    // An INSERT scans nothing (the btree's uniqueness check comes after the heap record): the lab
    // looks at the version the key map names without pruning, to refuse before it writes.
    const frame = readBuffer(state, pageKey(rel, ctidBlock(existing)), 'read', out);
    const t = state.pool.frames[frame].page!.items[ctidOffset(existing) - 1] ?? null;
    unpin(state, frame);
    const why = refusal(state, rel, key, t, txn);
    if (why === null) return `duplicate key value violates unique constraint "${rel.name}_pkey": key "${key}" exists.`;
    if (why.includes('uncommitted')) return why;
  }
  const len = tupleLen(key, data, rel.columns);
  if (len > MAX_TUPLE) return TOO_BIG;
  const { frame, block } = bufferForTuple(state, rel, txn, len, out);
  const page = state.pool.frames[frame].page!;
  const init = firstOnPage(page);
  const image = !init && needsImage(state, page);
  const offset = freeOffset(page);
  const c = ctid(block, offset);
  addTuple(page, offset, { xmin: txn.xid, ctid: c, key, data, len });
  clearVisible(rel, block);
  const fpi = image ? copyPage(page) : null;
  const len0 = insertLength(key, data, rel.columns, fpi ? heapImageBytes(fpi) : 0);
  const ref = { rel: rel.name, block, offset, init, fpi, oldBlock: 0, oldOffset: 0, oldFpi: null, key, data, len };
  const rec = insertRecord(state, 'INSERT', txn.xid, ref, INVALID_LSN, len0, '', out);
  countFpi(state, fpi);
  page.lsn = rec.end;
  markDirty(state, frame, out);
  unpin(state, frame);
  txn.undo.push({ table: rel.name, key, prev: existing ?? null, op: 'insert' });
  rel.pk[key] = c;
  if (out) out.push({ type: 'tuple.inserted', table: rel.name, key, ctid: formatCtid(c), xmin: txn.xid });
  // _bt_doinsert: the primary key's new entry, logged after the heap record.
  if (!rel.keyless) btreeInsert(state, rel, key, c, txn.xid, out);
  return null;
}

export function heapUpdate(
  state: State,
  txn: TxnInfo,
  rel: Relation,
  key: string,
  next: (old: Row) => Row | string,
  out: Out,
): WriteResult {
  const cur = current(state, rel, key, txn, out);
  if (typeof cur === 'string') return cur;
  const data = next(cur.t.data);
  if (typeof data === 'string') return (endScan(state, cur.scan, out), data);
  const len = tupleLen(key, data, rel.columns);
  if (len > MAX_TUPLE) return (endScan(state, cur.scan, out), TOO_BIG);
  const oldBlock = ctidBlock(cur.c);
  const oldOffset = ctidOffset(cur.c);
  const oldPage = state.pool.frames[cur.frame].page!;
  // heap_update keeps the new version on the same page when it fits (a HOT candidate).
  const same = fits(oldPage, len);
  if (!same || len > TOAST_TUPLE_THRESHOLD) lockOldVersion(state, txn, rel, cur.c, oldPage, out);
  const target = same ? { frame: cur.frame, block: oldBlock } : bufferForTuple(state, rel, txn, len, out);
  const page = state.pool.frames[target.frame].page!;
  const init = !same && firstOnPage(page);
  const image = !init && needsImage(state, page);
  const oldImage = !same && needsImage(state, oldPage);
  const offset = freeOffset(page);
  const c = ctid(target.block, offset);
  addTuple(page, offset, { xmin: txn.xid, ctid: c, key, data, len, hot: same });
  clearVisible(rel, target.block);
  clearVisible(rel, oldBlock);
  setXmax(oldPage, oldOffset, txn.xid, c);
  // PageSetPrunable on the old page (PostgreSQL 15 leaves the new one alone); PageSetFull when the row had to move.
  setPrunable(oldPage, txn.xid);
  if (!same) oldPage.full = true;
  const fpi = image ? copyPage(page) : null;
  const oldFpi = oldImage ? copyPage(oldPage) : null;
  const { len: len0, flags } = updateLength({
    key,
    columns: rel.columns,
    oldData: cur.t.data,
    newData: data,
    samePage: same,
    newImage: fpi ? heapImageBytes(fpi) : 0,
    oldImage: oldFpi ? heapImageBytes(oldFpi) : 0,
  });
  const ref = { rel: rel.name, block: target.block, offset, init, fpi, oldBlock, oldOffset, oldFpi, key, data, len };
  // heap_update: heap-only (HOT) when the new version is on the same page and no indexed column
  // changed (the lab's only index is the primary key, which an UPDATE never changes).
  const kind = same ? 'HOT_UPDATE' : 'UPDATE';
  const rec = insertRecord(state, kind, txn.xid, ref, INVALID_LSN, len0, '', out, flags);
  countFpi(state, fpi);
  countFpi(state, oldFpi);
  page.lsn = rec.end;
  oldPage.lsn = rec.end;
  markDirty(state, cur.frame, out);
  if (!same) {
    markDirty(state, target.frame, out);
    unpin(state, target.frame);
  }
  txn.undo.push({ table: rel.name, key, prev: cur.c, op: 'update' });
  rel.pk[key] = c;
  if (out) {
    out.push({ type: 'tuple.expired', table: rel.name, key, ctid: formatCtid(cur.c), xmax: txn.xid });
    out.push({ type: 'tuple.inserted', table: rel.name, key, ctid: formatCtid(c), xmin: txn.xid });
  }
  // A heap-only tuple is reached through the old version's t_ctid: the index never hears of it.
  // A version on another page needs its own index entry.
  if (!same) btreeInsert(state, rel, key, c, txn.xid, out);
  endScan(state, cur.scan, out);
  return null;
}

export function heapDelete(state: State, txn: TxnInfo, rel: Relation, key: string, out: Out): WriteResult {
  const cur = current(state, rel, key, txn, out);
  if (typeof cur === 'string') return cur;
  const page = state.pool.frames[cur.frame].page!;
  const offset = ctidOffset(cur.c);
  const block = ctidBlock(cur.c);
  setXmax(page, offset, txn.xid, null);
  setPrunable(page, txn.xid);
  clearVisible(rel, block);
  const fpi = needsImage(state, page) ? copyPage(page) : null;
  const len0 = deleteLength(fpi ? heapImageBytes(fpi) : 0);
  const ref = { rel: rel.name, block, offset, init: false, fpi, oldBlock: 0, oldOffset: 0, oldFpi: null, key: null, data: null, len: 0 };
  const rec = insertRecord(state, 'DELETE', txn.xid, ref, INVALID_LSN, len0, '', out);
  countFpi(state, fpi);
  page.lsn = rec.end;
  markDirty(state, cur.frame, out);
  txn.undo.push({ table: rel.name, key, prev: cur.c, op: 'delete' });
  if (out) out.push({ type: 'tuple.expired', table: rel.name, key, ctid: formatCtid(cur.c), xmax: txn.xid });
  endScan(state, cur.scan, out);
  return null;
}

/** TOAST_TUPLE_THRESHOLD: a new version longer than this goes through the toaster first. */
const TOAST_TUPLE_THRESHOLD = 2032;

/**
 * heap_update must release the page's lock when the new version needs the toaster (it is over
 * TOAST_TUPLE_THRESHOLD) or another page: it first marks the old version locked and logs that as
 * a LOCK record (with the page's image if this is its first change since the checkpoint).
 */
function lockOldVersion(state: State, txn: TxnInfo, rel: Relation, c: Ctid, page: HeapPage, out: Out): void {
  const fpi = needsImage(state, page) ? copyPage(page) : null;
  const block = ctidBlock(c);
  const offset = ctidOffset(c);
  const ref = { rel: rel.name, block, offset, init: false, fpi, oldBlock: 0, oldOffset: 0, oldFpi: null, key: null, data: null, len: 0 };
  const rec = insertRecord(state, 'LOCK', txn.xid, ref, INVALID_LSN, lockLength(fpi ? heapImageBytes(fpi) : 0), '', out);
  countFpi(state, fpi);
  page.lsn = rec.end;
}

function countFpi(state: State, fpi: HeapPage | null): void {
  if (!fpi) return;
  state.counters.fpiCount += 1;
  state.counters.fpiBytes += fpiSize(fpi);
}

export { visible };
