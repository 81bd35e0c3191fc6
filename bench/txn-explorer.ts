/**
 * The Transactions lab's interleaving explorer in Node: three sessions of three steps each
 * (9! / (3! 3! 3!) = 1,680 interleavings) at Read Committed, Repeatable Read and Serializable,
 * 5,040 runs from a copied post-setup state, classified by the history checker. Also the size of
 * the answer the worker sends (structured clone of the plain-data matrix) and its clone time.
 */
import { loadSqlParser } from '../src/engine/sql/pg';
import { serialize } from 'node:v8';
import { explore, type ExploreResult } from '../src/engine/transactions/explorer';
import type { Scenario } from '../src/engine/scenario/schema';
import { coldWarmFigures, round } from './stats';
import type { Bench, Figure } from './types';

type TxnScenario = Extract<Scenario, { lab: 'transactions' }>;

const RUNS = 5;

const step = (session: string, sql: string) => ({ do: { type: 'step' as const, session, sql } });

/** Each session reads one row, increments the next and commits: waits, 40001s and G2-item write skew among the orders. */
export const THREE_BY_THREE: TxnScenario = {
  v: 1,
  lab: 'transactions',
  title: 'Three sessions, three steps each',
  seed: 1,
  options: {
    sessions: ['a', 'b', 'c'],
    setup: ['CREATE TABLE t (id int PRIMARY KEY, x int NOT NULL); INSERT INTO t VALUES (1, 0), (2, 0), (3, 0);'],
  },
  steps: [
    step('a', 'BEGIN; SELECT x FROM t WHERE id = 1'),
    step('a', 'UPDATE t SET x = x + 1 WHERE id = 2'),
    step('a', 'COMMIT'),
    step('b', 'BEGIN; SELECT x FROM t WHERE id = 2'),
    step('b', 'UPDATE t SET x = x + 1 WHERE id = 3'),
    step('b', 'COMMIT'),
    step('c', 'BEGIN; SELECT x FROM t WHERE id = 3'),
    step('c', 'UPDATE t SET x = x + 1 WHERE id = 2'),
    step('c', 'COMMIT'),
  ],
};

const txnExplorer: Bench = {
  title: 'Transactions lab: the interleaving explorer over 3 sessions × 3 steps (1,680 permutations × 3 levels) in Node',
  async run(ctx) {
    await loadSqlParser();
    const times: number[] = [];
    let result: ExploreResult | null = null;
    // The first run includes the engine's warm-up (JIT): reported on its own.
    for (let i = 0; i <= RUNS; i++) {
      const t0 = performance.now();
      result = explore(THREE_BY_THREE);
      times.push(performance.now() - t0);
    }
    const r = result as ExploreResult;
    const [cold, ...warm] = times;
    const t0 = performance.now();
    structuredClone(r);
    const cloneMs = performance.now() - t0;
    const bytes = serialize(r).length;
    const counts = r.summary
      .map(
        (s) =>
          `${s.level}: ${Object.entries(s.counts)
            .filter(([, n]) => n > 0)
            .map(([k, n]) => `${k} ${n}`)
            .join(', ')}`,
      )
      .join('; ');
    ctx.log(
      `txn-explorer: ${r.permutations.length} permutations × ${r.levels.length} levels; cold ${cold.toFixed(0)} ms, warm ${warm.map((t) => t.toFixed(0)).join(', ')} ms; ${counts}`,
    );
    const figures: Figure[] = [
      ...coldWarmFigures(
        '3×3 explorer',
        [cold, ...warm],
        2000,
        { name: 'per run', count: r.runs, note: 'clone of the post-setup state, 9 steps, history check' },
        `${r.runs.toLocaleString('en')} runs, including the engine's warm-up`,
      ),
      {
        name: 'result (serialized)',
        value: round(bytes / 1024, 0),
        unit: 'KB',
        note: `v8 serialize, what postMessage copies; structuredClone took ${cloneMs.toFixed(0)} ms`,
      },
    ];
    return figures;
  },
};

export default txnExplorer;
