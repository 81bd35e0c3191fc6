/**
 * The Transactions lab's engine against the server it teaches, side by side in one run: primary-key
 * SELECTs per second on the engine (in Node, one session; the statements differ only in their key,
 * so they share one parse, as a prepared statement does) and PostgreSQL 15's own `pgbench -S`
 * (select-only, one client, prepared statements, over TCP on 127.0.0.1) on a throwaway cluster with
 * the same 100,000-row accounts table (scale 1). The target: the simulator at least ten times the
 * server's rate. The engine's timed runs follow 5,000 untimed SELECTs on the same state, as
 * pgbench's figure leaves out connecting; every step keeps its events, results and history.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { applyAction } from '../src/engine/core/lab';
import { loadSqlParser } from '../src/engine/sql/pg';
import { transactions } from '../src/engine/transactions/engine';
import { findPgBin, startCluster } from '../scripts/pg-cluster';
import { median, round } from './stats';
import type { Bench } from './types';

/** pgbench's scale 1: 100,000 accounts. */
const ROWS = 100_000;
const SELECTS = 20_000;
/** A run stops early after this long, so a slow engine still gives a figure in reasonable time. */
const RUN_MS = 5_000;
const RUNS = 3;
/** Untimed SELECTs first, as pgbench's figure leaves out connecting: the JIT compiles the path. */
const WARMUP = 5_000;
const PGBENCH_SECONDS = 5;

type TxnState = ReturnType<typeof transactions.init>['state'];

/** A session over pgbench's accounts table (scale 1). */
function accounts(): TxnState {
  const values = Array.from({ length: ROWS }, (_, i) => `(${i + 1}, 0)`).join(', ');
  const setup = `CREATE TABLE pgbench_accounts (aid int PRIMARY KEY, abalance int); INSERT INTO pgbench_accounts VALUES ${values};`;
  return transactions.init({ sessions: ['s1'], setup: [setup] }, 1).state;
}

/**
 * Engine: SELECTs per second by primary key over keys spread through the table, each a step
 * through the kernel with its events, results, history and schedule row (`first`: where the
 * sequence of keys starts, so runs on one state read other keys).
 */
function engineRate(state: TxnState, first: number, count = SELECTS): { wall: number; cpu: number } {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let n = 0;
  while (n < count && performance.now() - t0 < RUN_MS) {
    const aid = (((first + n) * 7919) % ROWS) + 1;
    applyAction(transactions, state, { type: 'step', session: 's1', sql: `SELECT abalance FROM pgbench_accounts WHERE aid = ${aid}` });
    n++;
  }
  const c = process.cpuUsage(c0);
  return { wall: n / ((performance.now() - t0) / 1000), cpu: n / ((c.user + c.system) / 1e6) };
}

/** pgbench -S on a fresh scale-1 database: its own "tps" line, one statement per transaction. */
async function pgbenchRate(log: (m: string) => void): Promise<number> {
  const bin = findPgBin();
  if (!bin) throw new Error('PostgreSQL 15 is not installed (apt-get install -y postgresql): pgbench is needed for this comparison.');
  const cluster = await startCluster();
  try {
    const conn = ['-h', cluster.host, '-p', String(cluster.port), '-U', cluster.user];
    execFileSync(join(bin, 'pgbench'), [...conn, '-i', '-s', '1', '-q', 'postgres'], { stdio: 'pipe' });
    const out = execFileSync(
      join(bin, 'pgbench'),
      [...conn, '-S', '-M', 'prepared', '-c', '1', '-j', '1', '-T', String(PGBENCH_SECONDS), 'postgres'],
      {
        encoding: 'utf8',
      },
    );
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(out);
    if (!tps) throw new Error(`pgbench printed no tps line:\n${out}`);
    log(`pgbench -S: ${out.split('\n').find((l) => l.startsWith('latency average')) ?? ''}`);
    return Number(tps[1]);
  } finally {
    cluster.stop();
  }
}

const txnPgbench: Bench = {
  title: "Transactions lab: primary-key SELECTs per second, the engine against PostgreSQL's pgbench -S",
  async run(ctx) {
    await loadSqlParser();
    const state = accounts();
    engineRate(state, 0, WARMUP);
    const runs = Array.from({ length: RUNS }, (_, r) => engineRate(state, WARMUP + r * SELECTS));
    const engine = runs.map((x) => x.wall);
    const cpu = runs.map((x) => x.cpu);
    const server = await pgbenchRate(ctx.log);
    ctx.log(
      `txn-pgbench: engine ${engine.map((x) => x.toFixed(0)).join(', ')} SELECT/s (${cpu.map((x) => x.toFixed(0)).join(', ')} per CPU second); pgbench -S ${server.toFixed(0)} tps`,
    );
    return [
      {
        name: 'engine primary-key SELECT/s',
        value: round(median(engine), 0),
        unit: 'stmt/s',
        target: { op: '>=', value: round(server * 10, 0) },
        note: `median of ${RUNS} runs of up to ${SELECTS.toLocaleString('en')} SELECTs (${RUN_MS / 1000} s at most) on ${ROWS.toLocaleString('en')} rows after ${WARMUP.toLocaleString('en')} untimed ones, events on; the target is 10× pgbench -S measured in this run`,
      },
      {
        name: 'engine primary-key SELECT per CPU second',
        value: round(median(cpu), 0),
        unit: 'stmt/s',
        note: "the same runs over the process's CPU time (user + system) rather than wall time: on a shared machine the wall-time rate also counts the time spent waiting for a core",
      },
      {
        name: 'PostgreSQL pgbench -S',
        value: round(server, 0),
        unit: 'tps',
        note: `1 client, -M prepared, ${PGBENCH_SECONDS} s, scale 1, TCP on 127.0.0.1`,
      },
    ];
  },
};

export default txnPgbench;
