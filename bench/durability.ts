/**
 * The Durability lab's engine and panels under load:
 * - pgbench-like TPC-B transactions/s on the engine in Node, with events built (as the
 *   worker does for the UI) and without (quiet, as scripts and tests may run it);
 * - crash-recovery replay speed: the redo loop over a 1,000,000-record WAL;
 * - rAF frame times in headless Chromium while a generated busy scenario with 1,024 buffer
 *   frames plays at Max speed, opened through a `#s=` share link (helpers from frames.ts);
 * - beside them, when PostgreSQL is installed, the real thing in the same run (postgres.ts):
 *   pgbench's TPC-B with 1 client, then the redo of that run's WAL after a crash.
 */
import { buildWal, replayWal, runTpcb, setupTpcb } from '../src/engine/durability/bench-workload';
import { require as tsxRequire } from 'tsx/cjs/api';
import { playbackFigures, recordPlayback } from './frames';
import { busyDurabilityScenario } from './scenarios/durability-busy';
import { client, crashAndRedo, pgbenchTps, type Postgres, psql } from './postgres';
import { round } from './stats';
import type { Bench, BenchContext, Figure } from './types';

/**
 * The share-link codec, loaded as CommonJS: under Node's ESM loader `lz-string` (a CommonJS
 * module) has no named exports, which Vite and Vitest paper over but bench/run.ts does not.
 */
const { encodeHash } = tsxRequire('../src/share/codec.ts', import.meta.url) as typeof import('../src/share/codec');

const TPCB_WARMUP = 2_000;
const TPCB_RUN = 20_000;
const TPCB_RUNS = 3;
const WAL_RECORDS = 1_000_000;
const PGBENCH_SECONDS = 5;

/** Transactions per second, best of a few runs on one warm state (the median is in the note). */
function tps(ctx: BenchContext, events: boolean): Figure {
  const state = setupTpcb({ events });
  runTpcb(state, TPCB_WARMUP, 1);
  const rates: number[] = [];
  for (let r = 0; r < TPCB_RUNS; r++) {
    const t0 = performance.now();
    runTpcb(state, TPCB_RUN, 100 + r);
    rates.push((TPCB_RUN / (performance.now() - t0)) * 1000);
  }
  const sorted = [...rates].sort((a, b) => a - b);
  ctx.log(
    `durability: TPC-B events ${events ? 'on' : 'off'}: ${rates.map((r) => Math.round(r)).join(', ')} tx/s; ${state.counters.walRecords.toLocaleString('en')} WAL records`,
  );
  return {
    name: `TPC-B, events ${events ? 'on' : 'off'}`,
    value: Math.round(sorted[sorted.length - 1]),
    unit: 'tx/s',
    target: { op: '>=', value: events ? 20_000 : 50_000 },
    note: `best of ${TPCB_RUNS} × ${TPCB_RUN.toLocaleString('en')} transactions (median ${Math.round(sorted[1])}), 10,000 accounts, 4,096 frames`,
  };
}

function replay(ctx: BenchContext): Figure[] {
  const t0 = performance.now();
  const state = buildWal(WAL_RECORDS);
  const built = performance.now() - t0;
  // The work budget stops a stranger's scenario past 1,000,000 replayed records in a browser tab;
  // this bench replays that many on purpose, so its meter cannot pass the limit.
  state.work.used = Number.NEGATIVE_INFINITY;
  const t1 = performance.now();
  const n = replayWal(state);
  const ms = performance.now() - t1;
  ctx.log(`durability: built a ${n.toLocaleString('en')}-record WAL in ${built.toFixed(0)} ms, replayed it in ${ms.toFixed(0)} ms`);
  return [
    {
      name: `replay ${(WAL_RECORDS / 1e6).toFixed(0)}M records`,
      value: round(ms, 0),
      unit: 'ms',
      target: { op: '<', value: 1000 },
      note: `${n.toLocaleString('en')} records from the REDO point, no events`,
    },
    { name: 'replay speed', value: Math.round((n / ms) * 1000), unit: 'records/s', target: { op: '>=', value: 1_000_000 } },
  ];
}

/**
 * pgbench's default TPC-B-like script (1 client, scale 1) on the run's cluster, from a fresh
 * checkpoint; then a crash and the restart's redo of exactly that run's WAL.
 */
function realFigures(ctx: BenchContext, pg: Postgres): Figure[] {
  client(pg, 'pgbench', [...pg.conn, '-i', '-s', '1', '-q', 'postgres']);
  psql(pg, 'CHECKPOINT');
  const out = client(pg, 'pgbench', [...pg.conn, '-c', '1', '-j', '1', '-T', String(PGBENCH_SECONDS), 'postgres']);
  const tps = pgbenchTps(out);
  ctx.log(`durability: pgbench TPC-B ${tps.toFixed(0)} tps; ${out.split('\n').find((l) => l.startsWith('latency average')) ?? ''}`);
  const redo = crashAndRedo(pg);
  const rate = redo.records / redo.redoSeconds;
  ctx.log(
    `durability: PostgreSQL redo of ${redo.records.toLocaleString('en')} records (${(redo.bytes / 1e6).toFixed(1)} MB, ${redo.from} to ${redo.to}) in ${redo.redoSeconds} s; restart ${redo.restartSeconds.toFixed(2)} s`,
  );
  return [
    {
      name: 'PostgreSQL pgbench TPC-B',
      value: round(tps, 0),
      unit: 'tx/s',
      note: `PostgreSQL ${pg.version}, pgbench's default TPC-B-like script, 1 client, scale 1, ${PGBENCH_SECONDS} s, TCP on 127.0.0.1, fsync and synchronous_commit off`,
    },
    {
      name: 'PostgreSQL redo',
      value: Math.round(rate),
      unit: 'records/s',
      note: `${redo.records.toLocaleString('en')} records (pg_waldump --stats from the checkpoint's REDO point) replayed in ${redo.redoSeconds} s by the server log's "redo done" line, after pg_ctl stop -m immediate; ready ${redo.restartSeconds.toFixed(2)} s after pg_ctl restart`,
    },
  ];
}

const durability: Bench = {
  title: 'Durability lab: TPC-B tx/s (events on/off), 1M-record redo, frame times with 1,024 buffer frames (headless Chromium)',
  async run(ctx) {
    const figures: Figure[] = [tps(ctx, false), tps(ctx, true), ...replay(ctx)];
    const pg = await ctx.postgres();
    if (pg) figures.push(...realFigures(ctx, pg));
    const scenario = busyDurabilityScenario({ frames: 1024, rows: 12, note: 2700, transactions: 300 });
    const hash = encodeHash(scenario, 0);
    ctx.log(
      `durability: busy scenario of ${scenario.steps.length} steps, 20 tables, 1,024 frames; link of ${hash.length.toLocaleString('en')} characters`,
    );
    figures.push(...playbackFigures(ctx, await recordPlayback(ctx, hash), '1,024 frames: '));
    return figures;
  },
};

export default durability;
