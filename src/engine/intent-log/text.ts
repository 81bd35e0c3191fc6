import type { RefusedEvent, Suggestion } from '../core/lab';
import { isWriteAction, nameList, writeSql } from '../scenario/sql-text';
import type { Action, Event, State } from './types';

/** An action as the SQL a reader would recognise. */
export function label(action: Action): string {
  if (isWriteAction(action)) return writeSql(action);
  switch (action.type) {
    case 'rollback':
      return `${action.tx}: ROLLBACK`;
    case 'crash':
      return 'Power cut: the server crashes';
    case 'recover':
      return 'Restart: recovery reads the log';
  }
}

/** One narrator's sentence for a step, used when a preset gives none. */
export function describe(events: readonly (Event | RefusedEvent)[], action: Action | undefined): string {
  const first = events[0];
  if (!first) return action ? `${label(action)}.` : '';
  switch (first.type) {
    case 'lab.started':
      return `The database starts with ${first.tables.length} table(s) and an empty log.`;
    case 'action.refused':
      return `Refused: ${first.message}`;
    case 'node.crashed':
      return first.inFlight.length > 0
        ? `Crash. ${nameList(first.inFlight)} had not committed; whatever they already wrote is on disk, but their COMMIT never reached the log.`
        : 'Crash. No transaction was in flight.';
    case 'recovery.started': {
      const done = events.find((e) => e.type === 'recovery.finished');
      if (done?.type !== 'recovery.finished') return 'Recovery reads the log.';
      return `Recovery read ${first.records} log records: kept ${nameList(done.committed)} (committed), undid ${nameList(done.rolledBack)} (no COMMIT record).`;
    }
    case 'log.appended': {
      const r = first.record;
      if (r.kind === 'WRITE')
        return `${r.tx} writes its intent to the log (record #${r.seq}), then changes ${r.table} "${r.key}" in place.`;
      if (r.kind === 'COMMIT') return `${r.tx} appends its COMMIT record (#${r.seq}): from now on its changes survive any crash.`;
      if (r.kind === 'ABORT') return `${r.tx} rolls back: its rows are restored from the before images in the log.`;
      return `${r.tx} begins (log record #${r.seq}).`;
    }
    default:
      return action ? `${label(action)}.` : '';
  }
}

/** What a user may do next at this step, for "fork from here". */
export function suggest(state: State): Suggestion<Action>[] {
  if (state.phase === 'crashed') return [{ label: 'Restart and recover', action: { type: 'recover' } }];
  const active = [...state.txns.open()].filter(([, s]) => s === 'active').map(([t]) => t);
  return [
    { label: 'Crash now', action: { type: 'crash' } },
    ...active.flatMap((tx) => [
      { label: `Commit ${tx}`, action: { type: 'commit', tx } as const },
      { label: `Roll back ${tx}`, action: { type: 'rollback', tx } as const },
    ]),
  ];
}
