import { meter } from '../core/budget';
import { defineLab } from '../core/lab';
import { refuse } from '../core/refusal';
import { schema } from './schema';
import { seedRng } from '../core/rng';
import { build, fail, findValue, joinNew, lookupMany, lookupNode, measure, ping, randomLive, resolve, sendMessage, store } from './actions';
import { ensureBudget } from './budget';
import { refresh } from './build';
import { checkOutcome } from './check';
import { distanceHex, fromHex, toHex, wordsFor } from './id';
import { lookup } from './lookup';
import { type Ctx, heard } from './network';
import { streamFrom } from './rand';
import { cloneTable, createTable } from './table';
import * as text from './text';
import type { Action, Config, Event, Options, State } from './types';
import { survey } from './survey';
import { summarize, view } from './view';

/** The defaults: the paper's k = 20 and α = 3, BitTorrent's 160-bit IDs, the article's one bucket per bit. */
const DEFAULTS: Config = {
  bits: 160,
  k: 20,
  alpha: 3,
  idMode: 'seed',
  host: 'localhost',
  basePort: 8000,
  table: 'per-bit',
  eviction: 'lru',
  lookup: 'parallel',
  latency: { min: 10, max: 80 },
  loss: 0,
  timeout: 500,
  replacements: 4,
  staleAfter: 5,
};

/**
 * Settled networks larger than this derive their routing tables on demand (settled.ts); smaller
 * ones store them, since the view lists every node's contact count up to 1,024 nodes anyway.
 */
const DERIVE_FROM = 1025;

function init(options: Options, seed: number, deriveFrom: number): { state: State; events: Event[] } {
  const cfg: Config = { ...DEFAULTS, ...options };
  const words = wordsFor(cfg.bits);
  const state: State = {
    clock: 0,
    rng: seedRng(seed),
    cfg,
    work: meter(),
    built: meter(),
    words,
    deriveFrom,
    n: 0,
    ids: new Uint32Array(16 * words),
    alive: new Uint8Array(16),
    ports: new Int32Array(16),
    names: {},
    nextPort: cfg.basePort,
    table: createTable(cfg.k, cfg.replacements, cfg.bits, cfg.table === 'tree', 16),
    now: 0,
    values: {},
    stats: { lookups: 0, found: 0, hops: [], messages: 0, rounds: 0, pings: 0 },
    lookupSeq: 0,
    lastLookup: null,
    focus: -1,
    deliveries: [],
    measures: [],
    lastValue: null,
    survey: [],
  };
  return { state, events: [{ type: 'lab.started', bits: cfg.bits, k: cfg.k, alpha: cfg.alpha }] };
}

