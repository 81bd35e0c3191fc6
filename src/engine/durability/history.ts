import type { HistoryPoint, State } from './types';
import { lowerBound } from '../wal/log';

/**
 * The run's recovery-work history for the chart: a point at each checkpoint and each
 * recovery, and a sample every `historyEvery` steps. Kept small: past MAX_HISTORY points,
 * every other sample is dropped and sampling slows down by half, so a long run stays a few
 * hundred points. Checkpoint and recovery points are always kept.
 */
const MAX_HISTORY = 400;
export const FIRST_HISTORY_EVERY = 4;

/**
 * WAL bytes and records from pg_control's REDO point to the insert position: what a crash
 * now would replay (a running spread checkpoint has not moved pg_control yet).
 */
export function sinceRedo(state: State): { bytes: number; records: number } {
  const recs = state.wal.records;
  const redo = state.control.redo;
  return { bytes: Math.max(0, state.wal.insert - redo), records: recs.length - lowerBound(recs, redo) };
}

export function addHistory(
  state: State,
  kind: HistoryPoint['kind'],
  walBytesSinceRedo: number,
  recordsSinceRedo: number,
  recordsReplayed: number,
): void {
  if (state.quiet) return;
  const h = state.history;
  h.push({ step: state.clock, now: state.now, kind, walBytesSinceRedo, recordsSinceRedo, recordsReplayed });
  if (h.length <= MAX_HISTORY) return;
  let samples = 0;
  state.history = h.filter((p) => p.kind !== 'sample' || samples++ % 2 === 1);
  state.historyEvery *= 2;
}

/** After each step: a sample every `historyEvery` steps while the server runs. */
export function sampleHistory(state: State): void {
  if (state.quiet || state.phase !== 'running' || state.clock % state.historyEvery !== 0) return;
  const last = state.history.at(-1);
  if (last && last.step === state.clock) return;
  const s = sinceRedo(state);
  addHistory(state, 'sample', s.bytes, s.records, 0);
}
