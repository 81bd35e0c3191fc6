/**
 * The Connection pooling engine's speed: simulated requests per second of wall time, with
 * 10,000 closed-loop application clients (send, wait for the answer, think 100 ms, send
 * again) through a pool of 100 on a server with max_connections 100, and the same clients
 * without a pool (a connection per request, so about 3× the simulated events per request).
 * Runs through the kernel's applyAction (the lab's step) as the worker and the headless runner do, events included.
 *
 * Beside it, when PostgreSQL is installed: node-postgres' own Pool on the same arrival script
 * (real-pool.ts) against the run's cluster, for the same 5 s of wall time. What maps: the clients,
 * their exponential think time and uniform start, the pool's max, the query time (pg_sleep), no
 * connection or idle timeout changes. What does not: the engine's round trip and backend start
 * are calibrated constants, the real ones are this machine's; the real clients, pool and server
 * share its 2 cores; the engine's figure is how fast it simulates, the real one how fast the
 * system serves (at most the offered load, clients ÷ (think + query) ≈ 99,000/s here).
 */
import { applyAction } from '../src/engine/core/lab';
import { poolLab } from '../src/engine/pool/engine';
import type { Options } from '../src/engine/pool/schema';
import { type ClosedLoop, PG_VERSION, realPoolRate } from './real-pool';
import { round } from './stats';
import type { Bench, BenchContext, Figure } from './types';

const CLIENTS = 10_000;
const SIM_SECONDS = 5;
const RUNS = 3;
/** The arrival script, as the engine's `clients` action and node-postgres' side both run it. */
const SCRIPT: ClosedLoop = { clients: CLIENTS, thinkMs: 100, serviceMs: 1, max: 100, seconds: SIM_SECONDS };

function measure(ctx: BenchContext, options: Options, label: string, targeted: boolean): Figure {
  const rates: number[] = [];
  // The process's CPU time too: on a shared machine it says what the wall clock hides.
  const cpuRates: number[] = [];
  let requests = 0;
  for (let run = 0; run < RUNS; run++) {
    const { state } = poolLab.init(options, 1 + run);
    applyAction(poolLab, state, {
      type: 'clients',
      count: SCRIPT.clients,
      thinkMs: SCRIPT.thinkMs,
      serviceMs: SCRIPT.serviceMs,
      distribution: 'exponential',
    });
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    // 100 ms per step, as a scenario would advance it. The work budget keeps a stranger's scenario
    // from stalling a browser tab; the bench runs past it on purpose, so its meter restarts each step.
    for (let i = 0; i < SIM_SECONDS * 10; i++) {
      state.main.work.used = 0;
      applyAction(poolLab, state, { type: 'advance', ms: 100 });
    }
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    requests = state.main.counters.completed + state.main.counters.timedOut + state.main.counters.refused;
    rates.push((requests / ms) * 1000);
    cpuRates.push((requests / (cpu.user + cpu.system)) * 1e6);
  }
  const sorted = [...rates].sort((a, b) => a - b);
  ctx.log(
    `pool: ${label}: ${rates.map((r) => Math.round(r).toLocaleString('en')).join(', ')} simulated requests/s; ${requests.toLocaleString('en')} requests in ${SIM_SECONDS} simulated s`,
  );
  return {
    name: `${label}, 10,000 clients`,
    value: Math.round(sorted[sorted.length - 1]),
    unit: 'requests/s',
    ...(targeted ? { target: { op: '>=', value: 1_000_000 } as const } : {}),
    note: `best of ${RUNS} (median ${Math.round(sorted[1]).toLocaleString('en')}); ${requests.toLocaleString('en')} requests in ${SIM_SECONDS} simulated seconds, think 100 ms, queries 1 ms; best ${Math.round(Math.max(...cpuRates)).toLocaleString('en')} per second of this process's CPU time`,
  };
}

const pool: Bench = {
  title: 'Connection pooling engine: simulated requests per second of wall time, 10,000 application clients',
  async run(ctx) {
    const figures = [
      measure(ctx, { pool: { max: SCRIPT.max }, server: { max_connections: 100 } }, 'pool of 100', true),
      // Informative: three simulated events per request instead of two.
      measure(ctx, { pooled: false, server: { max_connections: 100_000 } }, 'no pool', false),
    ];
    const pg = await ctx.postgres();
    if (pg) {
      const real = await realPoolRate(pg, SCRIPT);
      ctx.log(
        `pool: node-postgres Pool: ${real.completed.toLocaleString('en')} requests answered in ${SCRIPT.seconds} s (${real.failed} failed), mean ${real.meanMs.toFixed(1)} ms from sending to the answer`,
      );
      figures.push({
        name: 'node-postgres Pool, 10,000 clients',
        value: round(real.rate, 0),
        unit: 'requests/s',
        note: `pg ${PG_VERSION}, Pool max ${SCRIPT.max} against PostgreSQL ${pg.version}; SELECT pg_sleep(${SCRIPT.serviceMs / 1000}), think ${SCRIPT.thinkMs} ms exponential, ${SCRIPT.seconds} s of wall time; mean ${real.meanMs.toFixed(1)} ms per request`,
      });
    }
    return figures;
  },
};

export default pool;
