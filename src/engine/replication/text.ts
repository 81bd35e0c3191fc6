import type { RefusedEvent, Suggestion } from '../core/lab';
import { formatLsn } from '../wal/lsn';
import { primaryOf } from './net';
import type { Action, Event, State, VacuumReport } from './types';
import { FIRST_XID } from './wal';

const show = (v: unknown) => (typeof v === 'string' ? `'${v}'` : String(v));

/** Short text of an action, as SQL or the command a DBA would run. */
export function label(a: Action): string {
  switch (a.type) {
    case 'write':
      return a.value === null ? `${a.tx}: DELETE ${a.key}` : `${a.tx}: write ${a.key} = ${show(a.value)}`;
    case 'commit':
      return a.synchronous_commit ? `${a.tx}: COMMIT (synchronous_commit = ${a.synchronous_commit})` : `${a.tx}: COMMIT`;
    case 'rollback':
      return `${a.tx}: ROLLBACK`;
    case 'cancel':
      return `pg_cancel_backend(${a.tx})`;
    case 'read':
      return `read ${a.key} on ${a.node}`;
    case 'advance':
      return `+${a.ms} ms`;
    case 'partition':
      return `cut ${a.a} ✂ ${a.b}`;
    case 'heal':
      return `heal ${a.a} – ${a.b}`;
    case 'latency':
      return `latency ${a.a}–${a.b} ${a.min}${a.max !== undefined && a.max !== a.min ? `–${a.max}` : ''} ms`;
    case 'apply-delay':
      return `${a.node}: recovery_min_apply_delay = ${a.ms}ms`;
    case 'pause-replay':
      return `${a.node}: pg_wal_replay_pause()`;
    case 'resume-replay':
      return `${a.node}: pg_wal_replay_resume()`;
    case 'crash':
      return `crash ${a.node}`;
    case 'restart':
      return `restart ${a.node}`;
    case 'promote':
      return `${a.node}: pg_promote()`;
    case 'attach':
      return `${a.node}: primary_conninfo → ${a.to}`;
    case 'rewind':
      return `pg_rewind ${a.node} from ${a.source}`;
    case 'vacuum':
      return 'VACUUM (VERBOSE) on the primary';
    case 'begin-read':
      return `${a.session} on ${a.node}: BEGIN ISOLATION LEVEL REPEATABLE READ; long SELECT of ${a.key}`;
    case 'end-read':
      return `${a.session}: COMMIT`;
    case 'standby-set': {
      const parts = [];
      if (a.hot_standby_feedback !== undefined) parts.push(`hot_standby_feedback = ${a.hot_standby_feedback ? 'on' : 'off'}`);
      if (a.max_standby_streaming_delay !== undefined) parts.push(`max_standby_streaming_delay = ${a.max_standby_streaming_delay}ms`);
      return `${a.node}: ALTER SYSTEM SET ${parts.join(', ') || '(nothing)'}; pg_reload_conf()`;
    }
    case 'drop-slot':
      return `pg_drop_replication_slot('${a.slot}')`;
    case 'set': {
      const parts = [];
      if (a.synchronous_commit) parts.push(`synchronous_commit = ${a.synchronous_commit}`);
      if (a.synchronous_standby_names) parts.push(`synchronous_standby_names = '${a.synchronous_standby_names.join(', ')}'`);
      return `ALTER SYSTEM SET ${parts.join(', ') || '(nothing)'}`;
    }
  }
}

/** VACUUM VERBOSE's tuples and removable-cutoff lines, as PostgreSQL 15 words them. */
export const vacuumVerbose = (v: VacuumReport): string =>
  `tuples: ${v.removed} removed, ${v.remain} remain, ${v.deadNotRemovable} are dead but not yet removable; removable cutoff: ${v.cutoff}, which was ${v.age} XIDs old when operation ended${v.heldBy ? ` (held by ${v.heldBy})` : ''}.`;

