import type { Lsn } from '../wal/lsn';
import { flushBuffer } from './buffer-pool';
import { addHistory, sinceRedo } from './history';
import { running } from './horizon';
import { fsyncDataFiles, type Out } from './storage';
import type { CheckpointReason, CheckpointRun, ControlFile, State } from './types';
import { checkpointLength, runningXactsLength } from '../wal/records';
import { formatLsn, INVALID_LSN } from '../wal/lsn';
import { flushWal, insertRecord } from './wal';

/**
 * Checkpoints (checkpointer.c, CreateCheckPoint in xlog.c): fix the REDO point, write every
 * buffer that was dirty at that moment, fsync the data files, log the checkpoint record and
 * point pg_control at it. Recovery then starts at that REDO point: everything before it is
 * in the data files.
 */

/** pg_control of a fresh cluster. */
export const initialControl = (checkPoint: Lsn, nextXid: number): ControlFile => ({
  state: 'in production',
  checkPoint,
  redo: checkPoint,
  nextXid,
  time: 0,
});

/** Ticks a spread checkpoint may take: checkpoint_completion_target of checkpoint_timeout. */
function spreadTicks(state: State): number {
  const s = state.settings;
  const timeout = s.checkpoint_timeout > 0 ? s.checkpoint_timeout : 300;
  return Math.max(1, Math.floor(timeout * s.checkpoint_completion_target));
}

/**
 * Start a checkpoint. An immediate one (the CHECKPOINT command, end of recovery) runs to the
 * end in this step; a spread one (timed, or triggered by WAL volume) writes its pages a few
 * per tick. A request during a spread checkpoint that asks for an immediate one makes the
 * running one finish at once first, as CHECKPOINT_IMMEDIATE does.
 */
export function requestCheckpoint(state: State, reason: CheckpointReason, immediate: boolean, out: Out): void {
  if (state.checkpoint) {
    if (!immediate) return;
    checkpointProgress(state, Infinity, out);
  }
  // The REDO point is the current insert position: any change after it is replayed.
  const redo = state.wal.insert;
  state.redoRecPtr = redo;
  const toWrite: string[] = [];
  for (const f of state.pool.frames) if (f.dirty && f.tag) toWrite.push(f.tag);
  // BufferSync sorts the writes by file and block, so the kernel sees sequential I/O.
  toWrite.sort(byFileAndBlock);
  const pagesPerTick = immediate ? Infinity : Math.max(1, Math.ceil(toWrite.length / spreadTicks(state)));
  const run: CheckpointRun = {
    reason,
    startedAt: state.now,
    redo,
    toWrite,
    next: 0,
    written: 0,
    pagesPerTick,
    finishedAt: null,
    lsn: null,
  };
  state.checkpoint = run;
  state.checkpoints.push(run);
  if (out) out.push({ type: 'checkpoint.started', reason, redo, pages: toWrite.length });
  if (immediate) checkpointProgress(state, Infinity, out);
}

function byFileAndBlock(a: string, b: string): number {
  const [ra, ba] = a.split('/').map(Number);
  const [rb, bb] = b.split('/').map(Number);
  return ra - rb || ba - bb;
}

/** Write up to n of the checkpoint's pages; finish the checkpoint when none are left. */
export function checkpointProgress(state: State, n: number, out: Out): void {
  const run = state.checkpoint;
  if (!run) return;
  let budget = n;
  while (budget > 0 && run.next < run.toWrite.length) {
    const key = run.toWrite[run.next++];
    const frame = state.pool.map[key];
    // Already written by an eviction or the background writer: nothing left to do.
    if (frame === undefined || !state.pool.frames[frame].dirty) continue;
    flushBuffer(state, frame, 'checkpointer', out);
    run.written += 1;
    budget -= 1;
  }
  if (run.next >= run.toWrite.length) finishCheckpoint(state, run, out);
}

