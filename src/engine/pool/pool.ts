/**
 * Requests, connections and node-postgres' Pool: each function mirrors the pg-pool method of
 * the same name where there is one (connect() → arrive, newClient, _acquireClient → acquire,
 * _release → release, _remove → remove, _pulseQueue → pulse), and the server's backends.
 */
import * as heap from './heap';
import * as idle from './idle';
import * as kinds from './kinds';
import * as log from './log';
import * as random from './random';
import * as stats from './stats';
import * as types from './types';
import type { Conn, Req, Sim } from './types';

// Bound once: module namespaces compiled to CommonJS read through getters, which the hot loop feels.
const { push } = heap;
const { startIdleTimer } = idle;
const { draw } = random;
const { K } = kinds;
const { emit, ms, room, setState } = log;
const { latencyBin } = stats;
const ConnState = { ...types.ConnState };
const ReqState = { ...types.ReqState };

// ---------------------------------------------------------------- requests

function newReq(sim: Sim, serviceUs: number, leak: boolean, client: number): Req {
  const slot = sim.freeReqs.length > 0 ? (sim.freeReqs.pop() as number) : sim.reqs.length;
  // A finished request's record is reused: no garbage per request.
  const r: Req = sim.spareReqs.pop() ?? {
    id: 0,
    slot: 0,
    arrival: 0,
    serviceUs: 0,
    leak: false,
    state: ReqState.waiting,
    conn: -1,
    client: -1,
    queued: false,
    timedOut: false,
  };
  r.id = sim.nextReqId++;
  r.slot = slot;
  r.arrival = sim.now;
  r.serviceUs = serviceUs;
  r.leak = leak;
  r.state = ReqState.waiting;
  r.conn = -1;
  r.client = client;
  r.queued = false;
  r.timedOut = false;
  sim.reqs[slot] = r;
  sim.counters.arrived++;
  return r;
}

/** The request is over and nothing refers to it any more: its slot and its record are free. */
function freeSlot(sim: Sim, r: Req): void {
  sim.reqs[r.slot] = null;
  sim.freeReqs.push(r.slot);
  sim.spareReqs.push(r);
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

export function fail(sim: Sim, r: Req, code: string, message: string, keepSlot = false): void {
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
export function arrive(sim: Sim, serviceUs: number, leak: boolean, client: number): void {
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
  const c: Conn = {
    id: sim.nextConnId++,
    slot,
    state: ConnState.connecting,
    req: r.slot,
    reqId: r.id,
    idleGen: -1,
    idleDue: 0,
    idleOrder: 0,
    backend: false,
    openedAt: sim.now,
    segs: [],
  };
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

export function live(sim: Sim, slot: number, id: number): Conn | null {
  const c = sim.conns[slot];
  return c && c.id === id && c.state !== ConnState.closed ? c : null;
}

export function backendStarted(sim: Sim, c: Conn): void {
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

export function closeConn(sim: Sim, c: Conn): void {
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
export function connectFailed(sim: Sim, c: Conn, code: string, message: string): void {
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

export function ready(sim: Sim, c: Conn): void {
  sim.counters.opened++;
  const r = sim.reqs[c.req] as Req;
  if (sim.cfg.pooled) {
    if (room(sim, 'pool.connected')) emit(sim, { type: 'pool.connected', t: ms(sim.now), conn: c.id, req: r.id });
    if (!r.timedOut) return acquire(sim, c, r);
    // The request gave up while this client was connecting for it: node-postgres still
    // emits 'acquire' for the timed-out pending item, then releases the client at once.
    emit(sim, { type: 'pool.acquired', t: ms(sim.now), conn: c.id, req: r.id });
    c.reqId = r.id;
    freeSlot(sim, r);
    release(sim, c, null);
  } else {
    if (sim.trace && room(sim, 'client.connected')) emit(sim, { type: 'client.connected', t: ms(sim.now), conn: c.id, req: r.id });
    setState(sim, c, ConnState.busy);
    r.state = ReqState.running;
    push(sim.heap, sim.now + sim.cfg.rttUs + r.serviceUs, K.queryDone, c.slot, c.id);
  }
}

/** `_acquireClient`: the client goes to the request, which sends its query. */
function acquire(sim: Sim, c: Conn, r: Req): void {
  if (room(sim, 'pool.acquired')) emit(sim, { type: 'pool.acquired', t: ms(sim.now), conn: c.id, req: r.id });
  if (r.state === ReqState.waiting) sim.counters.waitSumUs += sim.now - r.arrival;
  c.idleGen = -1;
  c.req = r.slot;
  c.reqId = r.id;
  r.conn = c.slot;
  r.state = ReqState.running;
  setState(sim, c, ConnState.busy);
  push(sim.heap, sim.now + sim.cfg.rttUs + r.serviceUs, K.queryDone, c.slot, c.id);
}

export function queryDone(sim: Sim, c: Conn): void {
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
    if (sim.trace && room(sim, 'client.ended')) emit(sim, { type: 'client.ended', t: ms(sim.now), conn: c.id, req: r.id });
    closeConn(sim, c);
    freeReq(sim, r);
    return;
  }
  release(sim, c, null);
  freeReq(sim, r);
}

/** `_release`: 'release', then either removal (with an error) or the idle list and its timer. */
export function release(sim: Sim, c: Conn, error: string | null): void {
  if (room(sim, 'pool.released'))
    emit(
      sim,
      error
        ? { type: 'pool.released', t: ms(sim.now), conn: c.id, req: c.reqId, error }
        : { type: 'pool.released', t: ms(sim.now), conn: c.id, req: c.reqId },
    );
  c.req = -1;
  c.reqId = 0;
  if (error) return remove(sim, c, 'error');
  setState(sim, c, ConnState.idle);
  if (sim.cfg.idleTimeoutUs > 0 && sim.clients > 0) startIdleTimer(sim, c);
  sim.idle.push(c.slot);
  pulse(sim);
}

/** `_remove`: out of the pool at once; client.end() finishes a round trip later, then 'remove' and a pulse. */
export function remove(sim: Sim, c: Conn, reason: 'idle' | 'error'): void {
  const i = sim.idle.indexOf(c.slot);
  if (i >= 0) sim.idle.splice(i, 1);
  sim.clients--;
  const id = c.id;
  closeConn(sim, c);
  sim.counters.removed++;
  push(sim.heap, sim.now + sim.cfg.rttUs, K.removed, id, reason === 'idle' ? 0 : 1);
}

/** `_pulseQueue`: hand one waiting request an idle client, or a new one if the pool has room. */
export function pulse(sim: Sim): void {
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
