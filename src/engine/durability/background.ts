import { autovacuumTick } from './autovacuum';
import { spendWork } from './budget';
import { bgwriterRound } from './buffer-pool';
import { checkpointDue, checkpointProgress, requestCheckpoint } from './checkpoint';
import type { Out } from './storage';
import { releaseDelayedCommits } from './txn';
import type { State } from './types';
import { flushWal } from './wal';

/**
 * The background processes, woken by logical time: delayed group commits, the WAL writer,
 * the background writer, the checkpointer and the autovacuum launcher. Only the `tick` action moves time, so a
 * scenario says exactly when they get to run.
 */
export function runTicks(state: State, n: number, out: Out): void {
  const s = state.settings;
  for (let k = 0; k < n && state.phase === 'running'; k++) {
    spendWork(state, 1);
    state.now += 1;
    if (out) out.push({ type: 'clock.advanced', from: state.now - 1, to: state.now });
    releaseDelayedCommits(state, out);
    if (state.now - state.wal.walWriterAt >= s.wal_writer_delay) {
      state.wal.walWriterAt = state.now;
      // XLogBackgroundFlush: what asynchronous commits left in the WAL buffers reaches disk.
      if (state.wal.flushed < state.wal.insert) flushWal(state, state.wal.insert, 'WAL writer', out);
    }
    if (s.bgwriter_lru_maxpages > 0 && state.now - state.bgwriter.at >= s.bgwriter_delay) {
      state.bgwriter.at = state.now;
      bgwriterRound(state, out);
    }
    if (state.checkpoint) checkpointProgress(state, state.checkpoint.pagesPerTick, out);
    else {
      const due = checkpointDue(state, true);
      if (due) requestCheckpoint(state, due, false, out);
    }
    autovacuumTick(state, out);
  }
}
