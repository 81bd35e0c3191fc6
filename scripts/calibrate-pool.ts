/**
 * `npm run calibrate:pool`: measure what a new PostgreSQL connection costs next to a query
 * on a connection that is already open, on this machine, for the Connection pooling lab's
 * defaults (src/engine/pool/calibration.ts).
 *
 * Starts a throwaway cluster (scripts/pg-cluster.ts), initialises a small pgbench database
 * (scale 1) and runs `pgbench -S` (one primary-key SELECT per transaction) for a few seconds
 * with one client, over TCP to 127.0.0.1 and over the Unix socket, each without `-C` (one
 * connection held for the whole run) and with `-C` (a new connection per transaction).
 * The difference of the average latencies is the cost of setting a connection up and
 * tearing it down: TCP handshake, startup packet, authentication (trust here), the
 * postmaster forking a backend, backend initialisation, and the Terminate at the end.
 *
 * Then the same comparison through node-postgres, the article's library: a `new Client()`,
 * `connect()`, one SELECT and `end()` per query, against `pool.query()` on a warm Pool of 1,
 * one at a time over TCP (the client's own CPU time is in both).
 *
 *   npm run calibrate:pool [-- --seconds N]
 */
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { findPgBin, startCluster } from './pg-cluster';

const args = process.argv.slice(2);
const seconds = args.includes('--seconds') ? Number(args[args.indexOf('--seconds') + 1]) : 5;
if (!Number.isFinite(seconds) || seconds < 1) {
  console.error('usage: npm run calibrate:pool [-- --seconds N]  (N >= 1)');
  process.exit(2);
}

interface Run {
  readonly transport: 'tcp' | 'unix';
  readonly newConnectionPerTransaction: boolean;
  readonly transactions: number;
  /** pgbench's "latency average", in ms. */
  readonly latencyMs: number;
  /** pgbench's tps (PostgreSQL 15 prints "including connections establishing" only once). */
  readonly tps: number;
}

function pgbench(bin: string, host: string, port: number, extra: string[]): string {
  const r = spawnSync(join(bin, 'pgbench'), ['-h', host, '-p', String(port), '-U', 'postgres', ...extra, 'postgres'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pgbench ${extra.join(' ')} failed: ${r.stderr || r.stdout}`);
  return r.stdout + r.stderr;
}

function parse(out: string): { transactions: number; latencyMs: number; tps: number } {
  const tx = /number of transactions actually processed: (\d+)/.exec(out);
  const lat = /latency average = ([\d.]+) ms/.exec(out);
  const tps = /tps = ([\d.]+)/.exec(out);
  if (!tx || !lat || !tps) throw new Error(`cannot read pgbench output:\n${out}`);
  return { transactions: Number(tx[1]), latencyMs: Number(lat[1]), tps: Number(tps[1]) };
}

const bin = findPgBin();
if (!bin) {
  console.error('PostgreSQL is not installed: apt-get install -y postgresql');
  process.exit(1);
}
const cluster = await startCluster({ max_connections: '20' });
try {
  pgbench(bin, cluster.host, cluster.port, ['-i', '-s', '1', '-q']);
  const runs: Run[] = [];
  for (const transport of ['tcp', 'unix'] as const) {
    const host = transport === 'tcp' ? cluster.host : cluster.dir;
    for (const newConnectionPerTransaction of [false, true]) {
      // A short warm-up so the first fork and cold caches do not count.
      pgbench(bin, host, cluster.port, ['-S', '-n', '-c', '1', '-T', '1', ...(newConnectionPerTransaction ? ['-C'] : [])]);
      const out = pgbench(bin, host, cluster.port, ['-S', '-n', '-c', '1', '-T', String(seconds), ...(newConnectionPerTransaction ? ['-C'] : [])]);
      runs.push({ transport, newConnectionPerTransaction, ...parse(out) });
    }
  }
  const by = (t: Run['transport'], c: boolean) => runs.find((r) => r.transport === t && r.newConnectionPerTransaction === c) as Run;
  const derived = Object.fromEntries(
    (['tcp', 'unix'] as const).map((t) => [
      t,
      {
        queryOnHeldConnectionMs: by(t, false).latencyMs,
        newConnectionPerQueryMs: by(t, true).latencyMs,
        connectionSetupAndTeardownMs: Math.round((by(t, true).latencyMs - by(t, false).latencyMs) * 1000) / 1000,
        ratio: Math.round((by(t, true).latencyMs / by(t, false).latencyMs) * 10) / 10,
      },
    ]),
  );
  // node-postgres, one query at a time for about `seconds` each.
  const conf = { host: cluster.host, port: cluster.port, user: 'postgres', database: 'postgres' };
  const sql = 'SELECT abalance FROM pgbench_accounts WHERE aid = $1';
  const timeLoop = async (f: (i: number) => Promise<unknown>) => {
    for (let i = 0; i < 200; i++) await f(i);
    let n = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < seconds * 1000) await f(n++);
    return { queries: n, latencyMs: Math.round(((performance.now() - t0) / n) * 1000) / 1000 };
  };
  const perQuery = await timeLoop(async (i) => {
    const c = new pg.Client(conf);
    await c.connect();
    await c.query(sql, [1 + (i % 100_000)]);
    await c.end();
  });
  const pool = new pg.Pool({ ...conf, max: 1 });
  const pooled = await timeLoop((i) => pool.query(sql, [1 + (i % 100_000)]));
  await pool.end();
  const nodePostgres = {
    newClientPerQuery: perQuery,
    poolQuery: pooled,
    connectionCostMs: Math.round((perQuery.latencyMs - pooled.latencyMs) * 1000) / 1000,
  };
  const version = spawnSync(join(bin, 'postgres'), ['--version'], { encoding: 'utf8' }).stdout.trim();
  console.log(
    JSON.stringify(
      { measuredAt: new Date().toISOString(), machine: { cpus: cpus().length, model: cpus()[0]?.model }, server: version, seconds, runs, derived, nodePostgres },
      null,
      2,
    ),
  );
} finally {
  cluster.stop();
}
