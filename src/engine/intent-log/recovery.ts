import { spendRecords } from './budget';
import { undo } from './engine';
import type { Event, RecoveryReport, State } from './types';

/**
 * Restart after a crash: read the whole log, keep every transaction that has a
 * COMMIT record, undo every other one from its before images (newest first), and
 * log an ABORT for each so a second crash does not undo them twice.
 *
 * The engine keeps what that scan finds as the log grows (`commits`, `committedRecords`,
 * the open transactions), so restarting costs the transactions it undoes, not the
 * log's length; the work budget still counts the whole log as read, as the lesson tells it.
 */
export function recover(state: State): Event[] {
  const events: Event[] = [{ type: 'recovery.started', records: state.log.length }];
  spendRecords(state, state.log.length);
  // Down after a crash, every open transaction is lost: exactly those with no COMMIT or ABORT record, in the order they began.
  const rolledBack = new Set([...state.txns.open()].map(([tx]) => tx));
  // A record is kept exactly when its transaction committed; the view derives each record's verdict from that.
  const kept = state.committedRecords;
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
  const committedList = state.commits.slice();
  const rolledBackList = [...rolledBack];
  state.recovery = { committed: committedList, rolledBack: rolledBackList, upTo, kept, undone };
  state.phase = 'running';
  events.push({ type: 'recovery.finished', committed: committedList, rolledBack: rolledBackList });
  return events;
}
