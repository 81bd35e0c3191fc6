/**
 * The discrete-event simulation of application requests, node-postgres' Pool (pg-pool 3.x,
 * read from node_modules/pg-pool/index.js) and the server's max_connections, on a clock
 * in µs. Each function mirrors the pool method of the same name where there is one:
 * connect() → arrive, newClient, _acquireClient → acquire, _release → release,
 * _remove → remove, _pulseQueue → pulse.
 */
import { seedRng } from '../core/rng';
import * as heap from './heap';
import * as random from './random';
import { createHistory, LAT_BINS, latencyBin, rollHistory } from './stats';
import * as types from './types';
import type { Conn, ConnStateCode, PoolEvent, Req, Sim, SimConfig } from './types';

// Bound once: module namespaces compiled to CommonJS read through getters, which the hot loop feels.
const { createHeap, peekTime, pop, push } = heap;
const { draw, warmRng, withGenerator } = random;
const ConnState = { ...types.ConnState };
const ReqState = { ...types.ReqState };

/** Event kinds in the heap. */
const K = {
  rateArrival: 1,
  oneArrival: 2,
  loopArrival: 3,
  backendStarted: 4,
  ready: 5,
  connectTimeout: 6,
  queryDone: 7,
  pendingTimeout: 8,
  idleTimeout: 9,
  backendExit: 10,
  refused: 11,
  removed: 12,
} as const;

/** Events kept per step (and as many failures, errors and removals past it); the rest are counted in an `events.dropped` event. */
export const LOG_CAP = 300;
const SEGS_KEPT = 400;

export const MSG = {
  queueTimeout: 'timeout exceeded when trying to connect',
  connectTimeout: 'Connection terminated due to connection timeout',
  /** pg.Client's own connectionTimeoutMillis timer, without a pool. */
  clientTimeout: 'timeout expired',
  tooMany: 'sorry, too many clients already',
  terminated: 'terminating connection due to administrator command',
} as const;

export function createSim(cfg: SimConfig, seed: number, bucketUs: number, trace = true): Sim {
  return {
    cfg,
    now: 0,
    heap: createHeap(256),
    rng: warmRng(seedRng(seed)),
    gen: 1,
    reqs: [],
    freeReqs: [],
    nextReqId: 1,
    conns: [],
    freeConns: [],
    nextConnId: 1,
    closedLanes: [],
    clients: 0,
    idle: [],
    pending: [],
    pendingHead: 0,
    waiting: 0,
    backends: 0,
    rate: { perSecond: 0, serviceUs: 0, exponential: false, gen: 0 },
    loop: { count: 0, thinkUs: 0, serviceUs: 0, exponential: false, gen: 0 },
    counters: {
      arrived: 0,
      completed: 0,
      timedOut: 0,
      refused: 0,
      failed: 0,
      opened: 0,
      attempts: 0,
      removed: 0,
      poolErrors: 0,
      leaked: 0,
      peakBackends: 0,
      peakWaiting: 0,
      peakClients: 0,
      latencySumUs: 0,
      waitSumUs: 0,
    },
    latency: new Uint32Array(LAT_BINS),
    history: createHistory(bucketUs),
    log: [],
    dropped: 0,
    droppedTypes: {},
    trace,
  };
}

const ms = (us: number) => Math.round(us) / 1000;

/** Past LOG_CAP a step still keeps what a reader looks for (failures, errors, removals), up to as many again. */
function emit(sim: Sim, e: PoolEvent): void {
  if (sim.log.length < LOG_CAP) sim.log.push(e);
  else if (sim.log.length < 2 * LOG_CAP && (e.type === 'request.failed' || e.type === 'pool.error' || e.type === 'pool.remove')) sim.log.push(e);
  else drop(sim, e.type === 'request.failed' ? `request.failed ${e.code}` : e.type);
}

function drop(sim: Sim, key: string): void {
  sim.dropped++;
  sim.droppedTypes[key] = (sim.droppedTypes[key] ?? 0) + 1;
}

