/**
 * The Transactions lab's engine in Node: statements per second on a simple workload. Two
 * sessions take turns running short read-modify-write transactions (BEGIN; SELECT by primary key;
 * UPDATE by primary key; COMMIT) on a 1,000-row table, with keys from a fixed sequence so no two
 * open transactions touch the same row. No VACUUM runs, so the heap grows as it would in PostgreSQL
 * with autovacuum off; a second figure shows the rate once every row has five versions
 * (a primary-key equality is a key lookup, see src/engine/transactions/key-lookup.ts; the versions of
 * the row it finds are all read).
 */
import { loadSqlParser } from '../src/engine/sql/pg';
import { applyAction } from '../src/engine/core/lab';
import { transactions } from '../src/engine/transactions/engine';
import type { State } from '../src/engine/transactions/types';
import { median, round } from './stats';
import type { Bench } from './types';

const ROWS = 1_000;
const TXNS = 2_500;
const RUNS = 3;

const setup = (): string => {
  const values = Array.from({ length: ROWS }, (_, i) => `(${i + 1}, 100)`).join(', ');
  return `CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL CHECK (balance >= 0)); INSERT INTO accounts VALUES ${values};`;
};

/** Run one step through the kernel, as the timeline does; returns its events. */
const run = (state: State, session: string, sql: string) => applyAction(transactions, state, { type: 'step', session, sql });

/** Run `txns` transactions (4 statements each), sessions alternating; returns statements run. */
function workload(d: State, txns: number, offset: number): number {
  let statements = 0;
  for (let t = 0; t < txns; t++) {
    const session = t % 2 === 0 ? 's1' : 's2';
    // A multiplicative step through the keys: deterministic, spread out, never the same row twice in a row.
    const id = (((offset + t) * 7919) % ROWS) + 1;
    run(d, session, 'BEGIN');
    run(d, session, `SELECT balance FROM accounts WHERE id = ${id}`);
    run(d, session, `UPDATE accounts SET balance = balance + 1 WHERE id = ${id}`);
    run(d, session, 'COMMIT');
    statements += 4;
  }
  return statements;
}

const txnStatements: Bench = {
  title: 'Transactions lab: statements per second on a simple read-modify-write workload in Node',
  async run(ctx) {
    await loadSqlParser();
    const fresh: number[] = [];
    const grown: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const d = transactions.init({ sessions: ['s1', 's2'], setup: [setup()] }, 1).state;
      let t0 = performance.now();
      const n = workload(d, TXNS, 0);
      fresh.push(n / ((performance.now() - t0) / 1000));
      // Three more rounds of updates: each row now has about five versions.
      workload(d, TXNS * 3, TXNS);
      t0 = performance.now();
      const m = workload(d, TXNS, TXNS * 4);
      grown.push(m / ((performance.now() - t0) / 1000));
      const done = run(d, 's1', 'SELECT sum(balance) FROM accounts').find((e) => e.type === 'step.completed');
      const check = done?.type === 'step.completed' ? done.results.at(-1)?.rows : undefined;
      if (check?.[0]?.[0] !== String(ROWS * 100 + TXNS * 5)) throw new Error(`the workload lost updates: sum ${check?.[0]?.[0]}`);
    }
    ctx.log(
      `txn-statements: fresh ${fresh.map((x) => x.toFixed(0)).join(', ')}; after 4× as many updates ${grown.map((x) => x.toFixed(0)).join(', ')} statements/s`,
    );
    return [
      {
        name: 'statements/s, fresh table',
        value: round(median(fresh), 0),
        unit: 'stmt/s',
        note: `median of ${RUNS}: ${TXNS.toLocaleString('en')} transactions × 4 statements on ${ROWS.toLocaleString('en')} rows`,
      },
      {
        name: 'statements/s, 5 versions per row',
        value: round(median(grown), 0),
        unit: 'stmt/s',
        note: 'the same after 7,500 more updates (no VACUUM: every row has five versions to read)',
      },
    ];
  },
};

export default txnStatements;
