import { describe, expect, it } from 'vitest';
import { DEFAULT_AUTH_ROUND_TRIPS, DEFAULT_BACKEND_START_US, DEFAULT_RTT_US } from './calibration';
import { LabDriver } from '../core/driver';
import { applyAction, type RefusedEvent } from '../core/lab';
import { poolLab, type PoolState } from './engine';
import type { Action, Options } from './schema';
import type { PoolEvent } from './types';

/** Init with options, run actions through the kernel (a refusal fails the test), read events and the view. */
function run(options: Options, actions: Action[], seed = 1) {
  const d = new LabDriver(poolLab, options, seed).run(...actions);
  return { d, state: d.state, events: d.log.filter(isPoolEvent), view: d.view() };
}

/** What the pool and its clients did (the traffic a step schedules is left out). */
const isPoolEvent = (e: PoolEvent | RefusedEvent): e is PoolEvent =>
  e.type !== 'action.refused' && e.type !== 'arrivals.scheduled' && e.type !== 'rate.changed' && e.type !== 'clients.changed';

/** A driver with these options, for step-by-step tests. */
const driver = (options: Options, seed = 1) => new LabDriver(poolLab, options, seed);

const fast: Options['costs'] = { rttMs: 0, backendStartMs: 0.1, authRoundTrips: 0 };
const line = (e: PoolEvent) =>
  'conn' in e
    ? `${e.type} c${e.conn}${'req' in e ? ` r${e.req}` : ''}`
    : e.type === 'request.failed'
      ? `failed r${e.req} ${e.code}`
      : e.type;

describe('When a request needs a connection and there is no pool', () => {
  it('pays the calibrated set-up cost: handshake, startup and auth round trips, backend start', () => {
    const { view } = run({ pooled: false }, [
      { type: 'request', serviceMs: 1 },
      { type: 'advance', ms: 10 },
    ]);
    const connectUs = DEFAULT_RTT_US * (1 + DEFAULT_AUTH_ROUND_TRIPS) + DEFAULT_BACKEND_START_US;
    expect(view.connectMs).toBeCloseTo(connectUs / 1000, 6);
    expect(view.main.counters.completed).toBe(1);
    // Latency = connect + round trip + service, within a histogram bin (about 4.4 %).
    const expected = (connectUs + DEFAULT_RTT_US + 1000) / 1000;
    expect(view.main.meanMs).toBeCloseTo(expected, 3);
    expect(view.main.backends).toBe(0);
  });

  it('refuses the connection past max_connections with 53300 and the server message', () => {
    const { events, view } = run({ pooled: false, server: { max_connections: 2 }, costs: fast }, [
      { type: 'burst', count: 3, serviceMs: 5 },
      { type: 'advance', ms: 10 },
    ]);
    const failed = events.filter((e) => e.type === 'request.failed');
    expect(failed).toEqual([{ type: 'request.failed', t: 0.1, req: 3, code: '53300', message: 'sorry, too many clients already' }]);
    expect(view.main.counters.peakBackends).toBe(2);
    expect(view.main.counters.completed).toBe(2);
  });
});

describe('When a connection takes longer than connectionTimeoutMillis without a pool', () => {
  it("fails with pg.Client's own message, not the pool's", () => {
    const { events } = run(
      { pooled: false, pool: { connectionTimeoutMillis: 1 }, costs: { rttMs: 0, backendStartMs: 2, authRoundTrips: 0 } },
      [
        { type: 'request', serviceMs: 1 },
        { type: 'advance', ms: 5 },
      ],
    );
    expect(events).toEqual([{ type: 'request.failed', t: 1, req: 1, code: 'timeout', message: 'timeout expired' }]);
  });
});