/** Room for a routine event in this step's log; counted as dropped when there is none (no object made). */
function room(sim: Sim, type: PoolEvent['type']): boolean {
  if (sim.log.length < LOG_CAP) return true;
  drop(sim, type);
  return false;
}

/**
 * A lane's new state from now on. A state that lasted no time is replaced (a client released and
 * acquired again in the same instant stays busy), and segments that ended before the lanes'
 * window are dropped (at most SEGS_KEPT entries are kept in any case).
 */
function setState(sim: Sim, c: Conn, state: ConnStateCode): void {
  c.state = state;
  if (!sim.trace) return;
  const s = c.segs;
  let n = s.length;
  if (n >= 2 && s[n - 1] === sim.now) {
    s.length = n -= 2;
  }
  if (n >= 2 && s[n - 2] === state) return;
  s.push(state, sim.now);
  n += 2;
  // Trimmed in batches, so a busy lane does not shift its array at every transition.
  if (n < 64 && n <= SEGS_KEPT) return;
  const from = sim.now - sim.cfg.windowUs;
  let drop = 0;
  while (drop + 3 < n && s[drop + 3] <= from) drop += 2;
  if (n - drop > SEGS_KEPT) drop = n - SEGS_KEPT;
  if (drop >= 32 || n > SEGS_KEPT) s.splice(0, drop);
}

// ---------------------------------------------------------------- requests

function newReq(sim: Sim, serviceUs: number, leak: boolean, client: number): Req {
  const slot = sim.freeReqs.length > 0 ? (sim.freeReqs.pop() as number) : sim.reqs.length;
  const r: Req = { id: sim.nextReqId++, slot, arrival: sim.now, serviceUs, leak, state: ReqState.waiting, conn: -1, client, queued: false, timedOut: false };
  sim.reqs[slot] = r;
  sim.counters.arrived++;
  return r;
}

function freeSlot(sim: Sim, r: Req): void {
  sim.reqs[r.slot] = null;
  sim.freeReqs.push(r.slot);
}

/** The request is over for its application client: free its slot unless a connection still refers to it, and a closed-loop client thinks and sends again. */
function freeReq(sim: Sim, r: Req, keepSlot = false): void {
  if (!keepSlot) freeSlot(sim, r);
  if (r.client >= 0 && r.client < sim.loop.count) {
    const think = sim.loop.exponential ? draw(sim, 'exp', sim.loop.thinkUs) : sim.loop.thinkUs;
    push(sim.heap, sim.now + think, K.loopArrival, r.client, sim.loop.gen);
  }
}

function finish(sim: Sim, r: Req): void {
  r.state = ReqState.done;
  const lat = sim.now - r.arrival;
  const c = sim.counters;
  c.completed++;
  c.latencySumUs += lat;
  const b = latencyBin(lat);
  sim.latency[b]++;
  sim.history.hist[b]++;
  sim.history.completed++;
}

function fail(sim: Sim, r: Req, code: string, message: string, keepSlot = false): void {
  r.state = ReqState.failed;
  if (code === '53300') {
    sim.counters.refused++;
    sim.history.refused++;
  } else if (code === 'timeout') {
    sim.counters.timedOut++;
    sim.history.timedOut++;
  } else sim.counters.failed++;
  emit(sim, { type: 'request.failed', t: ms(sim.now), req: r.id, code, message });
  freeReq(sim, r, keepSlot);
}

