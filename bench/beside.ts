/**
 * Each engine figure beside its real counterpart measured in the same run (the run's PostgreSQL,
 * postgres.ts), as a ratio: engine ÷ real. The benches report both figures under the names
 * below; the runner prints the ratios under "Beside the real system" and records them as
 * results of the bench `beside` (a ratio with a target gets its ✓ or ✗ like any figure).
 */
import { meets, type Result, type Target } from './types';

export interface Comparison {
  /** What is compared, as the summary prints it. */
  readonly label: string;
  readonly bench: string;
  /** The engine's figure and the real system's, by name, in that bench's results. */
  readonly engine: string;
  readonly real: string;
  /** On the ratio. */
  readonly target?: Target;
  /** What the two sides share and where they differ. */
  readonly note: string;
}

export const COMPARISONS: readonly Comparison[] = [
  {
    label: 'TPC-B, 1 client: durability engine (events off) ÷ pgbench',
    bench: 'durability',
    engine: 'TPC-B, events off',
    real: 'PostgreSQL pgbench TPC-B',
    target: { op: '>=', value: 50 },
    note: "pgbench's default TPC-B-like script, 1 client, scale 1 (100,000 accounts; the engine has 10,000), fsync and synchronous_commit off",
  },
  {
    label: 'crash-recovery redo: durability engine ÷ PostgreSQL startup process',
    bench: 'durability',
    engine: 'replay speed',
    real: 'PostgreSQL redo',
    note: "WAL records replayed per second; PostgreSQL's over the WAL of the pgbench run above, after pg_ctl stop -m immediate",
  },
  {
    label: 'primary-key SELECT: transactions engine ÷ pgbench -S',
    bench: 'txn-pgbench',
    engine: 'engine primary-key SELECT/s',
    real: 'PostgreSQL pgbench -S',
    note: 'txn-pgbench runs its own cluster; its figure carries the 10× target',
  },
  {
    label: 'pool, 10,000 closed-loop clients: pool engine ÷ node-postgres Pool',
    bench: 'pool',
    engine: 'pool of 100, 10,000 clients',
    real: 'node-postgres Pool, 10,000 clients',
    note: 'requests answered per wall second; the engine simulates 5 s as fast as it can, the real pool takes 5 s',
  },
];

export interface Beside {
  readonly comparison: Comparison;
  readonly engine: Result;
  readonly real: Result;
  readonly ratio: number;
}

/** The comparisons whose two figures are both in `results`. */
export function besideReal(results: readonly Result[]): Beside[] {
  const find = (bench: string, name: string) => results.find((r) => r.bench === bench && r.name === name);
  const out: Beside[] = [];
  for (const comparison of COMPARISONS) {
    const engine = find(comparison.bench, comparison.engine);
    const real = find(comparison.bench, comparison.real);
    if (engine && real && real.value > 0) out.push({ comparison, engine, real, ratio: engine.value / real.value });
  }
  return out;
}

/** A ratio as a result of the bench `beside`, so it is printed, targeted and written to results.json like the others. */
export function ratioResult(b: Beside): Result {
  const value = Math.round(b.ratio * 10) / 10;
  const target = b.comparison.target;
  return {
    bench: 'beside',
    name: b.comparison.label,
    value,
    unit: '×',
    ...(target ? { target } : {}),
    met: target ? meets(value, target) : null,
    note: `${b.engine.value.toLocaleString('en')} ${b.engine.unit} ÷ ${b.real.value.toLocaleString('en')} ${b.real.unit}; ${b.comparison.note}`,
  };
}
