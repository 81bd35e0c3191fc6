import { spendRecords } from './budget';
import { undo } from './engine';
import type { Event, RecoveryReport, State } from './types';

/**
 * Restart after a crash: read the whole log, keep every transaction that has a
 * COMMIT record, undo every other one from its before images (newest first), and
 * log an ABORT for each so a second crash does not undo them twice.
 */
export function recover(state: State): Event[] {
  const events: Event[] = [{ type: 'recovery.started', records: state.log.length }];
  // One pass over the log: which transactions committed, which ended, and how many records each wrote.
  const committed = new Set<string>();
  const ended = new Set<string>();
  const records = new Map<string, number>();
  spendRecords(state, state.log.length);
  for (const r of state.log) {
    records.set(r.tx, (records.get(r.tx) ?? 0) + 1);
    if (r.kind === 'COMMIT') committed.add(r.tx);
    if (r.kind === 'COMMIT' || r.kind === 'ABORT') ended.add(r.tx);
  }
  // A record is kept exactly when its transaction committed; the view derives each record's verdict from that.
  const rolledBack = new Set<string>();
  let kept = 0;
  for (const [tx, n] of records) {
    if (committed.has(tx)) kept += n;
    else if (!ended.has(tx)) rolledBack.add(tx);
  }
  const upTo = state.log.length;
  events.push({ type: 'recovery.scanned', kept, discarded: upTo - kept });
  const undone: RecoveryReport['undone'] = [];
  for (const row of undo(state, rolledBack)) {
    undone.push(row);
    events.push({ type: 'row.undone', ...row });
  }
  for (const tx of rolledBack) {
    const record = { seq: state.log.length + 1, kind: 'ABORT', tx, byRecovery: true } as const;
    state.log.push(record);
    state.txns.set(tx, 'aborted');
    events.push({ type: 'log.appended', record });
  }
  const committedList = [...committed];
  const rolledBackList = [...rolledBack];
  state.recovery = { committed: committedList, rolledBack: rolledBackList, upTo, kept, undone };
  state.phase = 'running';
  events.push({ type: 'recovery.finished', committed: committedList, rolledBack: rolledBackList });
  return events;
}