/** A request arrives and asks for a connection: `pool.connect()`, or `new Client().connect()` without a pool. */
function arrive(sim: Sim, serviceUs: number, leak: boolean, client: number): void {
  const r = newReq(sim, serviceUs, leak, client);
  if (!sim.cfg.pooled) return newClient(sim, r);
  if (sim.clients >= sim.cfg.max || sim.idle.length > 0) {
    sim.pending.push(r.slot, r.id);
    r.queued = true;
    sim.waiting++;
    if (sim.cfg.connectionTimeoutUs > 0) push(sim.heap, sim.now + sim.cfg.connectionTimeoutUs, K.pendingTimeout, r.slot, r.id);
    // node-postgres pulses on the next tick when a client is idle; nothing else runs in between here.
    if (sim.idle.length > 0) pulse(sim);
    if (sim.waiting > sim.counters.peakWaiting) sim.counters.peakWaiting = sim.waiting;
    return;
  }
  newClient(sim, r);
}

// ---------------------------------------------------------------- connections

function newClient(sim: Sim, r: Req): void {
  const slot = sim.freeConns.length > 0 ? (sim.freeConns.pop() as number) : sim.conns.length;
  const c: Conn = { id: sim.nextConnId++, slot, state: ConnState.connecting, req: r.slot, reqId: r.id, idleGen: -1, backend: false, openedAt: sim.now, segs: [] };
  sim.conns[slot] = c;
  if (sim.trace) c.segs.push(ConnState.connecting, sim.now);
  if (sim.cfg.pooled) {
    sim.clients++;
    if (sim.clients > sim.counters.peakClients) sim.counters.peakClients = sim.clients;
  }
  sim.counters.attempts++;
  r.state = ReqState.connecting;
  r.conn = slot;
  // TCP handshake, then the postmaster forks a backend that initialises and claims a PGPROC slot.
  push(sim.heap, sim.now + sim.cfg.rttUs + sim.cfg.backendStartUs, K.backendStarted, slot, c.id);
  if (sim.cfg.connectionTimeoutUs > 0) push(sim.heap, sim.now + sim.cfg.connectionTimeoutUs, K.connectTimeout, slot, c.id);
}

function live(sim: Sim, slot: number, id: number): Conn | null {
  const c = sim.conns[slot];
  return c && c.id === id && c.state !== ConnState.closed ? c : null;
}

function backendStarted(sim: Sim, c: Conn): void {
  if (sim.backends >= sim.cfg.maxConnections) {
    // InitProcess finds no free PGPROC: FATAL 53300 goes back to the client and the backend exits.
    push(sim.heap, sim.now + sim.cfg.rttUs / 2, K.refused, c.slot, c.id);
    return;
  }
  c.backend = true;
  sim.backends++;
  if (sim.backends > sim.counters.peakBackends) sim.counters.peakBackends = sim.backends;
  push(sim.heap, sim.now + sim.cfg.authRoundTrips * sim.cfg.rttUs, K.ready, c.slot, c.id);
}

function closeConn(sim: Sim, c: Conn): void {
  setState(sim, c, ConnState.closed);
  if (c.backend) {
    c.backend = false;
    // The backend sees the Terminate message (or the closed socket) and exits, freeing its slot.
    push(sim.heap, sim.now + sim.cfg.rttUs / 2, K.backendExit, 0, 0);
  }
  sim.conns[c.slot] = null;
  sim.freeConns.push(c.slot);
  if (sim.trace) {
    sim.closedLanes.push(c);
    if (sim.closedLanes.length > sim.cfg.lanes) sim.closedLanes.shift();
  }
}

/** The connection attempt failed (refused with 53300, or timed out): no pool event, the acquire rejects. */
function connectFailed(sim: Sim, c: Conn, code: string, message: string): void {
  const r = sim.reqs[c.req] as Req;
  closeConn(sim, c);
  if (sim.cfg.pooled) {
    sim.clients--;
    pulse(sim);
  }
  // A request whose queue timeout already fired has had its answer.
  if (r.timedOut) freeSlot(sim, r);
  else fail(sim, r, code, message);
}

