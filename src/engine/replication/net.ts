import { spendEvents } from './budget';
import { randInt } from '../core/rng';
import { lowerBoundBefore } from '../wal/log';
import { conflictDue, feedbackXmin, resolveConflict, takeFeedback } from './standby';
import { flush, replayRecord } from './wal';
import { finishCommit } from './txn-status';
import type { Event, Link, Message, Node, State, Txn, WalRecord, WalSender } from './types';

/**
 * The network and the streaming protocol: walsenders send flushed WAL (XLogData), walreceivers
 * write and flush it and reply with their positions (standby status update), the primary
 * releases commits waiting for synchronous replication. Time is logical, in ms.
 */

/** wal_writer_delay: how long an asynchronous commit's WAL may sit unflushed. */
export const WAL_WRITER_DELAY = 200;

export function linkOf(state: State, a: string, b: string): Link | undefined {
  // A loop, not find(): no closure per message sent.
  for (const l of state.links) if ((l.a === a && l.b === b) || (l.a === b && l.b === a)) return l;
  return undefined;
}

const onLink = (m: Message, a: string, b: string) => (m.from === a && m.to === b) || (m.from === b && m.to === a);

/** The node accepting writes (at most one: promotion and restart refuse to make a second). */
export function primaryOf(state: State): Node | null {
  for (const name of state.order) {
    const n = state.nodes[name];
    if (n.up && n.role === 'primary') return n;
  }
  return null;
}

/** Put a message on the wire. TCP keeps order, so it never overtakes the one sent before it. */
type Omit2<T, K extends keyof never> = T extends unknown ? Omit<T, K> : never;

function send(state: State, m: Omit2<Message, 'id' | 'sentAt' | 'arriveAt'>, out: Event[]): boolean {
  const link = linkOf(state, m.from, m.to);
  if (!link || link.cut) return false;
  let lat = link.min;
  if (link.max > link.min) [lat, state.rng] = randInt(state.rng, link.min, link.max);
  let arriveAt = state.time + lat;
  for (const q of state.inflight) if (q.from === m.from && q.to === m.to) arriveAt = Math.max(arriveAt, q.arriveAt);
  // The caller's fresh literal becomes the message (the fields a copy would have, in the same order): no copy per message.
  const envelope = m as Partial<Record<'id' | 'sentAt' | 'arriveAt', number>>;
  envelope.id = state.nextMsg++;
  envelope.sentAt = state.time;
  envelope.arriveAt = arriveAt;
  const msg = m as Message;
  state.inflight.push(msg);
  out.push({ type: 'msg.sent', msg });
  return true;
}

/** Drop what is on a link that was cut: the TCP connection is gone, the walreceiver will ask again. */
export function dropOnLink(state: State, a: string, b: string, reason: string, out: Event[]): void {
  const keep: Message[] = [];
  for (const m of state.inflight) {
    if (onLink(m, a, b)) out.push({ type: 'msg.lost', msg: m, reason });
    else keep.push(m);
  }
  state.inflight = keep;
}

/**
 * A walreceiver (re)connects: START_REPLICATION from its flush position (PostgreSQL rounds it
 * down to the start of the segment and resends what the standby already has; same data). The walsender's
 * pg_stat_replication row starts from what the standby has.
 */
export function connect(state: State, standby: Node): void {
  state.senders = state.senders.filter((s) => s.standby !== standby.name);
  if (!standby.upstream) return;
  // primary_slot_name names a slot the upstream does not have: START_REPLICATION fails, retried for ever.
  if (standby.slot && !state.slots.some((x) => x.name === standby.slot && x.on === standby.upstream)) return;
  state.senders.push({
    standby: standby.name,
    from: standby.upstream,
    sent: standby.flushLsn,
    write: standby.writeLsn,
    flush: standby.flushLsn,
    replay: standby.replayLsn,
    writeLag: null,
    flushLag: null,
    replayLag: null,
    xmin: null,
  });
  standby.sentXmin = null;
}

/** Whether this walsender can stream now: both ends up, the standby not refused, the link whole. */
function streaming(state: State, s: WalSender): boolean {
  const from = state.nodes[s.from];
  const to = state.nodes[s.standby];
  const link = linkOf(state, s.from, s.standby);
  return !!from && !!to && from.up && to.up && from.role === 'primary' && !to.refused && to.upstream === s.from && !!link && !link.cut;
}

/** Walsenders of the primary that exist (wal_sender_timeout is not modelled: a cut link keeps its row). */
export function sendersOf(state: State, primary: string): WalSender[] {
  return state.senders.filter((s) => {
    const to = state.nodes[s.standby];
    return s.from === primary && to?.up && !to.refused && to.upstream === primary;
  });
}

