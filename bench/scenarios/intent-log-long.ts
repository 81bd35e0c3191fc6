/**
 * A long, seeded intent-log scenario for benchmarks: many short transactions
 * (begin, inserts/updates/deletes on three tables, commit or rollback), up to
 * three in flight at once, and an occasional crash followed by recovery.
 *
 * Randomness comes from the engine's seeded generator (src/engine/core/rng.ts), so
 * a seed always gives the same scenario. The generator drives a live engine state
 * while it writes the steps, so it only emits actions the engine accepts (no
 * refused writes), and it checks that at the end.
 */
import { LabDriver } from '../../src/engine/core/driver';
import { randInt, type RngState, seedRng } from '../../src/engine/core/rng';
import { intentLog } from '../../src/engine/intent-log/engine';
import type { Action, KeyedRow, Options, Row, TxnId } from '../../src/engine/intent-log/types';
import { parseScenario, type Scenario } from '../../src/engine/scenario/schema';

/** A seeded random source over rng.ts (the engine's generator, not Math.random). */
export class SeededRandom {
  private state: RngState;
  constructor(seed: number) {
    this.state = seedRng(seed);
  }
  /** A uniform integer in [from, to]. */
  int(from: number, to: number): number {
    const [value, next] = randInt(this.state, from, to);
    this.state = next;
    return value;
  }
  /** true with probability p. */
  chance(p: number): boolean {
    return this.int(0, 999_999) < p * 1_000_000;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(0, xs.length - 1)];
  }
}

export interface LongScenarioOptions {
  readonly steps: number;
  readonly seed?: number;
  /** Probability that a step (outside a crash) is a crash. */
  readonly crashRate?: number;
  /** Most rows a table may hold; past it, writes to that table delete instead of insert. */
  readonly maxRowsPerTable?: number;
}

export interface LongScenario {
  readonly scenario: Scenario;
  readonly stats: { steps: number; transactions: number; commits: number; rollbacks: number; crashes: number; logRecords: number };
}

const CITIES = ['Lyon', 'Porto', 'Oslo', 'Kyoto', 'Lima'];

function initialTables(): Options['tables'] {
  const accounts: KeyedRow[] = [];
  for (let i = 1; i <= 6; i++) accounts.push({ key: `a${i}`, values: { owner: `user${i}`, balance: 100 * i } });
  const orders: KeyedRow[] = [];
  for (let i = 1; i <= 4; i++) orders.push({ key: `o${i}`, values: { account: `a${i}`, total: 10 * i, status: 'new' } });
  const items: KeyedRow[] = [];
  for (let i = 1; i <= 5; i++) items.push({ key: `i${i}`, values: { name: `item ${i}`, stock: 20, city: CITIES[i % CITIES.length] } });
  return { accounts, orders, items };
}

function newRow(rand: SeededRandom, table: string, key: string): Row {
  switch (table) {
    case 'accounts':
      return { owner: `user-${key}`, balance: rand.int(0, 1000) };
    case 'orders':
      return { account: `a${rand.int(1, 6)}`, total: rand.int(1, 500), status: 'new' };
    default:
      return { name: `item ${key}`, stock: rand.int(0, 50), city: rand.pick(CITIES) };
  }
}

function updateOf(rand: SeededRandom, table: string, tx: TxnId, key: string): Action {
  switch (table) {
    case 'accounts':
      return { type: 'update', tx, table, key, add: { balance: rand.int(-50, 50) } };
    case 'orders':
      return rand.chance(0.5)
        ? { type: 'update', tx, table, key, set: { status: rand.pick(['paid', 'shipped', 'cancelled']) } }
        : { type: 'update', tx, table, key, add: { total: rand.int(1, 20) } };
    default:
      return { type: 'update', tx, table, key, add: { stock: rand.int(-3, 3) }, set: { city: rand.pick(CITIES) } };
  }
}

/** Generate, check against the engine, and validate with parseScenario. */
export function longIntentLogScenario(opts: LongScenarioOptions): LongScenario {
  const seed = opts.seed ?? 20_240_501;
  const crashRate = opts.crashRate ?? 1 / 600;
  const maxRows = opts.maxRowsPerTable ?? 30;
  const rand = new SeededRandom(seed);
  const tables = initialTables();
  const lab = new LabDriver(intentLog, { tables }, seed);
  const state = lab.state;

  const actions: Action[] = [];
  let active: TxnId[] = [];
  /** Row ("table/key") -> the active transaction that wrote it: writing it from another one is refused. */
  const locks = new Map<string, TxnId>();
  const keyCounters: Record<string, number> = { accounts: 100, orders: 100, items: 100 };
  const stats = { steps: 0, transactions: 0, commits: 0, rollbacks: 0, crashes: 0, logRecords: 0 };
  let nextTx = 1;

  const apply = (action: Action) => {
    lab.try(action);
    if (lab.refusal !== null) throw new Error(`generator produced a refused step ${actions.length + 1}: ${lab.refusal}`);
    actions.push(action);
  };
  const release = (tx: TxnId) => {
    for (const [row, holder] of locks) if (holder === tx) locks.delete(row);
    active = active.filter((t) => t !== tx);
  };

  while (actions.length < opts.steps) {
    if (state.phase === 'crashed') {
      apply({ type: 'recover' });
      continue;
    }
    if (actions.length > 50 && rand.chance(crashRate)) {
      apply({ type: 'crash' });
      stats.crashes += 1;
      active = [];
      locks.clear();
      continue;
    }
    if (active.length === 0 || (active.length < 3 && rand.chance(0.2))) {
      const tx = `T${nextTx++}`;
      apply({ type: 'begin', tx });
      active.push(tx);
      stats.transactions += 1;
      continue;
    }
    const tx = rand.pick(active);
    const r = rand.int(0, 99);
    if (r < 14) {
      apply({ type: 'commit', tx });
      stats.commits += 1;
      release(tx);
      continue;
    }
    if (r < 18) {
      apply({ type: 'rollback', tx });
      stats.rollbacks += 1;
      release(tx);
      continue;
    }
    // A write by `tx` on a row no other active transaction holds.
    const table = rand.pick(['accounts', 'orders', 'items']);
    const rows = state.tables[table];
    const free = rows.filter((row) => {
      const holder = locks.get(`${table}/${row.key}`);
      return holder === undefined || holder === tx;
    });
    let action: Action;
    let key: string;
    const full = rows.length >= maxRows;
    if (free.length === 0 || (!full && rand.chance(0.25))) {
      key = `${table[0]}${keyCounters[table]++}`;
      action = { type: 'insert', tx, table, key, values: newRow(rand, table, key) };
    } else if (full && rand.chance(0.3)) {
      key = rand.pick(free).key;
      action = { type: 'delete', tx, table, key };
    } else {
      key = rand.pick(free).key;
      action = updateOf(rand, table, tx, key);
    }
    apply(action);
    locks.set(`${table}/${key}`, tx);
  }

  stats.steps = actions.length;
  stats.logRecords = state.log.length;
  const scenario = parseScenario({
    v: 1,
    lab: 'intent-log',
    title: `Benchmark: ${actions.length} generated steps (seed ${seed})`,
    seed,
    options: { tables },
    steps: actions.map((a) => ({ do: a })),
  });
  return { scenario, stats };
}
