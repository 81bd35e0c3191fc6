/** Labels, narration and fork suggestions for the two-phase commit lab: exactly the lab's `label`, `describe` and `suggest` (engine.ts spreads this module into the lab). */
import type { RefusedEvent, Suggestion } from '../core/lab';
import { nextMessage } from './network';
import { messageLabel } from './view';
import { type Action, COORDINATOR, type Event, type MsgKind, type State } from './types';

/** Short text of an action, for the timeline and the fork menu. */
export function label(a: Action): string {
  switch (a.type) {
    case 'begin':
      return `BEGIN ${a.gid} on ${[...new Set(a.writes.map((w) => w.node))].join(', ')}${a.local ? ' (local)' : ''}`;
    case 'commit':
      return `commit ${a.gid}`;
    case 'rollback':
      return `rollback ${a.gid}`;
    case 'deliver':
      return `deliver next message${a.from ? ` from ${a.from}` : ''}${a.to ? ` to ${a.to}` : ''}`;
    case 'drop':
      return `lose next message${a.from ? ` from ${a.from}` : ''}${a.to ? ` to ${a.to}` : ''}`;
    case 'tick':
      return `wait ${a.ms} ms`;
    case 'run':
      return a.ms ? `run the protocol (up to ${a.ms} ms)` : 'run the protocol';
    case 'crash':
      return !a.at || a.at === 'now'
        ? `crash ${a.node}`
        : `crash ${a.node} once ${a.at === 'prepared' ? 'PREPARE is flushed' : 'COMMIT is logged'}`;
    case 'recover':
      return `restart ${a.node}`;
    case 'checkpoint':
      return `CHECKPOINT on ${a.node}`;
    case 'set':
      return `set ${a.name} = ${a.value}`;
  }
}

const nodeName = (n: string) => (n === COORDINATOR ? 'the coordinator' : n);

/** A message in words, by its sender. */
function what(kind: MsgKind, from: string): string {
  switch (kind) {
    case 'PREPARE':
      return 'PREPARE TRANSACTION';
    case 'VOTE_YES':
      return `${nodeName(from)}’s yes vote`;
    case 'VOTE_NO':
      return `${from}’s no vote`;
    case 'COMMIT_PREPARED':
      return 'COMMIT PREPARED';
    case 'ROLLBACK_PREPARED':
      return 'ROLLBACK PREPARED';
    case 'ROLLBACK':
      return 'ROLLBACK';
    case 'ACK':
      return `${from}’s answer`;
    case 'SCAN':
      return 'The query of pg_prepared_xacts';
    default:
      return `${from}’s pg_prepared_xacts`;
  }
}