function run(ctx: Ctx, action: Action): void {
  const { st } = ctx;
  const ref = (r: number | string) => resolve(st, r);
  switch (action.type) {
    case 'build':
      build(ctx, action);
      if (st.n > 0) st.focus = 0;
      return;
    case 'join':
      st.focus = joinNew(ctx, action.name, ref(action.via));
      return;
    case 'add-contact':
      heard(ctx, ref(action.node), ref(action.contact));
      st.focus = ref(action.node);
      return;
    case 'ping':
      ping(ctx, ref(action.from), ref(action.to));
      return;
    case 'lookup': {
      const from = ref(action.from);
      if ((action.target === undefined) === (action.id === undefined)) refuse('A lookup names either a target node or an id.');
      if (action.target !== undefined) st.lastLookup = lookupNode(ctx, from, ref(action.target));
      else {
        const id = fromHex(action.id!, st.cfg.bits);
        if (!id) refuse(`"${action.id}" is not a ${st.cfg.bits}-bit ID in hex (${st.cfg.bits / 4} digits).`);
        if (st.alive[from] === 0) refuse(`The initiator (node #${from}) is down.`);
        st.lastLookup = lookup(ctx, { from, target: id, targetNode: -1, kind: 'FIND_NODE' });
      }
      st.focus = from;
      return;
    }
    case 'lookups': {
      const before = { lookups: st.stats.lookups, found: st.stats.found, messages: st.stats.messages, hops: st.stats.hops.slice() };
      st.lastLookup = lookupMany(ctx, action.count) ?? st.lastLookup;
      const hops = st.stats.hops.map((h, i) => h - (before.hops[i] ?? 0));
      const count = st.stats.lookups - before.lookups;
      const meanHops = hops.reduce((sum, h, i) => sum + h * i, 0) / Math.max(1, count);
      const meanMessages = (st.stats.messages - before.messages) / Math.max(1, count);
      ctx.emit?.({ type: 'lookups.measured', count, found: st.stats.found - before.found, meanHops, meanMessages, hops });
      if (st.lastLookup) st.focus = st.lastLookup.from;
      return;
    }
    case 'store':
      st.lastLookup = store(ctx, ref(action.from), action.key, action.value);
      st.focus = ref(action.from);
      return;
    case 'find-value':
      st.lastLookup = findValue(ctx, ref(action.from), action.key);
      st.focus = ref(action.from);
      return;
    case 'send-message':
      st.lastLookup = sendMessage(ctx, ref(action.from), ref(action.to), action.text) ?? st.lastLookup;
      st.focus = ref(action.from);
      return;
    case 'fail':
      if (!action.nodes === (action.fraction === undefined)) refuse('fail names either nodes or a fraction.');
      fail(ctx, action.nodes ? action.nodes.map(ref) : null, action.fraction ?? 0);
      return;
    case 'revive': {
      const nodes = action.nodes.map(ref);
      for (const x of nodes) st.alive[x] = 1;
      ctx.emit?.({ type: 'node.restarted', nodes });
      return;
    }
    case 'churn': {
      fail(ctx, null, action.fail);
      const quiet: Ctx = { ...ctx, emit: null };
      for (let i = 0; i < (action.join ?? 0); i++) {
        const via = randomLive(quiet);
        if (via < 0) refuse('Nobody is up to join through.');
        const x = joinNew(quiet, undefined, via);
        ctx.emit?.({ type: 'node.joined', node: x, id: toHex(st.ids, x * st.words, st.words, st.cfg.bits), via });
      }
      ctx.time = quiet.time;
      return;
    }
    case 'refresh': {
      const node = ref(action.node);
      if (st.alive[node] === 0) refuse(`Node #${node} is down.`);
      refresh(ctx, node);
      st.focus = node;
      return;
    }
    case 'tick': {
      const from = ctx.time;
      ctx.time += action.ms;
      ctx.emit?.({ type: 'clock.advanced', from, to: ctx.time });
      return;
    }
    case 'focus':
      st.focus = ref(action.node);
      ctx.emit?.({ type: 'focus.moved', node: st.focus });
      return;
    case 'distance': {
      const a = ref(action.a);
      const b = ref(action.b);
      const dist = (x: number, y: number) => distanceHex(st.ids, st.words, st.cfg.bits, x, st.ids, y * st.words);
      const m = { kind: 'pair', a, b, ab: dist(a, b), ba: dist(b, a) } as const;
      measure(st, m);
      ctx.emit?.({ type: 'distance.measured', measure: m });
      return;
    }
    case 'distances': {
      const from = ref(action.from);
      if (st.n > 4096) refuse('Distances to every node are listed for networks of at most 4,096 nodes.');
      const distances: string[] = [];
      for (let x = 0; x < st.n; x++) distances.push(distanceHex(st.ids, st.words, st.cfg.bits, from, st.ids, x * st.words));
      const m = { kind: 'all', from, distances, distinct: new Set(distances).size === distances.length } as const;
      measure(st, m);
      st.focus = from;
      ctx.emit?.({ type: 'distance.measured', measure: m });
      return;
    }
    case 'survey': {
      const points = survey(ctx, action, { init: (seed, k) => init({ ...st.cfg, k }, seed, st.deriveFrom).state, clone });
      ctx.emit?.({ type: 'network.surveyed', points });
      return;
    }
  }
}

function step(state: State, action: Action): Event[] {
  const events: Event[] = [];
  const [rnd, rng] = streamFrom(state.rng);
  state.rng = rng;
  const ctx: Ctx = { st: state, rnd, emit: (e) => events.push(e), round: 0, time: state.now };
  // A refusal propagates to the kernel: the step's events and its simulated time are dropped.
  ensureBudget(state, action);
  run(ctx, action);
  state.now = ctx.time;
  return events;
}

/** A snapshot copy: typed arrays sliced, small arrays copied; traces and value entries are never mutated, so they are shared. */
function clone(s: State): State {
  return {
    ...s,
    work: { ...s.work },
    built: { ...s.built },
    ids: s.ids.slice(0, Math.max(1, s.n) * s.words),
    alive: s.alive.slice(0, Math.max(1, s.n)),
    ports: s.ports.slice(0, Math.max(1, s.n)),
    names: { ...s.names },
    table: cloneTable(s.table),
    values: { ...s.values },
    stats: { ...s.stats, hops: s.stats.hops.slice() },
  };
}

/**
 * The lab with settled tables derived from `deriveFrom` nodes up (0: always derived;
 * Infinity: always stored). Both give the same runs: tests compare them.
 */
export function kademliaLab(deriveFrom: number) {
  return defineLab({
    schema,
    init: (options: Options, seed: number) => init(options, seed, deriveFrom),
    step,
    clone,
    view,
    ...text,
    check: checkOutcome,
    summarize,
  });
}

/** Kademlia (Maymounkov and Mazières, 2002) as in the Hands-On P2P article, up to 1,000,000 nodes. */
export const kademlia = kademliaLab(DERIVE_FROM);