/** One sentence about what a step did, when a preset gives none. */
export function describe(events: readonly (Event | RefusedEvent)[], action: Action | undefined): string {
  const refusal = events.find((e) => e.type === 'action.refused');
  if (refusal) return `Refused: ${refusal.message}`;
  const parts: string[] = [];
  for (const e of events) {
    switch (e.type) {
      case 'txn.committed':
        parts.push(`${e.tx} committed at ${formatLsn(e.lsn)} and returned at once (synchronous_commit = ${e.level}).`);
        break;
      case 'txn.held':
        parts.push(
          `${e.tx}'s commit record is flushed locally; the backend waits for ${e.standby ?? 'a synchronous standby'} to confirm ${formatLsn(e.waitFor)} ("waiting for synchronous replication"). Other sessions do not see it yet.`,
        );
        break;
      case 'txn.released':
        parts.push(
          e.reason === 'replied'
            ? `${e.by} confirmed: ${e.tx} returns to its client and becomes visible.`
            : `${e.tx} stops waiting (${e.reason === 'cancel' ? 'cancelled' : 'synchronous_standby_names is empty'}).`,
        );
        break;
      case 'txn.warned':
        parts.push(`WARNING: ${e.message}. DETAIL: ${e.detail}`);
        break;
      case 'row.read':
        parts.push(
          `${e.result.node} answers ${e.result.key} = ${show(e.result.value)}${
            e.result.stale
              ? ` while the primary has ${show(e.result.primaryValue)}: a stale read`
              : e.result.ahead
                ? ` before the primary's sessions see it (${show(e.result.primaryValue)} there)`
                : e.result.diverged
                  ? `, a value from a history the primary does not share (it has ${show(e.result.primaryValue)})`
                  : ''
          }.`,
        );
        break;
      case 'standby.replayed':
        if (e.commits.length) parts.push(`${e.node} replayed ${e.commits.join(', ')} up to ${formatLsn(e.upTo)}.`);
        break;
      case 'link.cut':
        parts.push(`The network between ${e.a} and ${e.b} is cut.`);
        break;
      case 'link.healed':
        parts.push(`The network between ${e.a} and ${e.b} is back; the walreceiver reconnects from its flush position.`);
        break;
      case 'node.crashed':
        parts.push(`${e.node} crashed${e.lostWal ? `, losing ${e.lostWal} unflushed WAL records` : ''}.`);
        break;
      case 'node.promoted':
        parts.push(
          `${e.node} is promoted: timeline ${e.tli} starts at ${formatLsn(e.switchpoint)}.${e.lost.length ? ` Lost acknowledged commits: ${e.lost.map((l) => l.tx).join(', ')}.` : ''}`,
        );
        if (e.recovered.length)
          parts.push(
            `${e.recovered.join(', ')} ${e.recovered.length === 1 ? 'was' : 'were'} still waiting for synchronous replication when the old primary crashed, but ${e.node} had received ${e.recovered.length === 1 ? 'its commit record' : 'their commit records'}: committed on timeline ${e.tli}, though ${e.recovered.length === 1 ? 'its client was' : 'their clients were'} never told.`,
          );
        break;
      case 'attach.refused':
        parts.push(`${e.node} refuses to follow ${e.to}: ${e.message}. ${e.detail}`);
        break;
      case 'node.attached':
        parts.push(`${e.node} now streams from ${e.to}.`);
        break;
      case 'node.rewound':
        parts.push(`pg_rewind took ${e.node} back to ${formatLsn(e.forkpoint)}, discarding ${e.discarded} WAL records.`);
        break;
      case 'table.vacuumed':
        parts.push(vacuumVerbose(e.report));
        break;
      case 'query.started':
        parts.push(
          `${e.query.session} on ${e.query.node} reads ${e.query.key} = ${show(e.query.value)} and keeps its snapshot (xmin ${e.query.xmin}).`,
        );
        break;
      case 'replay.held':
        parts.push(
          `${e.node}'s startup process reaches the PRUNE at ${formatLsn(e.lsn)}, which removes versions ${e.sessions.join(', ')} might need: replay waits${e.until === null ? ' (max_standby_streaming_delay = -1: for ever)' : ` until ${e.until} ms (max_standby_streaming_delay)`}.`,
        );
        break;
      case 'query.cancelled':
        parts.push(`${e.session} on ${e.node}: ERROR: ${e.message} DETAIL: ${e.detail}`);
        break;
      case 'feedback.received':
        parts.push(
          e.slot
            ? `The walsender stores ${e.standby}'s feedback in slot ${e.slot}: xmin ${e.xmin ?? 'NULL'}.`
            : `The walsender for ${e.standby} takes its feedback: backend_xmin ${e.xmin ?? 'NULL'}.`,
        );
        break;
      case 'slot.dropped':
        parts.push(`Replication slot ${e.slot} is dropped: its xmin no longer holds the horizon.`);
        break;
      case 'node.restarted':
        parts.push(`${e.node} restarted as a ${e.role}, recovered to ${formatLsn(e.replayedTo)}.`);
        break;
    }
  }
  const tick = events.find((e) => e.type === 'clock.advanced');
  if (tick?.type === 'clock.advanced' && tick.waiting.length)
    parts.push(
      `${tick.waiting.join(', ')} still ${tick.waiting.length === 1 ? 'waits' : 'wait'} for synchronous replication after ${tick.to - tick.from} ms.`,
    );
  if (parts.length) return parts.join(' ');
  if (action?.type === 'advance') return `${action.ms} ms pass.`;
  return action ? `${label(action)}.` : 'A primary and its standbys, all at the same WAL position.';
}

