/**
 * The simulated network: messages with seeded latency and loss, and the bucket update
 * every node runs when it hears from a peer (the paper's section 2.2).
 */
import { spendOps } from './budget';
import { bucketIndex } from './id';
import type { Stream } from './rand';
import * as table from './table';
import { OWN, type Table } from './table';
import type { Event, RpcKind, State } from './types';

// Bound once: some module loaders (tsx, vitest) turn each call of an imported function into a getter call.
const { append, cacheReplacement, keyOf, moveToTail, removeSlot, slabFor, slabOf, slotOf, takeReplacement } = table;
const msb = bucketIndex;

/** What one action runs with: the state, its random stream, and where events go (null: none). */
export interface Ctx {
  readonly st: State;
  readonly rnd: Stream;
  readonly emit: ((e: Event) => void) | null;
  /** Lookup round of the RPCs being sent (0 outside lookups). */
  round: number;
  /** Simulated time at which the current messages leave. */
  time: number;
}

/**
 * One request and its reply. A down node never answers; a live one may lose the request
 * or the reply. Either way the sender waits `timeout`. The same numbers are drawn whether
 * or not events are emitted, so a silent batch and a narrated run stay identical.
 */
export function rpc(ctx: Ctx, from: number, to: number, kind: RpcKind): { ok: boolean; rtt: number } {
  const r = exchange(ctx, from, to, kind);
  return r >= 0 ? { ok: true, rtt: r } : { ok: false, rtt: -1 - r };
}

/**
 * `rpc` without the result object, for the bucket update's PING (the hot path of every add
 * to a full bucket): the round trip in ms when answered, else -1 - (the time waited).
 */
function exchange(ctx: Ctx, from: number, to: number, kind: RpcKind): number {
  spendOps(ctx.st, 1);
  const { latency, loss, timeout } = ctx.st.cfg;
  const span = latency.max - latency.min + 1;
  // Both one-way latencies from one draw: a uniform pair (span^2 <= 10001^2 < 2^32).
  const pair = ctx.rnd.int(span * span);
  const rtt = 2 * latency.min + (pair % span) + Math.floor(pair / span);
  const lost = loss > 0 && ctx.rnd.float() < 1 - (1 - loss) * (1 - loss);
  const down = ctx.st.alive[to] === 0;
  const ok = !down && !lost && rtt <= timeout;
  const took = ok ? rtt : timeout;
  if (ctx.emit)
    ctx.emit({
      type: 'rpc.sent',
      from,
      to,
      kind,
      round: ctx.round,
      at: ctx.time,
      latency: took,
      outcome: ok ? 'ok' : down ? 'down' : 'lost',
    });
  return ok ? took : -1 - took;
}

/** Tree mode: split `node`'s own bucket, moving the contacts of the newly separated bit index. */
function split(ctx: Ctx, t: Table, node: number): void {
  const { ids, words } = ctx.st;
  const own = slabOf(t, node, OWN);
  t.depth[node] += 1;
  const b = t.width - t.depth[node];
  const moved = slabFor(t, node, b);
  for (let slot = 0; slot < t.count[own];) {
    const at = own * t.k + slot;
    const c = t.contact[at];
    if (msb(ids, words, node, ids, c * words) === b) {
      append(t, moved, c, t.seen[at]);
      removeSlot(t, own, slot);
    } else slot++;
  }
  ctx.emit?.({ type: 'bucket.split', node, depth: t.depth[node] });
}

/**
 * `node` heard from `contact` (a request from it or a reply): the k-bucket update rule.
 * Known: move it to the tail (or, in the article's mode, stamp its last-seen time).
 * Room: append it. Full: ping the least recently seen; if it answers, it stays (moved to
 * the tail) and the newcomer goes to the replacement cache; if not, it is evicted for the
 * newcomer. In tree mode a full bucket that covers the node's own ID splits instead.
 */
export function heard(ctx: Ctx, node: number, contact: number): void {
  const { st } = ctx;
  const t = st.table;
  if (node === contact || st.alive[node] === 0) return;
  const i = msb(st.ids, st.words, node, st.ids, contact * st.words);
  let s: number;
  for (;;) {
    const key = keyOf(t, node, i);
    s = slabFor(t, node, key);
    const slot = slotOf(t, s, contact);
    if (slot >= 0) {
      if (st.cfg.eviction === 'lru') {
        moveToTail(t, s, slot, ctx.time);
        ctx.emit?.({ type: 'contact.moved', node, bucket: i, contact });
      } else {
        t.seen[s * t.k + slot] = ctx.time;
        t.fails[s * t.k + slot] = 0;
        ctx.emit?.({ type: 'lastSeen.updated', node, bucket: i, contact, at: ctx.time });
      }
      return;
    }
    if (t.count[s] < t.k) {
      append(t, s, contact, ctx.time);
      ctx.emit?.({ type: 'contact.added', node, bucket: i, contact });
      return;
    }
    if (!(key === OWN && t.depth[node] < t.width)) break;
    split(ctx, t, node);
  }
  const base = s * t.k;
  let oldest = 0;
  if (st.cfg.eviction === 'oldest-seen') for (let j = 1; j < t.count[s]; j++) if (t.seen[base + j] < t.seen[base + oldest]) oldest = j;
  const old = t.contact[base + oldest];
  ctx.emit?.({ type: 'oldest.pinged', node, bucket: i, oldest: old, newcomer: contact });
  st.stats.pings += 1;
  if (exchange(ctx, node, old, 'PING') >= 0) {
    if (st.cfg.eviction === 'lru') moveToTail(t, s, oldest, ctx.time);
    else t.seen[base + oldest] = ctx.time;
    cacheReplacement(t, s, contact);
    ctx.emit?.({ type: 'newcomer.dropped', node, bucket: i, kept: old, newcomer: contact });
  } else {
    removeSlot(t, s, oldest);
    append(t, s, contact, ctx.time);
    ctx.emit?.({ type: 'contact.evicted', node, bucket: i, evicted: old, newcomer: contact });
  }
}

/**
 * `contact` did not answer `node`. After `staleAfter` misses in a row it is stale: the
 * newest replacement from the bucket's cache takes its place; with an empty cache it stays
 * (the paper keeps stale contacts rather than empty a bucket).
 */
export function missed(ctx: Ctx, node: number, contact: number): void {
  const { st } = ctx;
  const t = st.table;
  const i = msb(st.ids, st.words, node, st.ids, contact * st.words);
  if (i < 0) return;
  const s = slabOf(t, node, keyOf(t, node, i));
  const slot = s < 0 ? -1 : slotOf(t, s, contact);
  if (slot < 0) return;
  const at = s * t.k + slot;
  if (t.fails[at] < 255) t.fails[at] += 1;
  if (t.fails[at] < st.cfg.staleAfter) return;
  const replacement = takeReplacement(t, s);
  if (replacement < 0) return;
  removeSlot(t, s, slot);
  append(t, s, replacement, ctx.time);
  ctx.emit?.({ type: 'contact.replaced', node, bucket: i, stale: contact, replacement });
}
