import { type BaseState, defineLab, type Suggestion } from '../core/lab';
import { refuse } from '../core/refusal';
import { ensureBudget } from './budget';
import { schema } from './schema';
import { seedRng } from '../core/rng';
import { DEFAULT_AUTH_ROUND_TRIPS, DEFAULT_BACKEND_START_US, DEFAULT_RTT_US } from './calibration';
import { check } from './check';
import type { Action, Options } from './schema';
import { createSim, runToNext, runUntil, schedule, setClients, setRate, terminate } from './sim';
import { describe, label } from './text';
import { type PoolEvent, type Sim, type SimConfig } from './types';
import { type PoolView, simView } from './view';

/** The lab's state: the simulation with the scenario's settings and, for the comparison, the same arrivals without a pool. */
export interface PoolState extends BaseState {
  main: Sim;
  withoutPool: Sim | null;
  windowUs: number;
}

const us = (ms: number) => Math.round(ms * 1000);

/** node-postgres' defaults for what the options leave out. */
function simConfig(options: Options, pooled: boolean): SimConfig {
  return {
    pooled,
    max: options.pool?.max ?? 10,
    idleTimeoutUs: us(options.pool?.idleTimeoutMillis ?? 10_000),
    connectionTimeoutUs: us(options.pool?.connectionTimeoutMillis ?? 0),
    maxConnections: options.server?.max_connections ?? 100,
    rttUs: options.costs?.rttMs === undefined ? DEFAULT_RTT_US : us(options.costs.rttMs),
    authRoundTrips: options.costs?.authRoundTrips ?? DEFAULT_AUTH_ROUND_TRIPS,
    backendStartUs: options.costs?.backendStartMs === undefined ? DEFAULT_BACKEND_START_US : us(options.costs.backendStartMs),
    lanes: options.lanes ?? 16,
    windowUs: us(options.windowMs ?? 1000),
  };
}

/** Apply one action to one simulation; returns a refusal reason, or null. */
function apply(sim: Sim, a: Action): string | null {
  switch (a.type) {
    case 'advance':
      runUntil(sim, sim.now + us(a.ms));
      return null;
    case 'next':
      runToNext(sim, us(a.maxMs ?? 60_000));
      return null;
    case 'rate':
      setRate(sim, a.perSecond, us(a.serviceMs), a.distribution === 'exponential');
      return null;
    case 'burst': {
      const over = us(a.overMs ?? 0);
      for (let i = 0; i < a.count; i++) schedule(sim, Math.round((over * i) / a.count), us(a.serviceMs), false);
      return null;
    }
    case 'request':
      schedule(sim, us(a.atMs ?? 0), us(a.serviceMs), a.leak === true);
      return null;
    case 'script':
      for (const r of a.arrivals) schedule(sim, us(r.atMs), us(r.serviceMs), r.leak === true);
      return null;
    case 'clients':
      setClients(sim, a.count, us(a.thinkMs), us(a.serviceMs), a.distribution === 'exponential');
      return null;
    case 'terminate':
      return terminate(sim, a.conn);
  }
}

/** Traffic actions schedule arrivals without running them: run what lands at this very instant. */
const SCHEDULES = new Set<Action['type']>(['burst', 'request', 'script', 'rate', 'clients']);

/** One action on one simulation: its events, or why it does not apply there. */
function stepSim(sim: Sim, a: Action): { events: PoolEvent[]; refusal: string | null } {
  ensureBudget(sim, a);
  sim.log = [];
  sim.dropped = 0;
  sim.droppedTypes = {};
  const refusal = apply(sim, a);
  if (refusal) return { events: [], refusal };
  if (SCHEDULES.has(a.type)) runUntil(sim, sim.now);
  const events = sim.log;
  if (sim.dropped > 0) events.push({ type: 'events.dropped', count: sim.dropped, byType: sim.droppedTypes });
  sim.log = [];
  sim.droppedTypes = {};
  return { events, refusal: null };
}

export const poolLab = defineLab({
  schema,
  init(options, seed) {
    const bucketUs = us(options.bucketMs ?? 100);
    const pooled = options.pooled ?? true;
    const main = createSim(simConfig(options, pooled), seed, bucketUs);
    const withoutPool = options.compare && pooled ? createSim(simConfig(options, false), seed, bucketUs) : null;
    return { state: { clock: 0, rng: seedRng(seed), main, withoutPool, windowUs: us(options.windowMs ?? 1000) }, events: [] };
  },
  step(state, action) {
    const { events, refusal } = stepSim(state.main, action);
    // The same action on the same seed gives the comparison the same open-loop arrivals;
    // the comparison runs it even when the pooled side refuses it (a connection id names
    // a different client there), so both stay in step.
    if (state.withoutPool) stepSim(state.withoutPool, action);
    if (refusal) refuse(refusal);
    return events;
  },
  view(state): PoolView {
    const cfg = state.main.cfg;
    return {
      now: state.main.now / 1000,
      windowMs: state.windowUs / 1000,
      bucketMs: state.main.history.bucketUs / 1000,
      connectMs: (cfg.rttUs * (1 + cfg.authRoundTrips) + cfg.backendStartUs) / 1000,
      rttMs: cfg.rttUs / 1000,
      authRoundTrips: cfg.authRoundTrips,
      backendStartMs: cfg.backendStartUs / 1000,
      idleTimeoutMillis: cfg.idleTimeoutUs / 1000,
      connectionTimeoutMillis: cfg.connectionTimeoutUs / 1000,
      main: simView(state.main, state.windowUs),
      withoutPool: state.withoutPool ? simView(state.withoutPool, state.windowUs) : null,
    };
  },
  describe,
  label,
  suggest(state): Suggestion<Action>[] {
    const s: Suggestion<Action>[] = [
      { label: '+100 ms', action: { type: 'advance', ms: 100 } },
      { label: 'to the next pool event', action: { type: 'next' } },
      { label: 'a burst of 20 requests of 5 ms', action: { type: 'burst', count: 20, serviceMs: 5 } },
      { label: 'a request that is never released', action: { type: 'request', serviceMs: 5, leak: true } },
    ];
    const idle = state.main.conns.find((c) => c !== null && c.state === 2);
    if (idle) s.push({ label: `pg_terminate_backend(connection ${idle.id})`, action: { type: 'terminate', conn: idle.id } });
    return s;
  },
  check(state, expected) {
    return check(simView(state.main, state.windowUs), state.withoutPool ? simView(state.withoutPool, state.windowUs) : null, expected);
  },
  summarize(state) {
    const one = (sim: Sim) => {
      const v = simView(sim, state.windowUs);
      return {
        pooled: v.pooled,
        ...v.counters,
        latencySumUs: undefined,
        waitSumUs: undefined,
        meanWaitMs: v.counters.completed > 0 ? Math.round(v.counters.waitSumUs / v.counters.completed) / 1000 : null,
        p50Ms: v.p50,
        p95Ms: v.p95,
        p99Ms: v.p99,
        meanMs: v.meanMs,
        now: { clients: v.clients, idle: v.idle, busy: v.busy, leaked: v.leaked, waiting: v.waiting, backends: v.backends },
      };
    };
    return {
      timeMs: state.main.now / 1000,
      ...one(state.main),
      ...(state.withoutPool ? { withoutPool: one(state.withoutPool) } : {}),
    };
  },
});
