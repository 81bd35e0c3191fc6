/** What the panels draw: plain data, bounded in size whatever the network's size. */
import { bucketIndex, distanceHex, fromHex, toHex } from './id';
import { OWN, own } from './table';
import { contactCount } from './table-queries';
import type { Config, Delivery, LookupTrace, Measure, State, SurveyPoint } from './types';

/** Networks up to this size send every node in each frame; larger ones send a summary. */
const VIEW_ALL_NODES = 1024;
/** Bins of the ID-space density histogram for large networks (by the top bits of the ID). */
const DENSITY_BINS = 64;

export interface NodeView {
  readonly index: number;
  readonly name: string | null;
  /** ID in hex. */
  readonly id: string;
  /** `host:port` in sha1 mode. */
  readonly host: string | null;
  readonly alive: boolean;
  readonly contacts: number;
}

export interface ContactView {
  readonly index: number;
  readonly name: string | null;
  readonly id: string;
  /** XOR distance from the table's owner, in hex. */
  readonly distance: string;
  readonly lastSeen: number;
  readonly alive: boolean;
  /** Unanswered RPCs in a row. */
  readonly fails: number;
}

export interface BucketView {
  /** Bucket index i (distances in [2^i, 2^(i+1))); for the tree's own bucket, the highest index it covers. */
  readonly index: number;
  /** Tree mode: this bucket still covers the owner's ID and may split. */
  readonly own: boolean;
  /** Least recently seen first. */
  readonly contacts: ContactView[];
  readonly replacements: ContactView[];
}

/** One node a lookup asked: with its XOR distance to the target, so any step can place it. */
export interface QueriedView {
  readonly node: number;
  readonly round: number;
  readonly outcome: 'responded' | 'timedOut';
  /** XOR distance to the lookup's target, in hex. */
  readonly distance: string;
}

export interface View {
  readonly config: Config;
  readonly nodeCount: number;
  readonly aliveCount: number;
  readonly now: number;
  /** Every node when nodeCount <= VIEW_ALL_NODES, else null. */
  readonly nodes: NodeView[] | null;
  /** Large networks: live nodes per bin of the ID space (by top bits). */
  readonly density: number[] | null;
  readonly focus: { readonly node: NodeView; readonly depth: number; readonly buckets: BucketView[] } | null;
  readonly lookup: (LookupTrace & { readonly pathIds: string[]; readonly pathDistances: string[]; readonly queried: QueriedView[] }) | null;
  readonly stats: {
    readonly lookups: number;
    readonly found: number;
    readonly successRate: number;
    readonly meanHops: number;
    readonly meanMessages: number;
    readonly hops: number[];
    readonly log2N: number;
    readonly pings: number;
  };
  readonly values: { readonly key: string; readonly keyId: string; readonly value: string; readonly holders: number[] }[];
  readonly deliveries: Delivery[];
  readonly measures: Measure[];
  /** Survey points (hops against size, success against failed nodes), plain numbers. */
  readonly survey: readonly SurveyPoint[];
}

function nameIndex(st: State): Map<number, string> {
  return new Map(Object.entries(st.names).map(([name, i]) => [i, name]));
}

function nodeView(st: State, names: Map<number, string>, x: number): NodeView {
  return {
    index: x,
    name: names.get(x) ?? null,
    id: toHex(st.ids, x * st.words, st.words, st.cfg.bits),
    host: st.ports[x] >= 0 ? `${st.cfg.host}:${st.ports[x]}` : null,
    alive: st.alive[x] === 1,
    contacts: contactCount(st.table, x),
  };
}

function contactView(st: State, names: Map<number, string>, owner: number, c: number, seen: number, fails: number): ContactView {
  return {
    index: c,
    name: names.get(c) ?? null,
    id: toHex(st.ids, c * st.words, st.words, st.cfg.bits),
    distance: distanceHex(st.ids, st.words, st.cfg.bits, owner, st.ids, c * st.words),
    lastSeen: seen,
    alive: st.alive[c] === 1,
    fails,
  };
}

