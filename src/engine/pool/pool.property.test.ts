import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LabDriver } from '../core/driver';
import { poolLab } from './engine';
import type { Action, Options } from './schema';
import { ConnState, type PoolEvent, ReqState, type Sim } from './types';

const SEED = 20261124;

const optionsArb: fc.Arbitrary<Options> = fc.record({
  pooled: fc.boolean(),
  pool: fc.record({
    max: fc.integer({ min: 1, max: 5 }),
    connectionTimeoutMillis: fc.integer({ min: 0, max: 20 }),
    idleTimeoutMillis: fc.integer({ min: 0, max: 30 }),
  }),
  server: fc.record({ max_connections: fc.integer({ min: 1, max: 8 }) }),
  costs: fc.record({
    rttMs: fc.constantFrom(0, 0.05, 0.5),
    backendStartMs: fc.constantFrom(0, 0.3, 2, 6),
    authRoundTrips: fc.integer({ min: 0, max: 3 }),
  }),
});

const arrivalsArb = fc.array(
  fc.record({
    atMs: fc.integer({ min: 0, max: 400 }).map((n) => n / 10),
    serviceMs: fc.integer({ min: 0, max: 200 }).map((n) => n / 10),
    leak: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
  }),
  { minLength: 1, maxLength: 30 },
);

/** The invariants that hold after every event; each failure is a sentence. */
function invariants(sim: Sim): string[] {
  const bad: string[] = [];
  const open = sim.conns.filter((c) => c !== null);
  if (sim.cfg.pooled && sim.clients > sim.cfg.max) bad.push(`${sim.clients} clients > max ${sim.cfg.max}`);
  if (sim.cfg.pooled && sim.clients !== open.length) bad.push(`clients ${sim.clients} but ${open.length} open connections`);
  if (sim.backends > sim.cfg.maxConnections) bad.push(`${sim.backends} backends > max_connections`);
  const holders = new Map<number, number>();
  for (const c of open) {
    if ((c.state === ConnState.busy || c.state === ConnState.connecting) && c.req >= 0) {
      const r = sim.reqs[c.req];
      if (!r) bad.push(`connection ${c.id} serves a freed request`);
      else if (r.conn !== c.slot && !r.timedOut) bad.push(`request ${r.id} does not point back at connection ${c.id}`);
      if (r) holders.set(r.id, (holders.get(r.id) ?? 0) + 1);
    }
  }
  for (const [req, n] of holders) if (n > 1) bad.push(`request ${req} holds ${n} connections`);
  for (const slot of sim.idle)
    if (sim.conns[slot]?.state !== ConnState.idle) bad.push(`idle list holds a connection in state ${sim.conns[slot]?.state}`);
  let waiting = 0;
  for (let i = sim.pendingHead; i < sim.pending.length; i += 2) {
    const r = sim.reqs[sim.pending[i]];
    if (r && r.id === sim.pending[i + 1] && r.state === ReqState.waiting) waiting++;
  }
  if (waiting !== sim.waiting) bad.push(`waiting counter ${sim.waiting}, queue holds ${waiting}`);
  if (sim.waiting > 0 && sim.cfg.pooled && sim.idle.length > 0) bad.push('a request waits while a client is idle');
  const live = sim.reqs.filter((r) => r !== null && r.state !== ReqState.done && r.state !== ReqState.failed && !r.timedOut).length;
  const c = sim.counters;
  if (c.arrived !== c.completed + c.timedOut + c.refused + c.failed + live)
    bad.push(`arrived ${c.arrived} ≠ finished + in flight ${c.completed + c.timedOut + c.refused + c.failed + live}`);
  return bad;
}

/** From the event log: a client is acquired only when no request holds it, and released only by its holder. */
function handOver(events: readonly PoolEvent[]): string[] {
  const holder = new Map<number, number>();
  const bad: string[] = [];
  for (const e of events) {
    if (e.type === 'pool.acquired') {
      if (holder.has(e.conn))
        bad.push(`t=${e.t}: connection ${e.conn} handed to request ${e.req} while request ${holder.get(e.conn)} holds it`);
      holder.set(e.conn, e.req);
    } else if (e.type === 'pool.released') {
      if (holder.get(e.conn) !== e.req) bad.push(`t=${e.t}: connection ${e.conn} released by ${e.req}, held by ${holder.get(e.conn)}`);
      holder.delete(e.conn);
    } else if (e.type === 'pool.removed' && holder.has(e.conn)) bad.push(`t=${e.t}: connection ${e.conn} removed while held`);
  }
  return bad;
}

describe(`When random traffic runs through the pool (fast-check, seed ${SEED})`, () => {
  it('the pool never hands one connection to two requests, never exceeds max or max_connections, and every request ends', () => {
    fc.assert(
      fc.property(optionsArb, arrivalsArb, fc.array(fc.integer({ min: 1, max: 6 }), { maxLength: 3 }), (options, arrivals, kills) => {
        const d = new LabDriver(poolLab, options, 1);
        const state = d.state;
        const events: PoolEvent[] = [];
        const step = (a: Action) => d.try(a).filter((e): e is PoolEvent => e.type !== 'action.refused');
        events.push(...step({ type: 'script', arrivals }));
        for (let i = 0; i < 120; i++) {
          events.push(...step({ type: 'advance', ms: 0.5 }));
          // A kill of a connection that is not open (or still connecting) is refused; the others count.
          if (i % 40 === 20) for (const k of kills) events.push(...step({ type: 'terminate', conn: k }));
          const bad = invariants(state.main);
          if (bad.length) throw new Error(`at ${state.main.now} µs: ${bad.join('; ')}`);
        }
        events.push(...step({ type: 'advance', ms: 10_000 }));
        expect(handOver(events)).toEqual([]);
        expect(invariants(state.main)).toEqual([]);
        const c = state.main.counters;
        // Nothing is left in flight: each request completed (leaked ones included) or failed;
        // except behind leaked clients with no connectionTimeoutMillis, where waiting forever is the point.
        const leaks = arrivals.some((a) => a.leak);
        if (!leaks || !options.pooled || options.pool?.connectionTimeoutMillis) {
          expect(c.completed + c.timedOut + c.refused + c.failed).toBe(c.arrived);
          expect(state.main.waiting).toBe(0);
        }
        // Without a leak, every backend is gone once idle clients time out (or none were kept).
        if (!leaks && (!options.pooled || options.pool?.idleTimeoutMillis)) expect(state.main.backends).toBe(0);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