describe('When requests share a pool (node-postgres Pool semantics)', () => {
  it('creates clients up to max, queues the rest FIFO, and hands a released client to the oldest waiter', () => {
    const { events } = run({ pool: { max: 2 }, costs: fast }, [
      { type: 'script', arrivals: [0, 1, 2, 3].map((atMs) => ({ atMs, serviceMs: 10 })) },
      { type: 'advance', ms: 40 },
    ]);
    expect(events.map(line)).toEqual([
      'pool.connected c1 r1',
      'pool.acquired c1 r1',
      'pool.connected c2 r2',
      'pool.acquired c2 r2',
      'pool.released c1 r1',
      'pool.acquired c1 r3',
      'pool.released c2 r2',
      'pool.acquired c2 r4',
      'pool.released c1 r3',
      'pool.released c2 r4',
    ]);
  });

  it('reuses the most recently released idle client first (the idle list is a stack)', () => {
    const { events } = run({ pool: { max: 3 }, costs: fast }, [
      {
        type: 'script',
        arrivals: [
          { atMs: 0, serviceMs: 5 },
          { atMs: 1, serviceMs: 5 },
          { atMs: 10, serviceMs: 1 },
        ],
      },
      { type: 'advance', ms: 20 },
    ]);
    expect(events.map(line).slice(-2)).toEqual(['pool.acquired c2 r3', 'pool.released c2 r3']);
  });

  it('rejects a waiter with "timeout exceeded when trying to connect" after connectionTimeoutMillis', () => {
    const { events, view } = run({ pool: { max: 1, connectionTimeoutMillis: 5 }, costs: fast }, [
      {
        type: 'script',
        arrivals: [
          { atMs: 0, serviceMs: 20 },
          { atMs: 1, serviceMs: 1 },
        ],
      },
      { type: 'advance', ms: 30 },
    ]);
    expect(events.find((e) => e.type === 'request.failed')).toMatchObject({
      req: 2,
      t: 6,
      code: 'timeout',
      message: 'timeout exceeded when trying to connect',
    });
    expect(view.main.counters.timedOut).toBe(1);
  });

  it('times out a connection that takes longer than connectionTimeoutMillis to set up, with no pool event', () => {
    const { events } = run({ pool: { max: 2, connectionTimeoutMillis: 1 }, costs: { rttMs: 0, backendStartMs: 2, authRoundTrips: 0 } }, [
      { type: 'request', serviceMs: 1 },
      { type: 'advance', ms: 5 },
    ]);
    expect(events.map(line)).toEqual(['failed r1 timeout']);
    expect(events[0]).toMatchObject({ message: 'Connection terminated due to connection timeout' });
  });

  it('when a waiter times out while a client is connecting for it, the client still joins: connect, acquire, release', () => {
    // max 1, connections take 2.8 ms: r2 queues at 2.9 (deadline 5.9); r1's backend is terminated at
    // 3.5, so r2 gets a new client, ready at 6.3: after its queue deadline, before its connect deadline.
    const { events } = run({ pool: { max: 1, connectionTimeoutMillis: 3 }, costs: { rttMs: 0, backendStartMs: 2.8, authRoundTrips: 0 } }, [
      {
        type: 'script',
        arrivals: [
          { atMs: 0, serviceMs: 10 },
          { atMs: 2.9, serviceMs: 1 },
        ],
      },
      { type: 'advance', ms: 3.5 },
      { type: 'terminate', conn: 1 },
      { type: 'advance', ms: 10 },
    ]);
    expect(events.map(line)).toEqual([
      'pool.connected c1 r1',
      'pool.acquired c1 r1',
      'pool.released c1 r1',
      'failed r1 57P01',
      'pool.removed c1',
      'failed r2 timeout',
      'pool.connected c2 r2',
      'pool.acquired c2 r2',
      'pool.released c2 r2',
    ]);
  });

  it('closes an idle client after idleTimeoutMillis and emits remove; 0 keeps it forever', () => {
    const closes = run({ pool: { max: 2, idleTimeoutMillis: 50 }, costs: fast }, [
      { type: 'request', serviceMs: 1 },
      { type: 'advance', ms: 100 },
    ]);
    expect(closes.events.filter((e) => e.type === 'pool.removed')).toEqual([{ type: 'pool.removed', t: 51.1, conn: 1, reason: 'idle' }]);
    expect(closes.view.main.clients).toBe(0);
    expect(closes.view.main.backends).toBe(0);
    const keeps = run({ pool: { max: 2, idleTimeoutMillis: 0 }, costs: fast }, [
      { type: 'request', serviceMs: 1 },
      { type: 'advance', ms: 100_000 },
    ]);
    expect(keeps.view.main.idle).toBe(1);
  });

  it('closes each idle client idleTimeoutMillis after its own last release, when the oldest left the idle list another way', () => {
    const d = driver({ pool: { max: 3, idleTimeoutMillis: 50 }, costs: fast });
    // Three clients released at 1.1 ms; the newest (c3) is reused at 20 ms and released at 21 ms.
    d.run({ type: 'burst', count: 3, serviceMs: 1 }, { type: 'request', serviceMs: 1, atMs: 20 }, { type: 'advance', ms: 10 });
    // The oldest idle client goes before its timer fires.
    d.run({ type: 'terminate', conn: 1 }, { type: 'advance', ms: 130 });
    const removed = d.log.filter((e) => e.type === 'pool.removed');
    expect(removed).toEqual([
      { type: 'pool.removed', t: 10, conn: 1, reason: 'error' },
      { type: 'pool.removed', t: 51.1, conn: 2, reason: 'idle' },
      { type: 'pool.removed', t: 71, conn: 3, reason: 'idle' },
    ]);
  });

  it('counts every idle timer a release started as one simulated event once the clock passes it, fired or not', () => {
    const d = driver({ pool: { max: 3, idleTimeoutMillis: 50 }, costs: fast });
    // By 10 ms: 3 arrivals, backend starts, ready clients and query ends; their timers are due at 51.1 ms.
    d.run({ type: 'burst', count: 3, serviceMs: 1 }, { type: 'request', serviceMs: 1, atMs: 20 }, { type: 'advance', ms: 10 });
    expect(d.state.main.work.used).toBe(12);
    // By 40 ms: c1's removal and backend exit, the fourth request's arrival and query end.
    d.run({ type: 'terminate', conn: 1 }, { type: 'advance', ms: 30 });
    expect(d.state.main.work.used).toBe(16);
    // By 140 ms: four timers (c1's and c3's first ones no longer apply), c2 and c3 removed and their backends gone.
    d.run({ type: 'advance', ms: 100 });
    expect(d.state.main.work.used).toBe(24);
  });

  it('a client that is never released stays checked out, and once all are leaked every request times out', () => {
    const { view } = run({ pool: { max: 2, connectionTimeoutMillis: 100 }, costs: fast }, [
      { type: 'request', serviceMs: 1, leak: true },
      { type: 'request', serviceMs: 1, leak: true, atMs: 1 },
      { type: 'advance', ms: 5 },
      { type: 'burst', count: 5, serviceMs: 1, overMs: 50 },
      { type: 'advance', ms: 500 },
    ]);
    expect(view.main.leaked).toBe(2);
    expect(view.main.clients).toBe(2);
    expect(view.main.counters.timedOut).toBe(5);
    expect(view.main.lanes.map((l) => l.state)).toEqual(['leaked', 'leaked']);
  });

  it("pg_terminate_backend on an idle client: the pool emits 'error', then 'remove'", () => {
    const { events } = run({ pool: { max: 2 }, costs: fast }, [
      { type: 'request', serviceMs: 1 },
      { type: 'advance', ms: 5 },
      { type: 'terminate', conn: 1 },
      { type: 'advance', ms: 1 },
    ]);
    expect(events.map(line).slice(-2)).toEqual(['pool.errored c1', 'pool.removed c1']);
  });

  it('refuses to terminate a connection that is not open, with a reason', () => {
    const d = driver({});
    expect(d.try({ type: 'terminate', conn: 7 })).toEqual([{ type: 'action.refused', message: 'connection 7 is not open' }]);
  });
});

