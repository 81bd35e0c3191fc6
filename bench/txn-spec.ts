/**
 * The Transactions lab's isolation-spec runner (`npm run spec`) in Node: a spec with three sessions
 * of three steps and no permutation line, so every interleaving runs (9! / (3! 3! 3!) = 1,680), each
 * from setup, and its output is printed as PostgreSQL's isolationtester prints it.
 */
import { loadSqlParser } from '../src/engine/sql/pg';
import { parseSpec } from '../src/engine/transactions/spec-parse';
import { runSpec } from '../src/engine/transactions/spec-run';
import { coldWarmFigures, round } from './stats';
import type { Bench } from './types';

const RUNS = 5;

const session = (n: string) =>
  `session ${n} setup { BEGIN; } step ${n}a { SELECT * FROM t WHERE id = 1; } step ${n}b { UPDATE t SET v = v + 1 WHERE id = 1; } step ${n}c { COMMIT; }`;

/** Three sessions that each read a row, increment it and commit: waits on the row lock in most orders. */
export const THREE_SESSIONS_SPEC = `setup { CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 0); } ${session('x')} ${session('y')} ${session('z')}`;

const txnSpec: Bench = {
  title: 'Transactions lab: the isolation-spec runner over every permutation of 3 sessions × 3 steps (1,680) in Node',
  async run(ctx) {
    await loadSqlParser();
    const spec = parseSpec(THREE_SESSIONS_SPEC);
    const times: number[] = [];
    let permutations = 0;
    let chars = 0;
    // The first run includes the engine's warm-up (JIT): reported on its own.
    for (let i = 0; i <= RUNS; i++) {
      const t0 = performance.now();
      const out = runSpec(spec);
      times.push(performance.now() - t0);
      permutations = out.split('starting permutation').length - 1;
      chars = out.length;
    }
    const [cold, ...warm] = times;
    ctx.log(`txn-spec: ${permutations} permutations; cold ${cold.toFixed(0)} ms, warm ${warm.map((t) => t.toFixed(0)).join(', ')} ms`);
    return [
      ...coldWarmFigures(
        '1,680 permutations',
        times,
        2000,
        { name: 'per permutation', count: permutations, note: 'setup, 9 steps and the printed output' },
        `${permutations} permutations printed, including the engine's warm-up`,
      ),
      { name: 'output', value: round(chars / 1024, 0), unit: 'KB', note: 'the text the runner prints' },
    ];
  },
};

export default txnSpec;