function ready(sim: Sim, c: Conn): void {
  sim.counters.opened++;
  const r = sim.reqs[c.req] as Req;
  if (sim.cfg.pooled) {
    if (room(sim, 'pool.connect')) emit(sim, { type: 'pool.connect', t: ms(sim.now), conn: c.id, req: r.id });
    if (!r.timedOut) return acquire(sim, c, r);
    // The request gave up while this client was connecting for it: node-postgres still
    // emits 'acquire' for the timed-out pending item, then releases the client at once.
    emit(sim, { type: 'pool.acquire', t: ms(sim.now), conn: c.id, req: r.id });
    c.reqId = r.id;
    freeSlot(sim, r);
    release(sim, c, null);
  } else {
    if (sim.trace && room(sim, 'client.connect')) emit(sim, { type: 'client.connect', t: ms(sim.now), conn: c.id, req: r.id });
    setState(sim, c, ConnState.busy);
    r.state = ReqState.running;
    push(sim.heap, sim.now + sim.cfg.rttUs + r.serviceUs, K.queryDone, c.slot, c.id);
  }
}

/** `_acquireClient`: the client goes to the request, which sends its query. */
function acquire(sim: Sim, c: Conn, r: Req): void {
  if (room(sim, 'pool.acquire')) emit(sim, { type: 'pool.acquire', t: ms(sim.now), conn: c.id, req: r.id });
  if (r.state === ReqState.waiting) sim.counters.waitSumUs += sim.now - r.arrival;
  c.idleGen = -1;
  c.req = r.slot;
  c.reqId = r.id;
  r.conn = c.slot;
  r.state = ReqState.running;
  setState(sim, c, ConnState.busy);
  push(sim.heap, sim.now + sim.cfg.rttUs + r.serviceUs, K.queryDone, c.slot, c.id);
}

function queryDone(sim: Sim, c: Conn): void {
  const r = sim.reqs[c.req] as Req;
  finish(sim, r);
  if (r.leak) {
    // The application never calls release(): the client stays checked out for good.
    sim.counters.leaked++;
    setState(sim, c, ConnState.leaked);
    c.req = -1;
    freeReq(sim, r);
    return;
  }
  if (!sim.cfg.pooled) {
    if (sim.trace && room(sim, 'client.end')) emit(sim, { type: 'client.end', t: ms(sim.now), conn: c.id, req: r.id });
    closeConn(sim, c);
    freeReq(sim, r);
    return;
  }
  release(sim, c, null);
  freeReq(sim, r);
}

/** `_release`: 'release', then either removal (with an error) or the idle list and its timer. */
function release(sim: Sim, c: Conn, error: string | null): void {
  if (room(sim, 'pool.release'))
    emit(sim, error ? { type: 'pool.release', t: ms(sim.now), conn: c.id, req: c.reqId, error } : { type: 'pool.release', t: ms(sim.now), conn: c.id, req: c.reqId });
  c.req = -1;
  c.reqId = 0;
  if (error) return remove(sim, c, 'error');
  setState(sim, c, ConnState.idle);
  if (sim.cfg.idleTimeoutUs > 0 && sim.clients > 0) {
    c.idleGen = sim.gen++;
    push(sim.heap, sim.now + sim.cfg.idleTimeoutUs, K.idleTimeout, c.slot, c.idleGen);
  }
  sim.idle.push(c.slot);
  pulse(sim);
}

/** `_remove`: out of the pool at once; client.end() finishes a round trip later, then 'remove' and a pulse. */
function remove(sim: Sim, c: Conn, reason: 'idle' | 'error'): void {
  const i = sim.idle.indexOf(c.slot);
  if (i >= 0) sim.idle.splice(i, 1);
  sim.clients--;
  const id = c.id;
  closeConn(sim, c);
  sim.counters.removed++;
  push(sim.heap, sim.now + sim.cfg.rttUs, K.removed, id, reason === 'idle' ? 0 : 1);
}