describe('When the comparison runs the same traffic without a pool', () => {
  it('both sides see the same arrivals, and the pool opens far fewer connections', () => {
    const { view } = run({ pool: { max: 10 }, compare: true }, [
      { type: 'rate', perSecond: 2000, serviceMs: 0.2 },
      { type: 'advance', ms: 500 },
    ]);
    const w = view.withoutPool;
    expect(w).not.toBeNull();
    expect(w?.counters.arrived).toBe(view.main.counters.arrived);
    expect(view.main.counters.arrived).toBeGreaterThan(800);
    expect(w?.counters.opened).toBeGreaterThanOrEqual(view.main.counters.completed - 10);
    expect(view.main.counters.opened).toBeLessThanOrEqual(10);
    expect((view.main.p50 ?? 0) < (w?.p50 ?? 0)).toBe(true);
  });
});

describe('When the same scenario runs twice', () => {
  it('the same seed gives the same run and another seed a different one', () => {
    const actions: Action[] = [
      { type: 'rate', perSecond: 500, serviceMs: 2, distribution: 'exponential' },
      { type: 'advance', ms: 200 },
    ];
    const a = run({ compare: true }, actions, 7).view;
    const b = run({ compare: true }, actions, 7).view;
    const c = run({ compare: true }, actions, 8).view;
    expect(a).toEqual(b);
    expect(c.main.counters.arrived === a.main.counters.arrived && c.main.p99 === a.main.p99).toBe(false);
  });

  it('a snapshot taken with structuredClone replays identically', () => {
    const { state } = driver({ pool: { max: 3 } }, 3).run({ type: 'rate', perSecond: 300, serviceMs: 5 }, { type: 'advance', ms: 50 });
    const copy = structuredClone(state) as PoolState;
    applyAction(poolLab, state, { type: 'advance', ms: 100 });
    applyAction(poolLab, copy, { type: 'advance', ms: 100 });
    expect(poolLab.view(copy)).toEqual(poolLab.view(state));
  });
});

