import { type Bucket, percentileMs } from './stats';
import { CONN_STATE_NAMES, type Conn, ConnState, type ConnStateName, type Counters, ReqState, type Sim } from './types';

/** One stretch of a swimlane. Times in ms. */
export interface Segment {
  readonly state: ConnStateName;
  readonly from: number;
  readonly to: number;
}

export interface Lane {
  readonly conn: number;
  readonly state: ConnStateName;
  /** Request it serves now, if any. */
  readonly req: number | null;
  readonly segments: readonly Segment[];
}

/** What the panels draw of one simulation. Times in ms. */
export interface SimView {
  readonly pooled: boolean;
  readonly max: number;
  readonly maxConnections: number;
  readonly clients: number;
  readonly idle: number;
  readonly busy: number;
  readonly connecting: number;
  readonly leaked: number;
  readonly waiting: number;
  readonly backends: number;
  readonly counters: Counters;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly meanMs: number | null;
  readonly lanes: readonly Lane[];
  /** The first waiting requests, oldest first, with how long they have waited. */
  readonly queue: readonly { readonly req: number; readonly waitedMs: number }[];
  readonly history: readonly Bucket[];
  /** The traffic now: steady arrivals per second and their query time, and a closed loop's clients (0: none). */
  readonly traffic: { readonly perSecond: number; readonly serviceMs: number; readonly clients: number; readonly thinkMs: number };
}

export interface PoolView {
  readonly now: number;
  readonly windowMs: number;
  readonly bucketMs: number;
  /** A new connection's cost with these settings, ms (handshake, startup and auth, backend start). */
  readonly connectMs: number;
  readonly rttMs: number;
  /** The parts of connectMs: startup and authentication round trips, the backend's fork and initialisation (ms). */
  readonly authRoundTrips: number;
  readonly backendStartMs: number;
  readonly idleTimeoutMillis: number;
  readonly connectionTimeoutMillis: number;
  readonly main: SimView;
  /** The same arrivals without a pool, when the options ask for the comparison. */
  readonly withoutPool: SimView | null;
}

const QUEUE_SHOWN = 12;
const r3 = (us: number) => Math.round(us) / 1000;

function lane(c: Conn, fromUs: number, nowUs: number, closedAt: number | null): Lane {
  const segments: Segment[] = [];
  const s = c.segs;
  for (let i = 0; i < s.length; i += 2) {
    const start = s[i + 1];
    const end = i + 2 < s.length ? s[i + 3] : s[i] === ConnState.closed ? (closedAt ?? start) : nowUs;
    if (s[i] === ConnState.closed || end < fromUs) continue;
    segments.push({ state: CONN_STATE_NAMES[s[i]], from: r3(Math.max(start, fromUs)), to: r3(end) });
  }
  const reqSlot = c.state === ConnState.busy || c.state === ConnState.connecting ? c.reqId : 0;
  return { conn: c.id, state: CONN_STATE_NAMES[c.state], req: reqSlot > 0 ? reqSlot : null, segments };
}

const closedAtOf = (c: Conn) => (c.segs.length >= 2 && c.segs[c.segs.length - 2] === ConnState.closed ? c.segs[c.segs.length - 1] : null);

export function simView(sim: Sim, windowUs: number): SimView {
  const fromUs = Math.max(0, sim.now - windowUs);
  let busy = 0;
  let connecting = 0;
  let leaked = 0;
  const open: Conn[] = [];
  for (const c of sim.conns) {
    if (!c) continue;
    open.push(c);
    if (c.state === ConnState.busy) busy++;
    else if (c.state === ConnState.connecting) connecting++;
    else if (c.state === ConnState.leaked) leaked++;
  }
  const max = sim.cfg.lanes;
  // Open connections first (the newest when there are more than fit), then recently closed ones.
  open.sort((a, b) => a.id - b.id);
  const shown = open.slice(-max);
  for (let i = sim.closedLanes.length - 1; i >= 0 && shown.length < max; i--) {
    const c = sim.closedLanes[i];
    const at = closedAtOf(c);
    if (at !== null && at >= fromUs) shown.push(c);
  }
  shown.sort((a, b) => a.id - b.id);
  const queue: { req: number; waitedMs: number }[] = [];
  for (let i = sim.pendingHead; i < sim.pending.length && queue.length < QUEUE_SHOWN; i += 2) {
    const r = sim.reqs[sim.pending[i]];
    if (r && r.id === sim.pending[i + 1] && r.state === ReqState.waiting) queue.push({ req: r.id, waitedMs: r3(sim.now - r.arrival) });
  }
  const n = sim.counters.completed;
  return {
    pooled: sim.cfg.pooled,
    max: sim.cfg.max,
    maxConnections: sim.cfg.maxConnections,
    clients: sim.cfg.pooled ? sim.clients : open.length,
    idle: sim.idle.length,
    busy,
    connecting,
    leaked,
    waiting: sim.waiting,
    backends: sim.backends,
    counters: { ...sim.counters },
    p50: percentileMs(sim.latency, n, 0.5),
    p95: percentileMs(sim.latency, n, 0.95),
    p99: percentileMs(sim.latency, n, 0.99),
    meanMs: n > 0 ? Math.round(sim.counters.latencySumUs / n) / 1000 : null,
    lanes: shown.map((c) => lane(c, fromUs, sim.now, closedAtOf(c))),
    queue,
    history: sim.history.closed.slice(),
    traffic: {
      perSecond: sim.rate.perSecond,
      serviceMs: r3(sim.rate.perSecond > 0 ? sim.rate.serviceUs : sim.loop.serviceUs),
      clients: sim.loop.count,
      thinkMs: r3(sim.loop.thinkUs),
    },
  };
}
