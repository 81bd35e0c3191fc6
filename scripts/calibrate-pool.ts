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
 * Each measurement is the median of `rounds` runs (3 by default), the configurations taking
 * turns so a busy moment on a shared machine does not land on one of them only.
 *
 *   npm run calibrate:pool [-- --seconds N] [--rounds R]
 */
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { findPgBin, startCluster } from './pg-cluster';

const args = process.argv.slice(2);
const seconds = args.includes('--seconds') ? Number(args[args.indexOf('--seconds') + 1]) : 5;
const rounds = args.includes('--rounds') ? Number(args[args.indexOf('--rounds') + 1]) : 3;
if (!Number.isFinite(seconds) || seconds < 1 || !Number.isInteger(rounds) || rounds < 1) {
  console.error('usage: npm run calibrate:pool [-- --seconds N] [--rounds R]  (N >= 1, R >= 1)');
  process.exit(2);
}
/** The median of a few rounds: the machine is shared, and one round can land on a busy moment. */
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Run {
  readonly transport: 'tcp' | 'unix';
  readonly newConnectionPerTransaction: boolean;
  readonly transactions: number;
  /** pgbench's "latency average", in ms. */
  readonly latencyMs: number;
  /** pgbench's tps (PostgreSQL 15 prints "including connections establishing" only once). */
  readonly tps: number;
  /** Each round's latency average, ms. */
  readonly rounds: number[];
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
  const configs = (['tcp', 'unix'] as const).flatMap((transport) =>
    [false, true].map((newConnectionPerTransaction) => ({ transport, newConnectionPerTransaction })),
  );
  const samples = configs.map(() => [] as ReturnType<typeof parse>[]);
  for (let round = 0; round < rounds; round++)
    configs.forEach(({ transport, newConnectionPerTransaction }, i) => {
      const host = transport === 'tcp' ? cluster.host : cluster.dir;
      const c = newConnectionPerTransaction ? ['-C'] : [];
      // A short warm-up so the first fork and cold caches do not count.
      if (round === 0) pgbench(bin, host, cluster.port, ['-S', '-n', '-c', '1', '-T', '1', ...c]);
      samples[i].push(parse(pgbench(bin, host, cluster.port, ['-S', '-n', '-c', '1', '-T', String(seconds), ...c])));
    });
  const runs: Run[] = configs.map((cfg, i) => ({
    ...cfg,
    transactions: median(samples[i].map((x) => x.transactions)),
    latencyMs: median(samples[i].map((x) => x.latencyMs)),
    tps: median(samples[i].map((x) => x.tps)),
    rounds: samples[i].map((x) => x.latencyMs),
  }));
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
    let n = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < seconds * 1000) await f(n++);
    return Math.round(((performance.now() - t0) / n) * 1000) / 1000;
  };
  const perQueryF = async (i: number) => {
    const c = new pg.Client(conf);
    await c.connect();
    await c.query(sql, [1 + (i % 100_000)]);
    await c.end();
  };
  const pool = new pg.Pool({ ...conf, max: 1 });
  const pooledF = (i: number) => pool.query(sql, [1 + (i % 100_000)]);
  for (let i = 0; i < 200; i++) {
    await perQueryF(i);
    await pooledF(i);
  }
  const perQueryRounds: number[] = [];
  const pooledRounds: number[] = [];
  for (let round = 0; round < rounds; round++) {
    perQueryRounds.push(await timeLoop(perQueryF));
    pooledRounds.push(await timeLoop(pooledF));
  }
  await pool.end();
  const perQuery = { latencyMs: median(perQueryRounds), rounds: perQueryRounds };
  const pooled = { latencyMs: median(pooledRounds), rounds: pooledRounds };
  const nodePostgres = {
    newClientPerQuery: perQuery,
    poolQuery: pooled,
    connectionCostMs: Math.round((perQuery.latencyMs - pooled.latencyMs) * 1000) / 1000,
  };
  const version = spawnSync(join(bin, 'postgres'), ['--version'], { encoding: 'utf8' }).stdout.trim();
  console.log(
    JSON.stringify(
      {
        measuredAt: new Date().toISOString(),
        machine: { cpus: cpus().length, model: cpus()[0]?.model },
        server: version,
        seconds,
        rounds,
        runs,
        derived,
        nodePostgres,
      },
      null,
      2,
    ),
  );
} finally {
  cluster.stop();
}