/** synchronous_standby_names = 'FIRST 1 (...)': the first listed standby that has a walsender. */
export function syncStandby(state: State, primary: string): string | null {
  const present = new Set(sendersOf(state, primary).map((s) => s.standby));
  return state.synchronous_standby_names.find((n) => present.has(n)) ?? null;
}

/** Walsenders send everything the primary has flushed and they have not sent yet. */
export function pump(state: State, out: Event[]): void {
  // Walsenders at the same position send the same records: one array for their messages (a message is never changed).
  let last: { from: string; sent: number; records: readonly WalRecord[] } | null = null;
  for (const s of state.senders) {
    if (!streaming(state, s)) continue;
    const p = state.nodes[s.from];
    if (p.flushLsn <= s.sent) continue;
    let records: readonly WalRecord[];
    if (last && last.from === s.from && last.sent === s.sent) records = last.records;
    else {
      const lo = lowerBoundBefore(p.wal, s.sent);
      let hi = lo;
      while (hi < p.wal.length && p.wal[hi].end <= p.flushLsn) hi++;
      records = p.wal.slice(lo, hi);
      last = { from: s.from, sent: s.sent, records };
    }
    if (records.length === 0) continue;
    const end = records[records.length - 1].end;
    if (send(state, { kind: 'wal', from: s.from, to: s.standby, start: s.sent, end, records }, out)) s.sent = end;
  }
}

/** The position a commit at this level waits for, as reported by the synchronous standby. */
const reported = (s: WalSender, t: Txn): number => (t.level === 'remote_write' ? s.write : t.level === 'remote_apply' ? s.replay : s.flush);

/** SyncRepReleaseWaiters: wake the backends whose commit the synchronous standby has confirmed. */
export function release(state: State, out: Event[]): void {
  const p = primaryOf(state);
  if (!p) return;
  const noneDefined = state.synchronous_standby_names.length === 0;
  const sync = syncStandby(state, p.name);
  const sender = sync ? state.senders.find((s) => s.standby === sync) : undefined;
  for (const t of state.live.slice()) {
    if (t.status !== 'waiting' || t.node !== p.name || t.commitEnd === null) continue;
    if (noneDefined) {
      finishCommit(state, t);
      out.push({ type: 'txn.released', tx: t.name, by: null, reason: 'config' });
    } else if (sender && reported(sender, t) >= t.commitEnd) {
      finishCommit(state, t);
      out.push({ type: 'txn.released', tx: t.name, by: sender.standby, reason: 'replied' });
    }
  }
}

/** The startup process replays what the walreceiver flushed, unless paused or held by recovery_min_apply_delay. */
export function replay(state: State, n: Node, out: Event[]): boolean {
  const commits: string[] = [];
  const before = n.replayLsn;
  while (n.replayIdx < n.wal.length && !n.replayPaused) {
    const r = n.wal[n.replayIdx];
    if (r.end > n.flushLsn) break;
    if (r.kind === 'COMMIT' && n.applyDelay > 0 && (r.at ?? 0) + n.applyDelay > state.time) break;
    if (r.kind === 'PRUNE' && !resolveConflict(state, n, r, out)) break;
    replayRecord(n.rows, n.heap, n.wal, n.replayIdx);
    if (r.kind === 'COMMIT') commits.push(r.tx);
    n.replayLsn = r.end;
    n.replayIdx++;
  }
  if (n.replayLsn === before) return false;
  out.push({ type: 'standby.replayed', node: n.name, upTo: n.replayLsn, commits });
  return true;
}

/**
 * A standby status update: write, flush and apply positions back to the walsender, with the hot
 * standby feedback xmin when hot_standby_feedback is on (null once, when it was turned off).
 */
export function reply(state: State, n: Node, out: Event[]): void {
  if (!n.upstream || n.refused) return;
  const xmin = n.feedback ? feedbackXmin(state, n) : n.sentXmin !== null ? null : undefined;
  const positions = { write: n.writeLsn, flush: n.flushLsn, replay: n.replayLsn };
  if (send(state, { kind: 'reply', from: n.name, to: n.upstream, ...positions, xmin }, out) && xmin !== undefined) n.sentXmin = xmin;
}

