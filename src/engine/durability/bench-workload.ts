import { applyAction } from '../core/lab';
import { durability, initState } from './engine';
import { lowerBound } from '../wal/log';
import { replay } from './recovery';
import { withoutPrimaryKey } from './relation';
import type { Action, KeyedRow, Options, RecoveryReport, State } from './types';

/**
 * Workloads for the benchmark harness (bench/), run straight on the engine. Nothing here
 * reads a clock: the harness times the calls.
 */

export interface TpcbOptions {
  /** pgbench_accounts rows (pgbench -s 1 has 100,000; the default is scale 0.1). */
  readonly accounts?: number;
  /** Build event objects, as the worker does for the UI (default off). */
  readonly events?: boolean;
  /** shared_buffers in frames (default 4096: 32 MB). */
  readonly frames?: number;
  readonly seed?: number;
  /** Extra settings, e.g. `{ synchronous_commit: false }`. */
  readonly settings?: Partial<Options>;
}

/** A tiny xorshift generator: the bench's choices must be cheap and reproducible. */
function xorshift(seed: number): () => number {
  let x = seed | 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

/** The pgbench tables for `accounts` accounts: 10 tellers and 1 branch per 100,000 accounts (at least 1). */
function tpcbTables(accounts: number): Record<string, KeyedRow[]> {
  const branches = Math.max(1, Math.round(accounts / 100_000));
  const filler = ' '.repeat(84);
  return {
    pgbench_branches: Array.from({ length: branches }, (_, i) => ({ key: String(i + 1), values: { bbalance: 0 } })),
    pgbench_tellers: Array.from({ length: branches * 10 }, (_, i) => ({
      key: String(i + 1),
      values: { bid: 1 + Math.floor(i / 10), tbalance: 0 },
    })),
    pgbench_accounts: Array.from({ length: accounts }, (_, i) => ({
      key: String(i + 1),
      values: { bid: 1 + Math.floor(i / 100_000), abalance: 0, filler },
    })),
    pgbench_history: [],
  };
}

/** A fresh engine state with the pgbench tables loaded; pgbench_history has no primary key, as `pgbench -i` makes it. */
export function setupTpcb(opts: TpcbOptions = {}): State {
  const accounts = opts.accounts ?? 10_000;
  const options: Options = { frames: opts.frames ?? 4096, ...opts.settings, tables: tpcbTables(accounts) };
  const state = initState(options, opts.seed ?? 1, !opts.events).state;
  withoutPrimaryKey(state.tables.pgbench_history);
  return state;
}

/**
 * Run n pgbench "TPC-B (sort of)" transactions: update an account, read its balance, update
 * a teller and a branch, insert a history row, commit. Returns the number of events built.
 */
export function runTpcb(state: State, n: number, seed = 1): number {
  const rand = xorshift(seed);
  const accounts = Object.keys(state.tables.pgbench_accounts.pk).length;
  const tellers = Object.keys(state.tables.pgbench_tellers.pk).length;
  const branches = Object.keys(state.tables.pgbench_branches.pk).length;
  const first = Object.keys(state.txns).length;
  let events = 0;
  const step = (a: Action) => {
    events += applyAction(durability, state, a).length;
  };
  for (let i = 0; i < n; i++) {
    const tx = `P${first + i}`;
    const aid = String(1 + (rand() % accounts));
    const tid = String(1 + (rand() % tellers));
    const bid = String(1 + (rand() % branches));
    const delta = (rand() % 10001) - 5000;
    step({ type: 'begin', tx });
    step({ type: 'update', tx, table: 'pgbench_accounts', key: aid, add: { abalance: delta } });
    step({ type: 'read', tx, table: 'pgbench_accounts', key: aid });
    step({ type: 'update', tx, table: 'pgbench_tellers', key: tid, add: { tbalance: delta } });
    step({ type: 'update', tx, table: 'pgbench_branches', key: bid, add: { bbalance: delta } });
    step({
      type: 'insert',
      tx,
      table: 'pgbench_history',
      key: `${first + i}`,
      values: { tid: Number(tid), bid: Number(bid), aid: Number(aid), delta },
    });
    step({ type: 'commit', tx });
  }
  return events;
}

/**
 * A crashed cluster whose WAL holds at least `records` records after the REDO point
 * (TPC-B, five records a transaction, no checkpoint in between), ready for recovery.
 * Replay it with `replayWal` (the redo loop alone) or step `{ type: 'recover' }` (replay,
 * verdict and the end-of-recovery checkpoint).
 */
export function buildWal(records = 1_000_000, opts: TpcbOptions = {}): State {
  const state = setupTpcb({ ...opts, events: false });
  while (state.counters.walRecords < records)
    runTpcb(state, Math.ceil((records - state.counters.walRecords) / 5), state.counters.walRecords + 1);
  applyAction(durability, state, { type: 'crash' });
  return state;
}

/** The redo loop on a crashed state, from pg_control's REDO point; returns records replayed. */
export function replayWal(state: State): number {
  const report: RecoveryReport = {
    from: state.control.redo,
    checkpoint: state.control.checkPoint,
    replayed: 0,
    applied: 0,
    skipped: 0,
    fpiRestored: 0,
    position: state.control.redo,
    survived: [],
    lost: [],
    torn: [],
    failed: null,
  };
  replay(state, lowerBound(state.wal.records, state.control.redo), report, null);
  return report.replayed;
}
