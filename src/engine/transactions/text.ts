import type { RefusedEvent, Suggestion } from '../core/lab';
import type { Event } from './events';
import type { Action, State } from './types';

/** An action as the timeline shows it. */
export function label(action: Action): string {
  return `${action.session}${action.name ? ` ${action.name}` : ''}: ${action.sql}`;
}

/** One narrator's sentence for a step, from its events. */
export function describe(events: readonly (Event | RefusedEvent)[], action: Action | undefined): string {
  if (!action) {
    const init = events.find((e) => e.type === 'lab.started');
    return init?.type === 'lab.started'
      ? `Sessions ${init.sessions.join(', ')} connect; the setup created ${init.tables.join(', ') || 'no tables'}.`
      : 'The database is ready.';
  }
  const parts: string[] = [];
  for (const e of events) {
    if (e.type === 'step.blocked') parts.push(`${e.session} waits for a lock.`);
    else if (e.type === 'txn.blocked' && e.session === action.session)
      parts.push(`Transaction ${e.xid} is blocked by transaction ${e.waitsFor}.`);
    else if (e.type === 'deadlock.detected') parts.push(`Deadlock: ${e.cycle.join(' → ')} wait for each other; ${e.session} is cancelled.`);
    else if (e.type === 'step.completed' && e.afterWait)
      parts.push(`${e.session} wakes up and finishes${e.error ? ` with an error: ${e.error.message}` : ''}.`);
    else if (e.type === 'statement.failed' && e.session === action.session) parts.push(`ERROR: ${e.error.message}.`);
    else if (e.type === 'action.refused') parts.push(`Refused: ${e.message}`);
    else if (e.type === 'txn.committed') parts.push(`${e.session} commits${e.xid ? ` (xid ${e.xid} is now committed in pg_xact)` : ''}.`);
    else if (e.type === 'txn.doomed') parts.push(`SSI marks ${e.session} to fail: a dangerous structure of rw-dependencies.`);
  }
  return parts.length ? `${label(action)}. ${[...new Set(parts)].join(' ')}` : `${label(action)}.`;
}

/** Next actions a user might try from here. */
export function suggest(state: State): Suggestion<Action>[] {
  const out: Suggestion<Action>[] = [];
  for (const s of Object.values(state.sessions)) {
    if (s.pending || s.name.startsWith('(')) continue;
    if (s.txn && !s.txn.implicit) {
      out.push({ label: `${s.name}: COMMIT`, action: { type: 'step', session: s.name, sql: 'COMMIT' } });
      out.push({ label: `${s.name}: ROLLBACK`, action: { type: 'step', session: s.name, sql: 'ROLLBACK' } });
    } else out.push({ label: `${s.name}: BEGIN`, action: { type: 'step', session: s.name, sql: 'BEGIN' } });
  }
  return out;
}
