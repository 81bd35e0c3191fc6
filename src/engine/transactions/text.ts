import type { RefusedEvent, Suggestion } from '../core/lab';
import type { Event } from './events';
import type { Action, State } from './types';
import { CONTROL } from './view';

/** An action as the timeline shows it. */
export function label(action: Action): string {
  return `${action.session}${action.name ? ` ${action.name}` : ''}: ${action.sql}`;
}

/** What the setup did, from the init events: the tables it created, or PostgreSQL's error for each entry that failed. */
function setupSentence(events: readonly (Event | RefusedEvent)[]): string {
  const init = events.find((e) => e.type === 'lab.started');
  if (init?.type !== 'lab.started') return 'The database is ready.';
  const failed = events.flatMap((e) => (e.type === 'statement.failed' && e.session === CONTROL ? [e.error] : []));
  const tables = init.tables.length ? `the tables are ${init.tables.join(', ')}` : 'there are no tables';
  if (failed.length === 0)
    return `Sessions ${init.sessions.join(', ')} connect; the setup created ${init.tables.join(', ') || 'no tables'}.`;
  const errors = failed.map((e) => `ERROR ${e.code}: ${e.message}`).join('; ');
  return `Sessions ${init.sessions.join(', ')} connect. The setup failed with ${errors}. Nothing of a failed setup entry ran, so ${tables}.`;
}

const xidText = (xid: number) => (xid ? `xid ${xid}` : 'no xid yet');

/** One narrator's sentence for a step, from its events. */
export function describe(events: readonly (Event | RefusedEvent)[], action: Action | undefined): string {
  if (!action) return setupSentence(events);
  const parts: string[] = [];
  const blocked = new Set(events.flatMap((e) => (e.type === 'txn.blocked' ? [e.session] : [])));
  for (const e of events) {
    if (e.type === 'step.blocked' && !blocked.has(e.session)) parts.push(`${e.session} waits for a lock.`);
    else if (e.type === 'txn.blocked')
      parts.push(`${e.session} (${xidText(e.xid)}) waits for ${e.holder} (xid ${e.waitsFor}) to commit or roll back.`);
    else if (e.type === 'deadlock.detected') parts.push(`Deadlock: ${e.cycle.join(' → ')} wait for each other; ${e.session} is cancelled.`);
    else if (e.type === 'step.completed' && e.afterWait)
      parts.push(`${e.session} wakes up and finishes${e.error ? ` with an error: ${e.error.message}` : ''}.`);
    else if (e.type === 'statement.failed' && e.session === action.session) parts.push(`ERROR: ${e.error.message}.`);
    else if (e.type === 'action.refused') parts.push(`Refused: ${e.message}`);
    else if (e.type === 'txn.committed') parts.push(`${e.session} commits${e.xid ? ` (xid ${e.xid} is now committed in pg_xact)` : ''}.`);
    else if (e.type === 'txn.doomed') parts.push(`SSI marks ${e.session} to fail: a dangerous structure of rw-dependencies.`);
  }
  const done = events.flatMap((e) =>
    e.type === 'statement.finished' && e.session === action.session ? [tagSentence(e.session, e.tag)] : [],
  );
  // The action itself is on screen above the words: say what it did, not what it was.
  const said = [...new Set([...done.filter((x) => x !== null), ...parts])];
  return said.length ? said.join(' ') : `${label(action)}.`;
}

const rowsWord = (n: number) => `${n} row${n === 1 ? '' : 's'}`;

/** A finished statement's command tag in words ("SELECT 2": "s1 reads 2 rows."); COMMIT has its own sentence. */
function tagSentence(session: string, tag: string): string | null {
  const [verb, ...rest] = tag.split(' ');
  const n = Number(rest[rest.length - 1]);
  if (verb === 'SELECT') return `${session} reads ${rowsWord(n)}.`;
  if (verb === 'INSERT') return `${session} inserts ${rowsWord(n)}.`;
  if (verb === 'UPDATE') return `${session} updates ${rowsWord(n)}.`;
  if (verb === 'DELETE') return `${session} deletes ${rowsWord(n)}.`;
  if (tag === 'BEGIN' || tag === 'START TRANSACTION') return `${session} begins a transaction.`;
  if (tag === 'ROLLBACK') return `${session} rolls back.`;
  if (tag === 'COMMIT') return null;
  return `${session}: ${tag}.`;
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