function finishCheckpoint(state: State, run: CheckpointRun, out: Out): void {
  // CheckPointGuts: the commit log first, then the data files' fsyncs.
  state.clogDurable = state.clog.slice();
  fsyncDataFiles(state, out);
  const shutdown = run.reason === 'end-of-recovery' || run.reason === 'shutdown';
  // LogStandbySnapshot (wal_level replica): an online checkpoint logs the running transactions first.
  const running = runningXids(state);
  if (!shutdown)
    insertRecord(state, 'RUNNING_XACTS', 0, null, INVALID_LSN, runningXactsLength(running.length), snapshotDesc(state, running), out);
  const kind = shutdown ? 'CHECKPOINT_SHUTDOWN' : 'CHECKPOINT_ONLINE';
  const rec = insertRecord(state, kind, 0, null, run.redo, checkpointLength(), checkpointDesc(state, run.redo, shutdown, running), out);
  flushWal(state, rec.end, 'checkpoint record', out);
  run.lsn = rec.lsn;
  run.finishedAt = state.now;
  // The chart's sawtooth: the distance this checkpoint cut, then what is left after it.
  const before = sinceRedo(state);
  addHistory(state, 'checkpoint', before.bytes, before.records, 0);
  // pg_control is a single 512-byte sector: written and fsync'd atomically, never torn.
  state.control = {
    state: 'in production',
    checkPoint: rec.lsn,
    redo: run.redo,
    nextXid: state.nextXid,
    time: state.now,
  };
  state.counters.fsyncs += 1;
  state.counters.checkpoints += 1;
  state.checkpoint = null;
  const after = sinceRedo(state);
  addHistory(state, 'sample', after.bytes, after.records, 0);
  if (out) {
    out.push({ type: 'file.synced', target: 'control', file: 'global/pg_control', upTo: null });
    out.push({ type: 'control.updated', checkPoint: rec.lsn, redo: run.redo });
    out.push({ type: 'checkpoint.finished', lsn: rec.lsn, redo: run.redo, written: run.written });
  }
}

/** Xids of open transactions that wrote something (PostgreSQL assigns an xid at the first write). */
function runningXids(state: State): number[] {
  const xids: number[] = [];
  for (const name in state.txns) {
    const t = state.txns[name];
    if (running(t) && t.undo.length > 0) xids.push(t.xid);
  }
  return xids.sort((a, b) => a - b);
}

/** standby_desc_running_xacts. */
function snapshotDesc(state: State, running: number[]): string {
  const next = state.nextXid;
  const xacts = running.length > 0 ? `; ${running.length} xacts: ${running.join(' ')}` : '';
  return `nextXid ${next} latestCompletedXid ${next - 1} oldestRunningXid ${running[0] ?? next}${xacts}`;
}

/** xlog_desc of a checkpoint record, with the lab's values where it has them. */
function checkpointDesc(state: State, redo: Lsn, shutdown: boolean, running: number[]): string {
  const next = state.nextXid;
  return (
    `redo ${formatLsn(redo)}; tli 1; prev tli 1; fpw ${state.settings.full_page_writes}; xid 0:${next}; oid 24576; multi 1; offset 0; ` +
    `oldest xid 716 in DB 1; oldest multi 1 in DB 1; oldest/newest commit timestamp xid: 0/0; oldest running xid ${running[0] ?? next}; ${shutdown ? 'shutdown' : 'online'}`
  );
}

/**
 * The triggers the checkpointer checks: checkpoint_timeout since the last start, or WAL
 * since the REDO point past max_wal_size / (1 + checkpoint_completion_target)
 * (CalculateCheckpointSegments: the next checkpoint must finish before max_wal_size).
 */
export function checkpointDue(state: State, timed: boolean): CheckpointReason | null {
  if (state.checkpoint || state.phase !== 'running') return null;
  const s = state.settings;
  const walLimit = (s.max_wal_size * 1024) / (1 + s.checkpoint_completion_target);
  if (state.wal.insert - state.redoRecPtr >= walLimit) return 'wal';
  const last = state.checkpoints.length > 0 ? state.checkpoints[state.checkpoints.length - 1].startedAt : 0;
  // An idle system skips its timed checkpoint: nothing was logged since the last one.
  const records = state.wal.records;
  const idle = records.length > 0 && records[records.length - 1].lsn === state.control.checkPoint;
  if (!timed) return null;
  if (s.checkpoint_timeout > 0 && state.now - last >= s.checkpoint_timeout && !idle) return 'time';
  return null;
}
