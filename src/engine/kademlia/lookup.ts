/**
 * The iterative node lookup (the paper's section 2.3), in rounds the panels can show.
 * The initiator asks the α closest nodes it knows; each answers with the k closest it
 * knows; the initiator keeps the k closest it has seen. When a round brings nothing closer
 * than the closest already seen, it asks every one of those k it has not asked yet, and it
 * stops once all k closest have answered (or timed out and dropped out of the k).
 * The article's sequential search asks one peer per round and stops at the target.
 */
import { LOOKUP_COST, spendOps } from './budget';
import { bucketIndex, compareDistance, distanceHex, toHex } from './id';
import { type Ctx, heard, missed, rpc } from './network';
import { closest } from './table-queries';
import type { LookupRound, LookupTrace } from './types';

// Bound once: some module loaders (tsx, vitest) turn each call of an imported function into a getter call.
const cmp = compareDistance;
const nearest = closest;
const rpcCall = rpc;
const update = heard;

const NEW = 0;
const ASKED = 1;
const ANSWERED = 2;
const FAILED = 3;

interface Candidate {
  status: number;
  /** Referral depth: 1 for contacts the initiator knew, one more than the referrer's otherwise. */
  hop: number;
  /** Who told the initiator about this node. */
  via: number;
}

export interface LookupSpec {
  readonly from: number;
  /** The ID sought, `words` words. */
  readonly target: Uint32Array;
  /** The node with that ID when there is one (-1: a key or a random ID). */
  readonly targetNode: number;
  readonly kind: 'FIND_NODE' | 'FIND_VALUE';
  /** FIND_VALUE: the key's ID hex, under which `State.values` holds it. */
  readonly keyHex?: string;
  /** Maintenance lookups (joins, bucket refreshes) stay out of the statistics. */
  readonly maintenance?: boolean;
}

