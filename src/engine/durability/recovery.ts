import { spendWork } from './budget';
import { formatLsn, recPtrToBytePos } from '../wal/lsn';
import { markDirty, newPool, readBuffer, unpin } from './buffer-pool';
import { requestCheckpoint } from './checkpoint';
import { addHistory } from './history';
import { addTuple, checksumOk, copyPage, ctid, type HeapPage, newPage, setPrunable, setXmax } from './page';
import { pruneItems, unuseItems } from './page-prune';
import { dropHeaders } from './page-hdr';
import { crashDisk, diskImage, durableBlocks, type Out, pageKey, relPath } from './storage';
import { clearVisible } from './relation';
import type { Event, RecoveryReport, State, WalRecord } from './types';
import { redoTruncate } from './truncate';
import { judge, rebuildKeys } from './recovery-end';
import { lowerBound } from '../wal/log';
import { btreeRedo, crashBtree } from './btree';
import { relfilenodeOf } from './wal';

/**
 * Crash and crash recovery (StartupXLOG): read pg_control, start at the last checkpoint's
 * REDO point, and replay every record onto any page whose LSN is older than the record.
 * Full-page images are restored whole, which is what repairs a torn page.
 */

/** The power fails: everything not fsync'd is gone. */
export function crash(state: State, out: Out): void {
  const w = state.wal;
  const lostWal = w.insert - w.flushed;
  // Records are appended in LSN order, so the durable ones are a prefix.
  let keep = w.records.length;
  while (keep > 0 && w.records[keep - 1].end > w.flushed) keep--;
  w.records.length = keep;
  w.insert = w.flushed;
  w.written = w.flushed;
  w.bytePos = recPtrToBytePos(w.flushed);
  const { lostPages, torn } = crashDisk(state);
  state.disk.torn = torn ? [torn] : [];
  state.pool = newPool(state.pool.frames.length);
  state.clog = state.clogDurable.slice();
  state.checkpoint = null;
  state.redoRecPtr = state.control.redo;
  state.commitWaiters = [];
  for (const name in state.tables) {
    const rel = state.tables[name];
    rel.nblocks = durableBlocks(state, rel);
    crashBtree(rel.index, state.control.redo);
  }
  state.phase = 'crashed';
  state.crashes += 1;
  state.recovery = null;
  if (out) out.push({ type: 'node.crashed', lostWal, lostPages, torn });
}

class TornPage extends Error {
  constructor(
    readonly page: string,
    readonly block: number,
  ) {
    super(`invalid page in block ${block} of relation ${relPath(page.slice(0, page.indexOf('/')))}`);
  }
}

const SKIPPED = 0;
const APPLIED = 1;
const RESTORED = 2;

/**
 * Redo one block reference of a record (XLogReadBufferForRedo + the heap redo routine).
 * `which` 0 is the changed page, 1 the old page of an UPDATE that moved the row.
 */
