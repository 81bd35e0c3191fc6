/**
 * The Connection pooling engine's speed: simulated requests per second of wall time, with
 * 10,000 closed-loop application clients (send, wait for the answer, think 100 ms, send
 * again) through a pool of 100 on a server with max_connections 100, and the same clients
 * without a pool (a connection per request, so about 3× the simulated events per request).
 * Runs through the kernel's applyAction (the lab's step) as the worker and the headless runner do, events included.
 */
import { applyAction } from '../src/engine/core/lab';
import { poolLab } from '../src/engine/pool/engine';
import type { Options } from '../src/engine/pool/schema';
import type { Bench, BenchContext, Figure } from './types';

const CLIENTS = 10_000;
const SIM_SECONDS = 5;
const RUNS = 3;

function measure(ctx: BenchContext, options: Options, label: string, targeted: boolean): Figure {
  const rates: number[] = [];
  let requests = 0;
  for (let run = 0; run < RUNS; run++) {
    const { state } = poolLab.init(options, 1 + run);
    applyAction(poolLab, state, { type: 'clients', count: CLIENTS, thinkMs: 100, serviceMs: 1, distribution: 'exponential' });
    const t0 = performance.now();
    // 100 ms per step, as a scenario would advance it. The work budget keeps a stranger's scenario
    // from stalling a browser tab; the bench runs past it on purpose, so its meter restarts each step.
    for (let i = 0; i < SIM_SECONDS * 10; i++) {
      state.main.work.used = 0;
      applyAction(poolLab, state, { type: 'advance', ms: 100 });
    }
    const ms = performance.now() - t0;
    requests = state.main.counters.completed + state.main.counters.timedOut + state.main.counters.refused;
    rates.push((requests / ms) * 1000);
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
    note: `best of ${RUNS} (median ${Math.round(sorted[1]).toLocaleString('en')}); ${requests.toLocaleString('en')} requests in ${SIM_SECONDS} simulated seconds, think 100 ms, queries 1 ms`,
  };
}

const pool: Bench = {
  title: 'Connection pooling engine: simulated requests per second of wall time, 10,000 application clients',
  async run(ctx) {
    return [
      measure(ctx, { pool: { max: 100 }, server: { max_connections: 100 } }, 'pool of 100', true),
      // Informative: three simulated events per request instead of two.
      measure(ctx, { pooled: false, server: { max_connections: 100_000 } }, 'no pool', false),
    ];
  },
};

export default pool;
