import type { RefusedEvent, Suggestion } from '../core/lab';
import { isWriteAction, nameList, sqlValue, writeSql } from '../scenario/sql-text';
import { formatLsn } from '../wal/lsn';
import type { Action, Event, State } from './types';

/** An action as the SQL (or the server event) a reader would recognise. */
export function label(action: Action): string {
  if (action.type === 'begin' && 'isolation' in action && action.isolation === 'repeatable read')
    return `${action.tx}: BEGIN ISOLATION LEVEL REPEATABLE READ`;
  if (isWriteAction(action)) return writeSql(action);
  switch (action.type) {
    case 'abort':
      return `${action.tx}: ROLLBACK`;
    case 'read':
      return `${action.tx ? `${action.tx}: ` : ''}SELECT * FROM ${action.table} WHERE key = ${sqlValue(action.key)}`;
    case 'vacuum':
      return `VACUUM ${action.table}`;
    case 'checkpoint':
      return action.spread ? 'Checkpoint (spread, like a timed one)' : 'CHECKPOINT';
    case 'tick':
      return `Time passes (${action.n ?? 1} tick${(action.n ?? 1) === 1 ? '' : 's'})`;
    case 'set':
      return `SET ${action.name} = ${typeof action.value === 'boolean' ? (action.value ? 'on' : 'off') : action.value}`;
    case 'crash':
      return 'Power failure: the server crashes';
    case 'recover':
      return 'Restart: crash recovery';
  }
}