function redoBlock(state: State, r: WalRecord, which: 0 | 1, out: Out): number {
  const rel = state.tables[r.rel!];
  const block = which === 0 ? r.block : r.oldBlock;
  const fpi = which === 0 ? r.fpi : r.oldFpi;
  const init = which === 0 && r.init;
  const key = pageKey(rel, block);
  if (block >= rel.nblocks) rel.nblocks = block + 1;
  let frame: number;
  if (fpi || init) {
    // RBM_ZERO_AND_LOCK: the old contents do not matter, so they are not even read.
    frame = readBuffer(state, key, 'zero', out);
  } else {
    if (state.pool.map[key] === undefined) {
      const img = diskImage(state, key);
      if (img && !checksumOk(img, block)) throw new TornPage(key, block);
    }
    frame = readBuffer(state, key, 'read', out);
  }
  const f = state.pool.frames[frame];
  let result = APPLIED;
  if (fpi) {
    f.page = copyPage(fpi);
    f.page.lsn = r.end;
    result = RESTORED;
    if (state.disk.torn.length > 0 && state.disk.torn.includes(key)) {
      state.disk.torn = state.disk.torn.filter((k) => k !== key);
      state.recovery?.torn.push(key);
      if (out) out.push({ type: 'tornPage.detected', page: key, repaired: true });
    }
  } else {
    const page = init ? (f.page = newPage()) : f.page!;
    if (page.lsn >= r.end) result = SKIPPED;
    else {
      // Redo reads no tuple header numbers: the page's go stale until the forward path reads them.
      dropHeaders(page);
      // A LOCK's xmax is a lock only, which the UPDATE record after it replaces: only its page LSN and image count here.
      if (r.kind === 'LOCK') result = APPLIED;
      else if (r.kind === 'PRUNE' || r.kind === 'VACUUM') redoVacuum(page, r);
      else if (which === 1 || r.kind === 'DELETE') {
        setXmax(page, which === 1 ? r.oldOffset : r.offset, r.xid, r.kind === 'DELETE' ? null : ctid(r.block, r.offset));
        setPrunable(page, r.xid);
      } else {
        addTuple(page, r.offset, {
          xmin: r.xid,
          ctid: ctid(r.block, r.offset),
          key: r.key!,
          data: r.data!,
          len: r.len,
          hot: r.kind === 'HOT_UPDATE',
        });
        // A same-page UPDATE has one block reference covering both versions.
        if ((r.kind === 'UPDATE' || r.kind === 'HOT_UPDATE') && r.oldBlock === r.block) {
          setXmax(page, r.oldOffset, r.xid, ctid(r.block, r.offset));
          setPrunable(page, r.xid);
        }
      }
      page.lsn = r.end;
    }
  }
  // A heap change clears the page's visibility-map bit (heap_xlog_insert and the others do).
  if (r.kind !== 'PRUNE' && r.kind !== 'VACUUM') clearVisible(rel, block);
  if (result !== SKIPPED) markDirty(state, frame, null);
  unpin(state, frame);
  return result;
}

/** heap_xlog_prune, heap_xlog_vacuum: the record's offsets applied as VACUUM applied them. */
function redoVacuum(page: HeapPage, r: WalRecord): void {
  const lps = r.lps!;
  if (r.kind === 'VACUUM') return unuseItems(page, lps);
  pruneItems(page, lps, r.block);
}

/**
 * The redo loop from record index `from` to the end of the WAL. Kept tight: no allocation
 * per record beyond the tuples it recreates, and events only when they are wanted.
 */
export function replay(state: State, from: number, report: RecoveryReport, out: Out): void {
  const recs = state.wal.records;
  const before = report.replayed;
  try {
    replayRange(state, recs, from, report, out);
  } finally {
    state.counters.recordsReplayed += report.replayed - before;
  }
}

function replayRange(state: State, recs: WalRecord[], from: number, report: RecoveryReport, out: Out): void {
  for (let i = from; i < recs.length; i++) {
    spendWork(state, 1);
    const r = recs[i];
    let res = APPLIED;
    switch (r.kind) {
      case 'COMMIT':
        state.clog[r.xid] = 1;
        break;
      case 'ABORT':
        state.clog[r.xid] = 2;
        break;
      case 'CHECKPOINT_ONLINE':
      case 'CHECKPOINT_SHUTDOWN':
      case 'RUNNING_XACTS':
      case 'STANDBY_LOCK':
        res = SKIPPED;
        break;
      case 'VISIBLE':
        // heap_xlog_visible: the bit is set again (the VM page is not modelled as a page).
        state.tables[r.rel!].vm[r.block] = r.end;
        break;
      case 'TRUNCATE':
        redoTruncate(state, r.desc);
        break;
      case 'BTREE_VACUUM':
      case 'INSERT_LEAF':
      case 'INSERT_UPPER':
      case 'SPLIT_L':
      case 'SPLIT_R':
      case 'NEWROOT':
        // The index's pages are as at the REDO point (btree.ts, crashBtree): redo its changes.
        btreeRedo(state, r);
        break;
      default: {
        res = redoBlock(state, r, 0, out);
        if (r.kind === 'UPDATE' && r.oldBlock !== r.block) res = Math.max(res, redoBlock(state, r, 1, out));
        if (r.xid >= state.nextXid) state.nextXid = r.xid + 1;
      }
    }
    report.replayed += 1;
    report.position = r.end;
    if (res === SKIPPED) report.skipped += 1;
    else report.applied += 1;
    if (res === RESTORED) report.fpiRestored += 1;
    if (out) out.push(replayEvent(state, r, res));
  }
}