describe('When a step runs to the next pool event', () => {
  it('stops at the first event a reader would notice, and at the horizon when there is none', () => {
    const d = driver({ pool: { max: 1, idleTimeoutMillis: 30 }, costs: fast }, 1).run({ type: 'request', serviceMs: 5 });
    const next = (maxMs?: number) => d.run(maxMs === undefined ? { type: 'next' } : { type: 'next', maxMs }).events.filter(isPoolEvent);
    const state = d.state;
    expect(next().map(line)).toEqual(['pool.connected c1 r1', 'pool.acquired c1 r1']);
    expect(state.main.now).toBe(100);
    expect(next().map(line)).toEqual(['pool.released c1 r1']);
    expect(next().map(line)).toEqual(['pool.removed c1']);
    expect(state.main.now).toBe(35_100);
    expect(next(50)).toEqual([]);
    expect(state.main.now).toBe(85_100);
  });
});

describe('When a scenario has bad values', () => {
  it('names the field and the problem instead of running', async () => {
    const { parseScenario } = await import('../scenario/schema');
    const base = { v: 1, lab: 'pool', title: 't', seed: 1, options: {}, steps: [] };
    expect(() => parseScenario({ ...base, options: { pool: { max: 0 } } })).toThrow(/options\.pool\.max/);
    expect(() => parseScenario({ ...base, steps: [{ do: { type: 'burst', count: -3, serviceMs: 1 } }] })).toThrow(/steps\.0\.do\.count/);
    expect(() => parseScenario({ ...base, options: { server: { maxConnections: 5 } } })).toThrow(/maxConnections/);
  });
});
