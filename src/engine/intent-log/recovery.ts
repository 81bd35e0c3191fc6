import { undo } from './engine';
import type { Event, RecoveryReport, State, Verdict } from './types';

/**
 * Restart after a crash: read the whole log, keep every transaction that has a
 * COMMIT record, undo every other one from its before images (newest first), and
 * log an ABORT for each so a second crash does not undo them twice.
 */
export function recover(state: State): Event[] {
  const events: Event[] = [{ type: 'recovery.started', records: state.log.length }];
  const committed = new Set<string>();
  const ended = new Set<string>();
  for (const r of state.log) {
    if (r.kind === 'COMMIT') committed.add(r.tx);
    if (r.kind === 'COMMIT' || r.kind === 'ABORT') ended.add(r.tx);
  }
  const verdicts: Record<number, Verdict> = {};
  const rolledBack: string[] = [];
  for (const r of state.log) {
    const verdict: Verdict = committed.has(r.tx) ? 'kept' : 'discarded';
    verdicts[r.seq] = verdict;
    events.push({ type: 'recovery.verdict', seq: r.seq, tx: r.tx, verdict });
    if (!ended.has(r.tx) && !rolledBack.includes(r.tx)) rolledBack.push(r.tx);
  }
  const undone: RecoveryReport['undone'] = [];
  for (const row of undo(state, new Set(rolledBack))) {
    undone.push(row);
    events.push({ type: 'recovery.undo', ...row });
  }
  for (const tx of rolledBack) {
    const record = { seq: state.log.length + 1, kind: 'ABORT', tx, byRecovery: true } as const;
    state.log.push(record);
    state.txns[tx] = 'aborted';
    events.push({ type: 'log.appended', record });
  }
  const committedList = [...committed];
  state.recovery = { committed: committedList, rolledBack, verdicts, undone };
  state.phase = 'running';
  events.push({ type: 'recovery.finished', committed: committedList, rolledBack });
  return events;
}