/** `_pulseQueue`: hand one waiting request an idle client, or a new one if the pool has room. */
function pulse(sim: Sim): void {
  if (sim.waiting === 0) return;
  if (sim.idle.length === 0 && sim.clients >= sim.cfg.max) return;
  let r: Req | null = null;
  while (r === null) {
    const q = sim.reqs[sim.pending[sim.pendingHead]];
    if (q && q.id === sim.pending[sim.pendingHead + 1] && q.state === ReqState.waiting) r = q;
    sim.pendingHead += 2;
  }
  sim.waiting--;
  if (sim.pendingHead > 1024 && sim.pendingHead * 2 > sim.pending.length) {
    sim.pending.splice(0, sim.pendingHead);
    sim.pendingHead = 0;
  }
  if (sim.idle.length > 0) return acquire(sim, sim.conns[sim.idle.pop() as number] as Conn, r);
  newClient(sim, r);
}

// ---------------------------------------------------------------- the loop

function dispatch(sim: Sim, kind: number, a: number, b: number): void {
  switch (kind) {
    case K.rateArrival: {
      const rate = sim.rate;
      if (b !== rate.gen || rate.perSecond <= 0) return;
      const service = rate.exponential ? draw(sim, 'exp', rate.serviceUs) : rate.serviceUs;
      push(sim.heap, sim.now + draw(sim, 'exp', 1e6 / rate.perSecond), K.rateArrival, 0, rate.gen);
      return arrive(sim, service, false, -1);
    }
    case K.oneArrival:
      return arrive(sim, a, b === 1, -1);
    case K.loopArrival: {
      const loop = sim.loop;
      if (b !== loop.gen || a >= loop.count) return;
      return arrive(sim, loop.exponential ? draw(sim, 'exp', loop.serviceUs) : loop.serviceUs, false, a);
    }
    case K.backendStarted: {
      const c = live(sim, a, b);
      if (c && c.state === ConnState.connecting) backendStarted(sim, c);
      return;
    }
    case K.refused: {
      const c = live(sim, a, b);
      if (c && c.state === ConnState.connecting) connectFailed(sim, c, '53300', MSG.tooMany);
      return;
    }
    case K.ready: {
      const c = live(sim, a, b);
      if (c && c.state === ConnState.connecting) ready(sim, c);
      return;
    }
    case K.connectTimeout: {
      const c = live(sim, a, b);
      if (c && c.state === ConnState.connecting) connectFailed(sim, c, 'timeout', sim.cfg.pooled ? MSG.connectTimeout : MSG.clientTimeout);
      return;
    }
    case K.queryDone: {
      const c = live(sim, a, b);
      if (c && c.state === ConnState.busy && c.req >= 0) queryDone(sim, c);
      return;
    }
    case K.pendingTimeout: {
      const r = sim.reqs[a];
      if (!r || r.id !== b) return;
      if (r.state === ReqState.waiting) {
        sim.waiting--;
        fail(sim, r, 'timeout', MSG.queueTimeout);
      } else if (r.state === ReqState.connecting && r.queued && !r.timedOut) {
        // Taken from the queue for a new client that is still connecting: pg-pool's queue
        // timer is still armed and rejects the acquire; the client joins the pool when ready.
        r.timedOut = true;
        fail(sim, r, 'timeout', MSG.queueTimeout, true);
      }
      return;
    }
    case K.idleTimeout: {
      const c = sim.conns[a];
      if (c && c.state === ConnState.idle && c.idleGen === b && sim.clients > 0) remove(sim, c, 'idle');
      return;
    }
    case K.backendExit:
      sim.backends--;
      return;
    case K.removed:
      emit(sim, { type: 'pool.remove', t: ms(sim.now), conn: a, reason: b === 0 ? 'idle' : 'error' });
      return pulse(sim);
  }
}

/** Run every event up to and including `untilUs`, then set the clock there. */
export function runUntil(sim: Sim, untilUs: number): void {
  withGenerator(sim, () => loop(sim, untilUs));
}

