import { randFloat, randInt } from '../core/rng';
import type { Event, Message, MsgKind, State } from './types';

/**
 * The simulated network, the Kademlia lab's idea applied to 2PC: every message gets a
 * seeded one-way latency in [latency.min, latency.max] and is lost with probability `loss`.
 * Each (from, to) pair is one connection, so messages on it arrive in order (as on a TCP
 * connection); a lost message is a connection that broke before it arrived. A message to a
 * node that is down when it arrives is lost too. Messages carry their send and arrival
 * times, so the UI can draw them in flight.
 */

/** What one action runs with: the state and where events go (null: nowhere). */
export interface Ctx {
  readonly st: State;
  readonly out: Event[] | null;
}

/** The last messages that arrived or were lost, kept for the space-time diagram. */
const RECENT_MESSAGES = 40;

export const emit = (ctx: Ctx, e: Event): void => {
  if (ctx.out) ctx.out.push(e);
};

/** Send a message now: draw its latency and fate from the seeded generator. */
export function send(
  ctx: Ctx,
  from: string,
  to: string,
  kind: MsgKind,
  gid: string | null,
  extra: { gids?: readonly string[]; note?: string } = {},
): void {
  const st = ctx.st;
  const [jitter, rng1] = randInt(st.rng, 0, st.latency.max - st.latency.min);
  st.rng = rng1;
  let lost = false;
  if (st.loss > 0) {
    const [f, rng2] = randFloat(st.rng);
    st.rng = rng2;
    lost = f < st.loss;
  }
  let arriveAt = st.now + st.latency.min + jitter;
  // One connection per pair: nothing overtakes what was sent before it.
  for (const m of st.flight) if (m.from === from && m.to === to && m.arriveAt > arriveAt) arriveAt = m.arriveAt;
  const msg: Message = {
    id: st.nextMsg++,
    from,
    to,
    kind,
    gid,
    gids: extra.gids ?? null,
    note: extra.note ?? null,
    sentAt: st.now,
    arriveAt,
    lost,
    status: 'flight',
    endedAt: null,
  };
  // Kept sorted by arrival, then by id: the first match is always the next to arrive.
  let i = st.flight.length;
  while (i > 0 && (st.flight[i - 1].arriveAt > arriveAt || (st.flight[i - 1].arriveAt === arriveAt && st.flight[i - 1].id > msg.id))) i--;
  st.flight.splice(i, 0, msg);
  st.stats.messages += 1;
  emit(ctx, { type: 'msg.sent', id: msg.id, from, to, kind, gid, arriveAt, lost });
}

/** Index of the next message in flight to arrive, matching the filter; -1 when none. */
export function nextMessage(st: State, filter: { to?: string; from?: string } = {}): number {
  return st.flight.findIndex(
    (m) => (filter.to === undefined || m.to === filter.to) && (filter.from === undefined || m.from === filter.from),
  );
}

function remember(st: State, m: Message): void {
  st.recent.push(m);
  if (st.recent.length > RECENT_MESSAGES) st.recent.splice(0, st.recent.length - RECENT_MESSAGES);
}

/**
 * Take message `i` off the wire at its arrival (the clock moves there if it is later).
 * Returns it when the receiver gets it, null when it was lost on the way or the receiver is down.
 */
export function arrive(ctx: Ctx, i: number, isUp: (node: string) => boolean): Message | null {
  const st = ctx.st;
  const [m] = st.flight.splice(i, 1);
  if (m.arriveAt > st.now) st.now = m.arriveAt;
  m.endedAt = st.now;
  remember(st, m);
  const base = { id: m.id, from: m.from, to: m.to, kind: m.kind, gid: m.gid };
  if (m.lost || !isUp(m.to)) {
    m.status = 'lost';
    st.stats.lost += 1;
    emit(ctx, { type: 'msg.lost', ...base, reason: m.lost ? 'network' : 'down' });
    return null;
  }
  m.status = 'delivered';
  emit(ctx, { type: 'msg.delivered', ...base });
  return m;
}

/** A `drop` action: message `i` is lost now, whatever its seeded fate was. */
export function dropNow(ctx: Ctx, i: number): void {
  const st = ctx.st;
  const [m] = st.flight.splice(i, 1);
  m.lost = true;
  m.status = 'lost';
  m.endedAt = st.now;
  remember(st, m);
  st.stats.lost += 1;
  emit(ctx, { type: 'msg.lost', id: m.id, from: m.from, to: m.to, kind: m.kind, gid: m.gid, reason: 'dropped' });
}