/** Next actions worth trying from here. */
export function suggest(state: State): Suggestion<Action>[] {
  const out: Suggestion<Action>[] = [];
  const p = primaryOf(state);
  const key = Object.keys(state.base)[0] ?? 'k';
  const n = state.nextXid - FIRST_XID + 1;
  if (p) {
    const tx = `T${n}`;
    out.push({ label: `Write ${key} in ${tx}`, action: { type: 'write', tx, key, value: n * 10 } });
  }
  for (const t of state.live) {
    if (t.status === 'active') out.push({ label: `Commit ${t.name}`, action: { type: 'commit', tx: t.name } });
    if (t.status === 'waiting') out.push({ label: `Cancel ${t.name}'s wait`, action: { type: 'cancel', tx: t.name } });
  }
  if (p && p.heap.deadKeys.length > 0) out.push({ label: 'VACUUM the primary', action: { type: 'vacuum' } });
  for (const q of state.queries)
    if (q.status !== 'ended') out.push({ label: `End ${q.session} on ${q.node}`, action: { type: 'end-read', session: q.session } });
  out.push({ label: 'Let 50 ms pass', action: { type: 'advance', ms: 50 } });
  const first = state.order.find((x) => state.nodes[x].role === 'standby');
  if (state.synchronous_standby_names.length === 0 && first)
    out.push({ label: `Make ${first} synchronous`, action: { type: 'set', synchronous_standby_names: [first] } });
  else if (state.synchronous_standby_names.length > 0)
    out.push({ label: 'Clear synchronous_standby_names', action: { type: 'set', synchronous_standby_names: [] } });
  for (const name of state.order) {
    const node = state.nodes[name];
    if (node.up) out.push({ label: `Read ${key} on ${name}`, action: { type: 'read', node: name, key } });
  }
  for (const l of state.links) {
    if (!state.nodes[l.a].up || !state.nodes[l.b].up) continue;
    out.push(
      l.cut
        ? { label: `Heal ${l.a}–${l.b}`, action: { type: 'heal', a: l.a, b: l.b } }
        : { label: `Cut ${l.a}–${l.b}`, action: { type: 'partition', a: l.a, b: l.b } },
    );
  }
  if (p) out.push({ label: `Crash ${p.name}`, action: { type: 'crash', node: p.name } });
  else
    for (const name of state.order) {
      const node = state.nodes[name];
      if (node.up && node.role === 'standby') out.push({ label: `Promote ${name}`, action: { type: 'promote', node: name } });
    }
  for (const name of state.order) {
    const node = state.nodes[name];
    if (!node.up && p && node.name !== p.name)
      out.push({ label: `Attach ${name} to ${p.name}`, action: { type: 'attach', node: name, to: p.name } });
    if (!node.up && node.refused && p) out.push({ label: `pg_rewind ${name}`, action: { type: 'rewind', node: name, source: p.name } });
  }
  return out.slice(0, 14);
}