function loop(sim: Sim, untilUs: number): void {
  const h = sim.heap;
  const hist = sim.history;
  let nextBucket = (hist.current + 1) * hist.bucketUs;
  while (h.size > 0 && h.time[h.heap[0]] <= untilUs) {
    const t = h.time[h.heap[0]];
    if (t >= nextBucket) {
      rollHistory(hist, t, { waiting: sim.waiting, backends: sim.backends, clients: sim.clients });
      nextBucket = (hist.current + 1) * hist.bucketUs;
    }
    const rec = pop(h);
    sim.now = t;
    dispatch(sim, h.kind[rec], h.a[rec], h.b[rec]);
  }
  sim.now = untilUs;
  rollHistory(hist, untilUs, { waiting: sim.waiting, backends: sim.backends, clients: sim.clients });
}

/** Run until something a reader would notice happens (a pool event or a failed request), at most `horizonUs` ahead. */
export function runToNext(sim: Sim, horizonUs: number): boolean {
  const before = sim.log.length + sim.dropped;
  const limit = sim.now + horizonUs;
  while (peekTime(sim.heap) <= limit) {
    const t = peekTime(sim.heap);
    runUntil(sim, t);
    if (sim.log.length + sim.dropped > before) return true;
  }
  runUntil(sim, limit);
  return false;
}

// ---------------------------------------------------------------- traffic

/** Steady Poisson arrivals at `perSecond` (0 stops them). */
export function setRate(sim: Sim, perSecond: number, serviceUs: number, exponential: boolean): void {
  const rate = sim.rate;
  rate.gen++;
  rate.perSecond = perSecond;
  rate.serviceUs = serviceUs;
  rate.exponential = exponential;
  if (perSecond > 0) push(sim.heap, sim.now + draw(sim, 'exp', 1e6 / perSecond), K.rateArrival, 0, rate.gen);
}

/** One request arriving `atUs` from now. */
export function schedule(sim: Sim, atUs: number, serviceUs: number, leak: boolean): void {
  push(sim.heap, sim.now + atUs, K.oneArrival, serviceUs, leak ? 1 : 0);
}

/** A closed loop of `count` application clients: each sends, waits for its answer (or error), thinks, sends again. */
export function setClients(sim: Sim, count: number, thinkUs: number, serviceUs: number, exponential: boolean): void {
  const loop = sim.loop;
  loop.gen++;
  loop.count = count;
  loop.thinkUs = thinkUs;
  loop.serviceUs = serviceUs;
  loop.exponential = exponential;
  // Requests already in flight carry their client index; they reschedule only if it is still below count.
  for (let i = 0; i < count; i++) push(sim.heap, sim.now + draw(sim, 'uniform', thinkUs), K.loopArrival, i, loop.gen);
}

/**
 * pg_terminate_backend() on a connection's backend. An idle pooled client gets the error
 * in its idle listener ('error', then removal); a client running a query gets it as the
 * query's error, and the application releases it with that error ('release', removal).
 * Returns a reason when the action does not apply.
 */
export function terminate(sim: Sim, connId: number): string | null {
  const c = sim.conns.find((x) => x !== null && x.id === connId) ?? null;
  if (!c) return `connection ${connId} is not open`;
  if (!c.backend || c.state === ConnState.connecting) return `connection ${connId} is still connecting`;
  if (c.state === ConnState.leaked) return `connection ${connId} is checked out and never released: nobody would see the error`;
  if (!sim.cfg.pooled) {
    const r = sim.reqs[c.req] as Req;
    closeConn(sim, c);
    fail(sim, r, '57P01', MSG.terminated);
    return null;
  }
  if (c.state === ConnState.idle) {
    sim.counters.poolErrors++;
    emit(sim, { type: 'pool.error', t: ms(sim.now), conn: c.id, code: '57P01', message: MSG.terminated });
    remove(sim, c, 'error');
    return null;
  }
  // Busy: the query fails, the application releases the client with the error.
  const r = sim.reqs[c.req] as Req;
  release(sim, c, MSG.terminated);
  fail(sim, r, '57P01', MSG.terminated);
  return null;
}
