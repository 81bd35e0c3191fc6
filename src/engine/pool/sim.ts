/**
 * The discrete-event simulation of application requests, node-postgres' Pool (pg-pool 3.x,
 * read from node_modules/pg-pool/index.js, in pool.ts) and the server's max_connections, on
 * a clock in µs: creation, the event loop and the traffic.
 */
import { meter } from '../core/budget';
import { seedRng } from '../core/rng';
import { spendEvents, spendEventsAtOnce } from './budget';
import * as heap from './heap';
import * as idleTimers from './idle';
import * as kinds from './kinds';
import * as log from './log';
import * as pool from './pool';
import * as random from './random';
import { createHistory, LAT_BINS, rollHistory } from './stats';
import * as types from './types';
import type { Conn, Sim, SimConfig } from './types';

export { terminate } from './terminate';

// Bound once: module namespaces compiled to CommonJS read through getters, which the hot loop feels.
const { createHeap, peekTime, pop, push } = heap;
const { createIdleTimers, dueTimers, rearmIdleTimer } = idleTimers;
const { K, MSG } = kinds;
const { emit, ms } = log;
const { arrive, backendStarted, connectFailed, fail, live, pulse, queryDone, ready, remove } = pool;
const { draw, withGenerator } = random;
const ConnState = { ...types.ConnState };
const ReqState = { ...types.ReqState };

export function createSim(cfg: SimConfig, seed: number, bucketUs: number, trace = true): Sim {
  return {
    cfg,
    work: meter(),
    now: 0,
    heap: createHeap(256),
    idleTimers: createIdleTimers(),
    rng: seedRng(seed),
    gen: 1,
    reqs: [],
    freeReqs: [],
    spareReqs: [],
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

// ---------------------------------------------------------------- the loop

/** A step of a connection still connecting: its backend starts, the server refuses it, it is ready, or the client gives up. */
function connectStep(sim: Sim, c: Conn, kind: number): void {
  if (kind === K.backendStarted) backendStarted(sim, c);
  else if (kind === K.ready) ready(sim, c);
  else if (kind === K.refused) connectFailed(sim, c, '53300', MSG.tooMany);
  else connectFailed(sim, c, 'timeout', sim.cfg.pooled ? MSG.connectTimeout : MSG.clientTimeout);
}

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
    case K.backendStarted:
    case K.refused:
    case K.ready:
    case K.connectTimeout: {
      // A connection that closed or finished connecting in the meantime ignores the event.
      const c = live(sim, a, b);
      if (c && c.state === ConnState.connecting) connectStep(sim, c, kind);
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
      // The timer of the client that was the oldest idle one when it was armed: it may have been taken since.
      const c = sim.conns[a];
      if (c && c.state === ConnState.idle && c.idleGen === b && sim.clients > 0) remove(sim, c, 'idle');
      return rearmIdleTimer(sim);
    }
    case K.backendExit:
      sim.backends--;
      return;
    case K.removed:
      emit(sim, { type: 'pool.removed', t: ms(sim.now), conn: a, reason: b === 0 ? 'idle' : 'error' });
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
  for (;;) {
    const t = peekTime(h);
    if (t > untilUs) break;
    if (t >= nextBucket) {
      rollHistory(hist, t, { waiting: sim.waiting, backends: sim.backends, clients: sim.clients });
      nextBucket = (hist.current + 1) * hist.bucketUs;
    }
    const rec = pop(h);
    const kind = h.kind[rec];
    // Idle timers are counted below, every one armed, as the clock passes them.
    if (kind !== K.idleTimeout) spendEvents(sim, 1);
    sim.now = t;
    dispatch(sim, kind, h.a[rec], h.b[rec]);
  }
  spendEventsAtOnce(sim, dueTimers(sim.idleTimers, untilUs));
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
  if (sim.trace) sim.log.push({ type: 'rate.changed', t: ms(sim.now), perSecond, serviceMs: ms(serviceUs) });
  if (perSecond > 0) push(sim.heap, sim.now + draw(sim, 'exp', 1e6 / perSecond), K.rateArrival, 0, rate.gen);
}

/** One request arriving `atUs` from now. */
export function schedule(sim: Sim, atUs: number, serviceUs: number, leak: boolean): void {
  // The arrivals an action schedules are one event: scheduling runs before anything else in a step.
  const last = sim.log[sim.log.length - 1];
  if (last?.type === 'arrivals.scheduled') {
    last.count++;
    last.lastAtMs = Math.max(last.lastAtMs, ms(atUs));
    if (leak) last.leaky++;
  } else if (sim.trace) sim.log.push({ type: 'arrivals.scheduled', t: ms(sim.now), count: 1, lastAtMs: ms(atUs), leaky: leak ? 1 : 0 });
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
  if (sim.trace) sim.log.push({ type: 'clients.changed', t: ms(sim.now), count, thinkMs: ms(thinkUs), serviceMs: ms(serviceUs) });
  // Requests already in flight carry their client index; they reschedule only if it is still below count.
  for (let i = 0; i < count; i++) push(sim.heap, sim.now + draw(sim, 'uniform', thinkUs), K.loopArrival, i, loop.gen);
}
