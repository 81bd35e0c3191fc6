/**
 * The Replication lab's engine under load, in Node:
 * - streaming: a primary writing and committing transactions while two standbys receive,
 *   flush and replay the WAL (one asynchronous, one synchronous with remote_apply), with the
 *   events built as the worker builds them, until the WAL holds 1,000,000 records;
 * - a frame: building the view the panels draw at the end of that run (it must not grow with the WAL).
 */
import * as v from 'valibot';
import { applyAction } from '../src/engine/core/lab';
import { replicationLab } from '../src/engine/replication/engine';
import { OptionsSchema } from '../src/engine/replication/schema';
import type { Action, State } from '../src/engine/replication/types';
import { round } from './stats';
import type { Bench, BenchContext, Figure } from './types';

const RECORDS = 1_000_000;
/** Transactions per `advance`: a busy primary, about 10 ms between wake-ups of the walsender. */
const BATCH = 20;

/** One action through the kernel, as on the timeline; returns how many events it built (a refusal is a broken workload). */
function step(state: State, action: Action): number {
  // The work budget keeps a stranger's scenario from stalling a browser tab; the bench runs past it on purpose.
  state.work.used = 0;
  const events = applyAction(replicationLab, state, action);
  const last = events[events.length - 1];
  if (last?.type === 'action.refused') throw new Error(`${replicationLab.label(action)}: ${last.message}`);
  return events.length;
}

function stream(ctx: BenchContext, sync: boolean): { figures: Figure[]; state: State } {
  const options = v.parse(OptionsSchema, {
    standbys: ['s1', 's2'],
    synchronous_standby_names: sync ? ['s1'] : [],
    synchronous_commit: sync ? 'remote_apply' : 'on',
    latency: { min: 1, max: 3 },
    rows: { a: 0, b: 0, c: 0 },
  });
  const { state } = replicationLab.init(options, 42);
  const p = state.nodes.primary;
  const keys = ['a', 'b', 'c'];
  let tx = 0;
  let events = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  while (p.wal.length < RECORDS) {
    for (let i = 0; i < BATCH; i++) {
      const name = `T${tx}`;
      // Keys rotate so that a transaction never waits on the row lock of one still waiting for the standby.
      events += step(state, { type: 'write', tx: name, key: keys[tx % 3], value: tx });
      events += step(state, { type: 'commit', tx: name });
      tx++;
      if (sync) events += step(state, { type: 'advance', ms: 4 });
    }
    if (!sync) events += step(state, { type: 'advance', ms: 10 });
  }
  events += step(state, { type: 'advance', ms: 100 });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const s1 = state.nodes.s1;
  const s2 = state.nodes.s2;
  if (s1.replayLsn !== p.flushLsn || s2.replayLsn !== p.flushLsn) throw new Error('the standbys did not catch up');
  const label = sync ? 'remote_apply to s1' : 'asynchronous';
  ctx.log(
    `replication: ${label}: ${p.wal.length.toLocaleString('en')} WAL records (${tx.toLocaleString('en')} transactions, ${events.toLocaleString('en')} events) streamed and replayed on 2 standbys in ${ms.toFixed(0)} ms`,
  );
  return {
    state,
    figures: [
      {
        name: `stream ${RECORDS / 1e6}M records, ${label}`,
        value: Math.round((p.wal.length / ms) * 1000),
        unit: 'records/s',
        target: { op: '>=', value: sync ? 50_000 : 500_000 },
        note: `${tx.toLocaleString('en')} transactions, each record inserted on the primary, sent, flushed and replayed on two standbys, events built; ${round(ms, 0)} ms in all (${Math.round((p.wal.length / (cpu.user + cpu.system)) * 1e6).toLocaleString('en')} records per second of this process's CPU time)`,
      },
    ],
  };
}

const bench: Bench = {
  title: 'Replication lab: streaming 1M WAL records to two standbys, and one frame after it',
  async run(ctx) {
    const asyncRun = stream(ctx, false);
    const syncRun = stream(ctx, true);
    const t0 = performance.now();
    const view = replicationLab.view(syncRun.state);
    const viewMs = performance.now() - t0;
    const bytes = JSON.stringify(view).length;
    ctx.log(`replication: view after 1M records: ${viewMs.toFixed(2)} ms, ${bytes.toLocaleString('en')} bytes as JSON`);
    return [
      ...asyncRun.figures,
      ...syncRun.figures,
      {
        name: 'view after 1M records',
        value: round(viewMs, 2),
        unit: 'ms',
        target: { op: '<', value: 4 },
        note: `${(bytes / 1024).toFixed(1)} kB as JSON: it does not grow with the WAL`,
      },
    ];
  },
};

export default bench;
