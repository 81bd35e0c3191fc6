/**
 * The pool engine's arrival script on the real thing: node-postgres' Pool (the `pg` package, the
 * pg-pool the engine reads) against the run's PostgreSQL. Closed-loop application clients: each
 * starts after a uniform delay within one think time, sends its query, waits for the answer,
 * thinks for an exponential time and sends again (the engine's `clients` action with
 * `distribution: 'exponential'`); the query is `SELECT pg_sleep(<service>)`.
 */
import { createRequire } from 'node:module';
import pg from 'pg';
import type { Postgres } from './postgres';

/** The `pg` package's version, for the notes. */
export const PG_VERSION = (createRequire(import.meta.url)('pg/package.json') as { version: string }).version;

export interface ClosedLoop {
  readonly clients: number;
  readonly thinkMs: number;
  readonly serviceMs: number;
  /** Pool size (node-postgres' max). */
  readonly max: number;
  /** How long it runs, in wall seconds (the engine runs the same span of simulated time). */
  readonly seconds: number;
}

export interface RealPoolRun {
  /** Requests answered per wall second over the run. */
  readonly rate: number;
  readonly completed: number;
  readonly failed: number;
  /** Mean time from sending to the answer, in ms (waiting for a client included). */
  readonly meanMs: number;
}

/** A seeded xorshift in [0, 1): the think times are reproducible, like the engine's. */
function uniform(seed: number): () => number {
  let x = seed | 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function realPoolRate(server: Postgres, script: ClosedLoop, seed = 1): Promise<RealPoolRun> {
  const { cluster } = server;
  const pool = new pg.Pool({ host: cluster.host, port: cluster.port, user: cluster.user, database: 'postgres', max: script.max });
  const rnd = uniform(seed);
  const sql = `SELECT pg_sleep(${script.serviceMs / 1000})`;
  let completed = 0;
  let failed = 0;
  let latencySum = 0;
  let stopped = false;
  const t0 = performance.now();
  const deadline = t0 + script.seconds * 1000;
  const client = async () => {
    await sleep(rnd() * script.thinkMs);
    while (!stopped && performance.now() < deadline) {
      const sent = performance.now();
      try {
        await pool.query(sql);
        if (performance.now() <= deadline) {
          completed++;
          latencySum += performance.now() - sent;
        }
      } catch {
        failed++;
      }
      await sleep(-Math.log(1 - rnd()) * script.thinkMs);
    }
  };
  try {
    const clients = Array.from({ length: script.clients }, client);
    await sleep(script.seconds * 1000);
    stopped = true;
    await Promise.all(clients);
  } finally {
    await pool.end();
  }
  return { rate: completed / script.seconds, completed, failed, meanMs: completed > 0 ? latencySum / completed : 0 };
}