/** Run one lookup, update the statistics, and return its trace. Moves `ctx.time`. */
export function lookup(ctx: Ctx, spec: LookupSpec): LookupTrace {
  const { st } = ctx;
  spendOps(st, LOOKUP_COST);
  const { ids, words, table } = st;
  const { k, alpha, bits } = st.cfg;
  const { from, target, targetNode } = spec;
  const sequential = st.cfg.lookup === 'sequential';
  const seq = ++st.lookupSeq;
  const start = ctx.time;
  const targetHex = toHex(target, 0, words, bits);
  ctx.emit?.({ type: 'lookup.started', seq, kind: spec.kind, from, target: targetHex, targetNode: targetNode < 0 ? null : targetNode });

  const list: number[] = [];
  const info = new Map<number, Candidate>();
  const add = (c: number, hop: number, via: number) => {
    if (c === from || info.has(c)) return;
    info.set(c, { status: NEW, hop, via });
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cmp(ids, words, list[mid], c, target, 0) < 0) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, c);
  };
  const scratch: number[] = [];
  for (const c of nearest(table, ids, words, from, target, 0, k, -1, scratch)) add(c, 1, from);

  const holders = spec.keyHex !== undefined && Object.hasOwn(st.values, spec.keyHex) ? st.values[spec.keyHex].holders : null;
  const rounds: LookupRound[] = [];
  let messages = 0;
  let value: string | null = null;
  let valueAt = -1;
  let improved = true;
  let best = list.length > 0 ? list[0] : -1;
  for (;;) {
    const fresh: number[] = [];
    let window = 0;
    for (const c of list) {
      const ci = info.get(c)!;
      if (ci.status === FAILED) continue;
      if (++window > k) break;
      if (ci.status === NEW) fresh.push(c);
    }
    if (fresh.length === 0) break;
    const batch = sequential ? fresh.slice(0, 1) : improved ? fresh.slice(0, alpha) : fresh;
    ctx.round = rounds.length + 1;
    const round: LookupRound = { round: ctx.round, queried: batch, responded: [], timedOut: [] };
    let roundMs = 0;
    for (const q of batch) {
      const cq = info.get(q)!;
      cq.status = ASKED;
      if (ctx.emit) {
        const distance = distanceHex(ids, words, bits, q, target, 0);
        ctx.emit({ type: 'lookup.hopped', seq, round: ctx.round, from: cq.via, to: q, id: toHex(ids, q * words, words, bits), distance });
      }
      const reply = rpcCall(ctx, from, q, spec.kind);
      messages += 1;
      roundMs = Math.max(roundMs, reply.rtt);
      if (!reply.ok) {
        cq.status = FAILED;
        round.timedOut.push(q);
        missed(ctx, from, q);
        continue;
      }
      cq.status = ANSWERED;
      round.responded.push(q);
      update(ctx, q, from);
      update(ctx, from, q);
      if (holders?.includes(q) && value === null) {
        value = st.values[spec.keyHex!].value;
        valueAt = q;
        continue;
      }
      for (const c of nearest(table, ids, words, q, target, 0, k, from, scratch)) add(c, cq.hop + 1, q);
    }
    ctx.time += roundMs;
    rounds.push(round);
    ctx.emit?.({ type: 'round.completed', seq, ...round });
    if (value !== null) break;
    if (sequential && targetNode >= 0 && info.get(targetNode)?.status === ANSWERED) break;
    const nowBest = list.find((c) => info.get(c)!.status !== FAILED) ?? -1;
    improved = nowBest !== best && (best < 0 || cmp(ids, words, nowBest, best, target, 0) < 0);
    best = nowBest;
  }
  ctx.round = 0;

  const answered = list.filter((c) => info.get(c)!.status === ANSWERED).slice(0, k);
  const found =
    spec.kind === 'FIND_VALUE' ? value !== null : targetNode >= 0 ? info.get(targetNode)?.status === ANSWERED : answered.length > 0;
  const end = valueAt >= 0 ? valueAt : found && targetNode >= 0 ? targetNode : (answered[0] ?? -1);
  const path: number[] = [];
  for (let c = end; c >= 0 && c !== from; c = info.get(c)!.via) path.unshift(c);
  path.unshift(from);
  const hops = path.length - 1;

  const stats = st.stats;
  if (!spec.maintenance) {
    stats.lookups += 1;
    if (found) stats.found += 1;
    while (stats.hops.length <= hops) stats.hops.push(0);
    stats.hops[hops] += 1;
    stats.messages += messages;
    stats.rounds += rounds.length;
  }
  const ms = ctx.time - start;
  ctx.emit?.({ type: 'lookup.finished', seq, found, hops, messages, rounds: rounds.length, ms, closest: answered });
  return {
    seq,
    kind: spec.kind,
    from,
    target: targetHex,
    targetNode: targetNode < 0 ? null : targetNode,
    rounds,
    path,
    found,
    hops,
    messages,
    ms,
    closest: answered,
    value,
  };
}

/** A random ID in bucket `i` of `node`: its bits above i, bit i flipped, random bits below. */
export function randomIdInBucket(ids: Uint32Array, words: number, node: number, i: number, draw: () => number): Uint32Array {
  const out = ids.slice(node * words, node * words + words);
  const w = words - 1 - (i >>> 5);
  const bit = i & 31;
  const below = bit === 0 ? 0 : (draw() >>> 0) & (2 ** bit - 1);
  const keep = bit === 31 ? 0 : (out[w] >>> (bit + 1)) << (bit + 1);
  out[w] = (keep | (((~out[w] >>> bit) & 1) << bit) | below) >>> 0;
  for (let x = w + 1; x < words; x++) out[x] = draw() >>> 0;
  return out;
}

/** Index of the bucket holding the node's closest contact (-1 when it knows nobody). */
export function nearestBucket(ctx: Ctx, node: number): number {
  const { st } = ctx;
  const own = st.ids.subarray(node * st.words, node * st.words + st.words);
  const [c] = closest(st.table, st.ids, st.words, node, own, 0, 1, -1, []);
  return c === undefined ? -1 : bucketIndex(st.ids, st.words, node, st.ids, c * st.words);
}