function replayEvent(state: State, r: WalRecord, res: number): Event {
  const page = r.rel === null ? null : `${relfilenodeOf(state, r.kind, r.rel)}/${r.block}`;
  const tx = state.xidNames[r.xid] ?? `xid ${r.xid}`;
  let reason: string;
  if (r.kind === 'COMMIT') reason = `pg_xact: ${tx} (xid ${r.xid}) marked committed`;
  else if (r.kind === 'ABORT') reason = `pg_xact: ${tx} (xid ${r.xid}) marked aborted`;
  else if (r.kind === 'RUNNING_XACTS') reason = 'running transactions for a standby: nothing to redo here';
  else if (r.rel === null) reason = `checkpoint record (REDO ${formatLsn(r.redo)}): nothing to redo`;
  else if (r.kind === 'INSERT_LEAF') reason = `primary-key index entry for "${r.key}" on its leaf page`;
  else if (r.kind === 'SPLIT_L' || r.kind === 'SPLIT_R') reason = `index page ${r.block} split again, with "${r.key}" on it`;
  else if (r.kind === 'INSERT_UPPER' || r.kind === 'NEWROOT') reason = 'the downlink to the split page, redone with the split';
  else if (res === RESTORED) reason = 'full-page image restored: the page is rebuilt from the WAL whatever the disk holds';
  else if (res === SKIPPED) reason = `page LSN is at or past ${formatLsn(r.end)}: the change is already on disk`;
  else if (r.init) reason = 'first tuple on a new page: page initialised, then the tuple added';
  else reason = `page LSN older than ${formatLsn(r.end)}: change reapplied`;
  return {
    type: 'record.replayed',
    lsn: r.lsn,
    kind: r.kind,
    xid: r.xid,
    page,
    outcome: res === SKIPPED ? 'skipped' : 'applied',
    fpi: res === RESTORED,
    reason,
  };
}

/** Restart after a crash: replay, judge every transaction, then an end-of-recovery checkpoint. */
export function recover(state: State, out: Out): void {
  const ctl = state.control;
  ctl.state = 'in crash recovery';
  const from = lowerBound(state.wal.records, ctl.redo);
  const report: RecoveryReport = {
    from: ctl.redo,
    checkpoint: ctl.checkPoint,
    replayed: 0,
    applied: 0,
    skipped: 0,
    fpiRestored: 0,
    position: ctl.redo,
    survived: [],
    lost: [],
    torn: [],
    failed: null,
  };
  state.recovery = report;
  const toReplay = state.wal.records.length - from;
  if (out) out.push({ type: 'recovery.started', checkpoint: ctl.checkPoint, redo: ctl.redo, records: toReplay });
  try {
    replay(state, from, report, out);
  } catch (e) {
    if (!(e instanceof TornPage)) throw e;
    addHistory(state, 'recovery', Math.max(0, report.position - report.from), toReplay, report.replayed);
    report.failed = `${e.message}: page verification failed (checksum mismatch) and the WAL has no full-page image to rebuild it`;
    state.phase = 'failed';
    report.torn.push(e.page);
    if (out) {
      out.push({ type: 'tornPage.detected', page: e.page, repaired: false });
      out.push({ type: 'recovery.failed', reason: report.failed });
    }
    return;
  }
  addHistory(state, 'recovery', Math.max(0, report.position - report.from), toReplay, report.replayed);
  judge(state, report);
  rebuildKeys(state);
  state.phase = 'running';
  if (out) out.push({ type: 'recovery.finished', survived: report.survived, lost: report.lost, replayed: report.replayed });
  requestCheckpoint(state, 'end-of-recovery', true, out);
}