/** One narrator's sentence for a step, used when a preset gives none. */
export function describe(events: readonly (Event | RefusedEvent)[], action: Action | undefined): string {
  type Any = Event | RefusedEvent;
  const find = <T extends Any['type']>(type: T) => events.find((e): e is Extract<Any, { type: T }> => e.type === type);
  const refused = find('action.refused');
  if (refused) return `Refused: ${refused.message}`;
  const init = find('lab.started');
  if (init)
    return `The cluster starts with ${init.tables.length} table(s) on disk, ${init.frames} empty buffer frames and a checkpoint at ${formatLsn(init.checkpoint)}.`;
  if (!action) return '';
  switch (action.type) {
    case 'crash': {
      const c = find('node.crashed');
      if (!c) return 'Crash.';
      return `Crash: ${c.lostWal} bytes of WAL not yet flushed and ${c.lostPages} page write(s) still in the OS cache are gone${c.torn ? `; page ${c.torn} was half-written (torn)` : ''}. Shared buffers are empty.`;
    }
    case 'recover': {
      const failed = find('recovery.failed');
      if (failed) return `Recovery stops: ${failed.reason}.`;
      const v = find('recovery.finished');
      const s = find('recovery.started');
      if (!v || !s) return 'Recovery.';
      return `Recovery starts at REDO ${formatLsn(s.redo)} and replays ${v.replayed} record(s). Survived: ${nameList(v.survived.map((t) => t.tx))}. Lost: ${nameList(v.lost.map((t) => t.tx))}.`;
    }
    case 'commit': {
      const delayed = find('txn.delayed');
      if (delayed) return `${action.tx} inserts its commit record and waits (commit_delay) so other commits can share the flush.`;
      const done = find('txn.committed');
      const flushed = find('wal.flushed');
      if (done && !done.durable) return `${action.tx} commits asynchronously: COMMIT returns before its record is flushed.`;
      return flushed
        ? `${action.tx} commits: the WAL is flushed up to ${formatLsn(flushed.upTo)} (one fsync). No data page is written.`
        : `${action.tx} commits.`;
    }
    case 'vacuum': {
      const v = find('table.vacuumed');
      if (!v) return `VACUUM ${action.table}.`;
      // VACUUM VERBOSE's lines as PostgreSQL 15 words them.
      const by = v.heldBy ? ` (held by ${v.heldBy})` : '';
      const cut = v.pagesRemoved > 0 ? ` pages: ${v.pagesRemoved} removed, ${v.pages} remain.` : '';
      return `${v.auto ? 'Autovacuum: VACUUM' : 'VACUUM'} ${action.type === 'vacuum' ? action.table : v.table}: tuples: ${v.removed} removed, ${v.remain} remain, ${v.deadNotRemovable} are dead but not yet removable; removable cutoff: ${v.oldestXmin}${by}.${cut} n_live_tup ${v.live}, n_dead_tup ${v.dead}.`;
    }
    case 'checkpoint': {
      const done = find('checkpoint.finished');
      const started = find('checkpoint.started');
      if (done)
        return `Checkpoint: REDO point ${formatLsn(done.redo)}, ${done.written} dirty page(s) written and fsync'd, pg_control now points at ${formatLsn(done.lsn)}.`;
      return started
        ? `A spread checkpoint starts with REDO point ${formatLsn(started.redo)}; ${started.pages} page(s) to write.`
        : 'Checkpoint.';
    }
    case 'insert':
    case 'update':
    case 'delete': {
      const rec = find('wal.inserted');
      const evicted = find('page.evicted');
      const leaf = events.find((e) => e.type === 'wal.inserted' && e.kind === 'INSERT_LEAF');
      const split = find('index.split');
      const index =
        leaf?.type === 'wal.inserted'
          ? ` Then an INSERT_LEAF record of ${leaf.size} bytes${leaf.fpi ? " (with the index leaf's image)" : ''} adds its primary-key entry.`
          : split
            ? ` Its primary-key entry does not fit: index block ${split.block} splits (${split.kind}), its upper part going to new block ${split.right}, and the parent gets a downlink.`
            : '';
      const extra =
        (evicted?.dirty ? ` To make room, dirty page ${evicted.page} was evicted: the WAL was flushed up to its LSN first.` : '') + index;
      return rec
        ? `${label(action)}: the page changes in the buffer pool and a ${rec.kind} record of ${rec.size} bytes${rec.fpi ? ' (with a full-page image)' : ''} goes into the WAL buffers at ${formatLsn(rec.lsn)}.${extra}`
            .replace(' a INSERT', ' an INSERT')
            .replace(' a UPDATE', ' an UPDATE')
        : `${label(action)}.`;
    }
    case 'tick': {
      const av = find('autovacuum.checked');
      if (av)
        return av.vacuum
          ? `Time passes. The autovacuum launcher wakes: ${av.table} has ${av.dead} dead versions, over its threshold of ${av.threshold}: a worker vacuums it. ${describe(events, { type: 'vacuum', table: av.table })}`
          : `Time passes. The autovacuum launcher wakes: ${av.table} has ${av.dead} dead versions, not over its threshold of ${av.threshold}: nothing to do.`;
      const writes = events.filter((e) => e.type === 'page.written').length;
      const flushes = events.filter((e) => e.type === 'wal.flushed').length;
      return `Time passes: ${flushes} WAL flush(es), ${writes} page write(s) by background processes.`;
    }
    default:
      return `${label(action)}.`;
  }
}

/** What a user may do next, for "fork from here". */
export function suggest(state: State): Suggestion<Action>[] {
  if (state.phase === 'crashed') return [{ label: 'Restart and recover', action: { type: 'recover' } }];
  if (state.phase === 'failed') return [];
  const open = Object.values(state.txns).filter((t) => t.status === 'active');
  return [
    { label: 'Crash now', action: { type: 'crash' } },
    { label: 'CHECKPOINT', action: { type: 'checkpoint' } },
    { label: 'Let time pass', action: { type: 'tick', n: 1 } },
    ...open.flatMap((t) => [
      { label: `Commit ${t.name}`, action: { type: 'commit', tx: t.name } as const },
      { label: `Roll back ${t.name}`, action: { type: 'abort', tx: t.name } as const },
    ]),
    {
      label: `SET synchronous_commit = ${state.settings.synchronous_commit ? 'off' : 'on'}`,
      action: { type: 'set', name: 'synchronous_commit', value: !state.settings.synchronous_commit },
    },
  ];
}