function buckets(st: State, names: Map<number, string>, x: number): BucketView[] {
  const t = st.table;
  own(t, x);
  const out: BucketView[] = [];
  for (let s = t.head[x]; s >= 0; s = t.next[s]) {
    const contacts: ContactView[] = [];
    for (let j = 0; j < t.count[s]; j++)
      contacts.push(contactView(st, names, x, t.contact[s * t.k + j], t.seen[s * t.k + j], t.fails[s * t.k + j]));
    const replacements: ContactView[] = [];
    for (let j = 0; j < t.rcount[s]; j++) replacements.push(contactView(st, names, x, t.repl[s * t.r + j], 0, 0));
    const own = t.key[s] === OWN;
    out.push({ index: own ? t.width - t.depth[x] - 1 : t.key[s], own, contacts, replacements });
  }
  return out.sort((a, b) => b.index - a.index);
}

function density(st: State): number[] {
  const bins = new Array<number>(DENSITY_BINS).fill(0);
  const shift = st.cfg.bits < 32 ? st.cfg.bits - 6 : 26;
  for (let x = 0; x < st.n; x++) if (st.alive[x] === 1) bins[st.ids[x * st.words] >>> shift]++;
  return bins;
}

/** Every node the lookup asked, round by round, with its distance to the target: O(rounds x alpha), bounded by the lookup, not the network. */
function queriedView(st: State, trace: LookupTrace, target: Uint32Array): QueriedView[] {
  const out: QueriedView[] = [];
  for (const r of trace.rounds) {
    const late = new Set(r.timedOut);
    for (const q of r.queried)
      out.push({
        node: q,
        round: r.round,
        outcome: late.has(q) ? 'timedOut' : 'responded',
        distance: distanceHex(st.ids, st.words, st.cfg.bits, q, target, 0),
      });
  }
  return out;
}

/** The frame's view: O(k log N + lookup size) for large networks, never one object per node. */
export function view(st: State): View {
  const names = nameIndex(st);
  let aliveCount = 0;
  for (let x = 0; x < st.n; x++) aliveCount += st.alive[x];
  const small = st.n <= VIEW_ALL_NODES;
  const trace = st.lastLookup;
  const s = st.stats;
  const target = trace ? fromHex(trace.target, st.cfg.bits) : null;
  return {
    config: st.cfg,
    nodeCount: st.n,
    aliveCount,
    now: st.now,
    nodes: small ? Array.from({ length: st.n }, (_, x) => nodeView(st, names, x)) : null,
    density: small ? null : density(st),
    focus:
      st.focus >= 0
        ? { node: nodeView(st, names, st.focus), depth: st.table.depth[st.focus], buckets: buckets(st, names, st.focus) }
        : null,
    lookup:
      trace && target
        ? {
            ...trace,
            pathIds: trace.path.map((x) => toHex(st.ids, x * st.words, st.words, st.cfg.bits)),
            pathDistances: trace.path.map((x) => distanceHex(st.ids, st.words, st.cfg.bits, x, target, 0)),
            queried: queriedView(st, trace, target),
          }
        : null,
    stats: {
      lookups: s.lookups,
      found: s.found,
      successRate: s.lookups === 0 ? 0 : s.found / s.lookups,
      meanHops: s.lookups === 0 ? 0 : s.hops.reduce((sum, h, i) => sum + h * i, 0) / s.lookups,
      meanMessages: s.lookups === 0 ? 0 : s.messages / s.lookups,
      hops: s.hops,
      log2N: st.n > 0 ? Math.log2(st.n) : 0,
      pings: s.pings,
    },
    values: Object.entries(st.values).map(([keyId, v]) => ({ keyId, ...v })),
    deliveries: st.deliveries,
    measures: st.measures,
    survey: st.survey,
  };
}

/** The headless runner's summary. */
export function summarize(st: State): Record<string, unknown> {
  const v = view(st);
  return {
    nodes: v.nodeCount,
    alive: v.aliveCount,
    bits: st.cfg.bits,
    k: st.cfg.k,
    alpha: st.cfg.alpha,
    stats: v.stats,
    lastLookup: v.lookup && {
      from: v.lookup.from,
      target: v.lookup.target,
      found: v.lookup.found,
      hops: v.lookup.hops,
      messages: v.lookup.messages,
      path: v.lookup.pathIds,
    },
    deliveries: v.deliveries,
    values: v.values.map((x) => ({ key: x.key, holders: x.holders.length })),
  };
}

/** Bucket index of `c` seen from `x` (for text and checks). */
export const bucketOf = (st: State, x: number, c: number): number => bucketIndex(st.ids, st.words, x, st.ids, c * st.words);
