/**
 * The Two-phase commit lab's engine under load, in Node: a coordinator and 5 participants run
 * 10,000 global transactions (a write on every participant, then PREPARE, votes, the forced
 * COMMIT record, COMMIT PREPARED, answers, END), events off as scripts run it and on as the
 * worker does for the UI. A second figure runs them 50 at a time on 100 accounts per
 * participant, so row locks, waits and timeouts are part of the cost.
 */
import { applyAction } from '../src/engine/core/lab';
import { twopcLab } from '../src/engine/two-phase-commit/engine';
import type { Action, Options, State } from '../src/engine/two-phase-commit/types';
import { round } from './stats';
import type { Bench, BenchContext, Figure } from './types';

const PARTICIPANTS = 5;
const TRANSACTIONS = 10_000;
const RUNS = 3;

function options(accounts: number, quiet: boolean): Options {
  const rows: Record<string, number> = {};
  for (let i = 0; i < accounts; i++) rows[`acct${i}`] = 1_000_000;
  return {
    participants: Array.from({ length: PARTICIPANTS }, (_, i) => ({ name: `db${i + 1}`, rows, max_prepared_transactions: 100 })),
    latency: { min: 1, max: 5 },
    timeout: 200,
    quiet,
  };
}

/** A small seeded generator for the workload's keys (the engine has its own, inside its state). */
function keys(seed: number, accounts: number): () => string {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return `acct${(x >>> 0) % accounts}`;
  };
}

/** One action through the kernel, as on the timeline (no event log kept); a refusal is a broken workload. */
function run(state: State, action: Action): void {
  // The work budget keeps a stranger's scenario from stalling a browser tab: 200,000 network events
  // in all. This workload sends about 300,000 on purpose, so the meter starts afresh at each action.
  state.work.used = 0;
  const events = applyAction(twopcLab, state, action);
  const last = events[events.length - 1];
  if (last?.type === 'action.refused') throw new Error(`${twopcLab.label(action)}: ${last.message}`);
}

/** Run `TRANSACTIONS` global transactions, `batch` at a time; returns the elapsed ms and what happened. */
export function workload(seed: number, batch: number, accounts: number, quiet: boolean) {
  const { state } = twopcLab.init(options(accounts, quiet), seed);
  const key = keys(seed, accounts);
  const t0 = performance.now();
  for (let n = 0; n < TRANSACTIONS; n += batch) {
    for (let i = n; i < Math.min(TRANSACTIONS, n + batch); i++) {
      const writes = Array.from({ length: PARTICIPANTS }, (_, p) => ({ node: `db${p + 1}`, key: key(), add: p === 0 ? -1 : 1 }));
      run(state, { type: 'begin', gid: `g${i}`, writes });
    }
    for (let i = n; i < Math.min(TRANSACTIONS, n + batch); i++) run(state, { type: 'commit', gid: `g${i}` });
    run(state, { type: 'run' });
  }
  const ms = performance.now() - t0;
  return {
    ms,
    stats: state.stats,
    violations: state.violations.length,
    walRecords: state.parts.reduce((s, p) => s + p.wal.inserted, 0) + state.coord.wal.inserted,
  };
}

function figure(ctx: BenchContext, name: string, batch: number, accounts: number, quiet: boolean, target: number): Figure {
  const times: number[] = [];
  let last: ReturnType<typeof workload> | null = null;
  for (let r = 0; r < RUNS; r++) {
    last = workload(1 + r, batch, accounts, quiet);
    times.push(last.ms);
  }
  const best = Math.min(...times);
  const s = last!.stats;
  ctx.log(
    `twopc: ${name}: ${times.map((t) => Math.round(t)).join(', ')} ms; ${s.committed.toLocaleString('en')} local commits, ${s.aborted.toLocaleString('en')} rollbacks, ` +
      `${s.messages.toLocaleString('en')} messages, ${s.waits.toLocaleString('en')} lock waits, ${last!.walRecords.toLocaleString('en')} WAL records, ${last!.violations} atomicity violations`,
  );
  return {
    name,
    value: round(best, 0),
    unit: 'ms',
    target: { op: '<', value: target },
    note: `best of ${RUNS}; ${Math.round((TRANSACTIONS / best) * 1000).toLocaleString('en')} global transactions/s; ${s.messages.toLocaleString('en')} messages, ${s.waits} lock waits in the last run`,
  };
}

const twopc: Bench = {
  title: `Two-phase commit lab: ${TRANSACTIONS.toLocaleString('en')} global transactions on ${PARTICIPANTS} participants (engine in Node)`,
  async run(ctx) {
    return [
      figure(ctx, 'one at a time, events off', 1, 1000, true, 2000),
      figure(ctx, 'one at a time, events on', 1, 1000, false, 3000),
      figure(ctx, '50 at a time on 100 accounts, events off', 50, 100, true, 3000),
    ];
  },
};

export default twopc;