/** One sentence per event worth saying, most important first. */
function sentence(e: Event | RefusedEvent): [number, string] | null {
  switch (e.type) {
    case 'node.crashed':
      return [
        0,
        `${e.node} crashes: ${e.lostRecords} unflushed WAL record${e.lostRecords === 1 ? '' : 's'} lost${
          e.lostTxns.length
            ? e.node === COORDINATOR
              ? `; it forgets ${e.lostTxns.join(', ')}`
              : `; the open work of ${e.lostTxns.join(', ')} is gone`
            : ''
        }.`,
      ];
    case 'node.restarted':
      return e.node === COORDINATOR
        ? [
            0,
            `The coordinator restarts${e.prepared.length ? `, finds COMMIT without END for ${e.prepared.join(', ')} and resends it` : ' with no unfinished COMMIT: anything it cannot remember is presumed aborted'}, and reads every pg_prepared_xacts.`,
          ]
        : [
            0,
            `${e.node} restarts and replays ${e.replayed} WAL record${e.replayed === 1 ? '' : 's'}${e.prepared.length ? `: ${e.prepared.join(', ')} is back as a prepared transaction, with its locks` : ''}.`,
          ];
    case 'decision.made':
      return [
        1,
        `The coordinator decides ${e.decision.toUpperCase()} for ${e.gid} (${e.reason})${e.decision === 'commit' ? ' and forces the record to disk first' : ''}.`,
      ];
    case 'txn.prepared':
      return [2, `${e.node} prepares ${e.gid} (xid ${e.xid}): PREPARE record flushed, locks kept.`];
    case 'txn.committed':
      return [
        2,
        e.local
          ? `${e.gid} commits on ${e.node} and releases its locks.`
          : `${e.node} runs COMMIT PREPARED '${e.gid}' and releases its locks.`,
      ];
    case 'txn.aborted':
      return [2, `${e.node} rolls back ${e.gid} (${e.reason}).`];
    case 'lock.awaited':
      return [1, `${e.gid} on ${e.node} waits for row ${e.key}, locked by xid ${e.holder}${e.holderGid ? ` (${e.holderGid})` : ''}.`];
    case 'lock.granted':
      return [2, `${e.gid} on ${e.node} gets the lock on ${e.key} and goes on.`];
    case 'statement.failed':
      return [2, `${e.node}: ERROR: ${e.message} (${e.sqlstate}).`];
    case 'gtx.ended':
      return [3, `Every participant answered: the coordinator writes END for ${e.gid}.`];
    case 'msg.lost':
      return [
        3,
        `${what(e.kind, e.from)}, on its way to ${nodeName(e.to)}, is lost (${e.reason === 'down' ? `${nodeName(e.to)} is down` : e.reason === 'dropped' ? 'connection broken' : 'network'}).`,
      ];
    case 'crash.armed':
      return [
        1,
        `${e.node} will crash ${e.point === 'prepared' ? 'right after flushing PREPARE, before voting' : 'right after forcing its decision, before telling anyone'}.`,
      ];
    case 'checkpoint.finished':
      return [1, `${e.node} checkpoints${e.twophaseFiles.length ? `, writing ${e.twophaseFiles.join(', ')}` : ''}.`];
    case 'msg.delivered':
      return [3, `${what(e.kind, e.from)} reaches ${nodeName(e.to)}.`];
    case 'msg.sent':
      return [5, `${messageLabel({ kind: e.kind, gid: e.gid, gids: null, note: null })} leaves ${e.from} for ${e.to}.`];
    case 'txn.began':
      return [4, `${e.node} begins xid ${e.xid} for ${e.gid}.`];
    case 'action.refused':
      return [0, e.message];
    default:
      return null;
  }
}

/** What a narrator would say about these events, when a preset has nothing to say. */
export function describe(events: readonly (Event | RefusedEvent)[], action: Action | undefined): string {
  // The three most important sentences, told in the order they happened.
  const said = events.flatMap((e, i) => {
    const s = sentence(e);
    return s ? [{ rank: s[0], text: s[1], i }] : [];
  });
  const chosen = [...said].sort((a, b) => a.rank - b.rank || a.i - b.i);
  const seen = new Set<string>();
  const picked = chosen.filter((s) => !seen.has(s.text) && seen.add(s.text)).slice(0, 3);
  const top = picked.sort((a, b) => a.i - b.i).map((s) => s.text);
  if (top.length > 0) return top.join(' ');
  if (!action) return 'A coordinator and its participants, each with its own WAL.';
  return action.type === 'run' || action.type === 'tick' ? 'Nothing is pending: the network is quiet.' : `${label(action)}.`;
}

/** Actions that make sense next, for "fork from here". */
export function suggest(st: State): Suggestion<Action>[] {
  const out: Suggestion<Action>[] = [];
  if (st.flight.length > 0) {
    out.push({ label: 'Deliver the next message', action: { type: 'deliver' } });
    out.push({ label: 'Lose the next message', action: { type: 'drop' } });
  }
  out.push({ label: 'Run the protocol', action: { type: 'run' } });
  for (const gid in st.coord.txns)
    if (st.coord.up && st.coord.txns[gid].phase === 'working') out.push({ label: `Commit ${gid}`, action: { type: 'commit', gid } });
  const nodes = [{ name: COORDINATOR, up: st.coord.up }, ...st.parts.map((p) => ({ name: p.name, up: p.up }))];
  for (const n of nodes)
    out.push(
      n.up
        ? { label: `Crash ${n.name}`, action: { type: 'crash', node: n.name } }
        : { label: `Restart ${n.name}`, action: { type: 'recover', node: n.name } },
    );
  if (nextMessage(st) >= 0) out.push({ label: 'Wait one timeout', action: { type: 'tick', ms: st.timeout } });
  return out;
}