/** The LagTracker: time since the primary flushed the newest WAL the standby now confirms. */
function lagFor(state: State, upTo: number): number | null {
  // The newest flush at or before `upTo`: searched from the end, where a standby keeping up finds it at once.
  const times = state.flushTimes;
  for (let i = times.length - 1; i >= 0; i--) if (times[i].lsn <= upTo) return state.time - times[i].at;
  return null;
}

function deliver(state: State, m: Message, out: Event[]): void {
  const to = state.nodes[m.to];
  if (!to?.up) {
    out.push({ type: 'msg.lost', msg: m, reason: `${m.to} is down` });
    return;
  }
  out.push({ type: 'msg.delivered', msg: m });
  if (m.kind === 'wal') {
    if (to.role !== 'standby' || to.upstream !== m.from || to.refused) return;
    // Only what continues the standby's WAL: a resend after a reconnect may overlap.
    const from = to.flushLsn;
    let last: WalRecord | null = null;
    for (const r of m.records)
      if (r.lsn >= from) {
        to.wal.push(r);
        last = r;
      }
    if (last === null) return;
    // XLogReceiptTime: when the startup process, caught up, found new WAL (max_standby_streaming_delay counts from it).
    if (to.replayLsn === to.flushLsn) to.receiptTime = state.time;
    to.writeLsn = to.flushLsn = last.end;
    if (last.tli > to.tli) to.tli = last.tli;
    out.push({ type: 'standby.flushed', node: to.name, upTo: to.flushLsn });
    replay(state, to, out);
    reply(state, to, out);
    return;
  }
  const s = state.senders.find((x) => x.standby === m.from && x.from === m.to);
  if (!s) return;
  if (m.write > s.write) s.writeLag = lagFor(state, m.write);
  if (m.flush > s.flush) s.flushLag = lagFor(state, m.flush);
  if (m.replay > s.replay) s.replayLag = lagFor(state, m.replay);
  s.write = Math.max(s.write, m.write);
  s.flush = Math.max(s.flush, m.flush);
  s.replay = Math.max(s.replay, m.replay);
  takeFeedback(state, s, m.xmin, out);
  release(state, out);
}

/** When a standby's held-back commit record may be replayed (recovery_min_apply_delay), if it is waiting for that. */
function replayDue(state: State, n: Node): number | null {
  if (!n.up || n.role !== 'standby' || n.replayPaused) return null;
  const conflict = conflictDue(state, n);
  if (conflict !== null || n.applyDelay === 0) return conflict;
  const r = n.wal[n.replayIdx];
  if (!r || r.end > n.flushLsn || r.kind !== 'COMMIT') return null;
  return (r.at ?? 0) + n.applyDelay;
}

/** Let `ms` of logical time pass, handling everything due in time order. */
export function advance(state: State, ms: number, out: Event[]): void {
  const from = state.time;
  const target = from + ms;
  pump(state, out);
  // hot_standby_feedback: a standby whose xmin moved tells its walsender (every wal_receiver_status_interval in PostgreSQL).
  for (const name of state.order) {
    const n = state.nodes[name];
    if (n.up && n.role === 'standby' && n.feedback && feedbackXmin(state, n) !== n.sentXmin) reply(state, n, out);
  }
  for (;;) {
    let next = Number.POSITIVE_INFINITY;
    for (const m of state.inflight) next = Math.min(next, m.arriveAt);
    for (const name of state.order) {
      const n = state.nodes[name];
      const due = replayDue(state, n);
      if (due !== null) next = Math.min(next, due);
      if (n.up && n.walWriterAt !== null) next = Math.min(next, n.walWriterAt);
    }
    if (next > target) break;
    spendEvents(state, 1);
    state.time = Math.max(state.time, next);
    for (const name of state.order) {
      const n = state.nodes[name];
      if (n.up && n.walWriterAt !== null && n.walWriterAt <= state.time) {
        n.walWriterAt = null;
        const flushed = flush(state, n, n.writeLsn);
        if (flushed) out.push(flushed);
      }
    }
    const due = state.inflight.filter((m) => m.arriveAt <= state.time).sort((a, b) => a.arriveAt - b.arriveAt || a.id - b.id);
    state.inflight = state.inflight.filter((m) => m.arriveAt > state.time);
    for (const m of due) deliver(state, m, out);
    for (const name of state.order) {
      const n = state.nodes[name];
      const d = replayDue(state, n);
      if (d !== null && d <= state.time && replay(state, n, out)) reply(state, n, out);
    }
    pump(state, out);
  }

  state.time = target;
  const waiting: string[] = [];
  for (const t of state.live) if (t.status === 'waiting') waiting.push(t.name);
  out.push({ type: 'clock.advanced', from, to: target, waiting });
}
