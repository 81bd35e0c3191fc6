/**
 * A test driver and fast-check arbitraries for the intent-log lab, shared by the
 * kernel, engine, codec and host tests. The workloads are "valid-ish": mostly
 * sensible actions over 2 or 3 tables, plus enough wrong ones (unknown table,
 * transaction not begun, add on a text column, write while crashed...) that the
 * engine's refusal path (`action.refused`) runs in nearly every generated scenario.
 */
import fc from 'fast-check';
import type { Frame } from '../../src/engine/core/timeline';
import type { Action, KeyedRow, Row } from '../../src/engine/intent-log/types';

const TXS = ['T1', 'T2', 'T3'] as const;
const KEYS = ['k1', 'k2', 'k3', 'k4'] as const;
const TABLE_NAMES = ['accounts', 'orders', 'items'] as const;

const valuesArb: fc.Arbitrary<Row> = fc.record({
  n: fc.integer({ min: -99, max: 99 }),
  s: fc.constantFrom('a', 'b', "it's"),
});

const rowsArb: fc.Arbitrary<KeyedRow[]> = fc.uniqueArray(fc.record({ key: fc.constantFrom(...KEYS), values: valuesArb }), {
  selector: (r) => r.key,
  maxLength: 3,
});

/** 2 or 3 tables of up to 3 rows each. */
const tablesArb: fc.Arbitrary<Record<string, KeyedRow[]>> = fc
  .tuple(fc.integer({ min: 2, max: 3 }), rowsArb, rowsArb, rowsArb)
  .map(([count, ...rows]) => Object.fromEntries(TABLE_NAMES.slice(0, count).map((name, i) => [name, rows[i]])));

/** An insert, update or delete by `tx`; 'missing' is a table that does not exist. */
function writeArb(tables: readonly string[], tx: fc.Arbitrary<string>): fc.Arbitrary<Action> {
  const table = fc.constantFrom(...tables, ...tables, ...tables, 'missing');
  const key = fc.constantFrom(...KEYS);
  const insert = fc.record({ type: fc.constant('insert' as const), tx, table, key, values: valuesArb });
  const update = fc.record(
    {
      type: fc.constant('update' as const),
      tx,
      table,
      key,
      set: fc.record({ s: fc.constantFrom('x', 'y') }),
      // 's' is text and 'nope' is absent: both make the update an error.
      add: fc.constantFrom<Record<string, number>>({ n: 1 }, { n: -5 }, { n: 2 }, { s: 1 }, { nope: 2 }),
    },
    { requiredKeys: ['type', 'tx', 'table', 'key'] },
  );
  const del = fc.record({ type: fc.constant('delete' as const), tx, table, key });
  return fc.oneof({ weight: 2, arbitrary: insert }, { weight: 2, arbitrary: update }, { weight: 1, arbitrary: del });
}

/** Any single action, in any order: mostly refused when it comes out of the blue. */
export function actionArb(tables: readonly string[], txs: readonly string[] = TXS): fc.Arbitrary<Action> {
  const tx = fc.constantFrom(...txs);
  return fc.oneof(
    { weight: 2, arbitrary: tx.map((t): Action => ({ type: 'begin', tx: t })) },
    { weight: 5, arbitrary: writeArb(tables, tx) },
    { weight: 2, arbitrary: tx.map((t): Action => ({ type: 'commit', tx: t })) },
    { weight: 1, arbitrary: tx.map((t): Action => ({ type: 'rollback', tx: t })) },
    { weight: 1, arbitrary: fc.constantFrom<Action>({ type: 'crash' }, { type: 'recover' }) },
  );
}

/** One transaction's script: BEGIN, some writes, then COMMIT, ROLLBACK or nothing (still open). */
const scriptArb = (tables: readonly string[], tx: string): fc.Arbitrary<Action[]> =>
  fc
    .tuple(
      fc.array(writeArb(tables, fc.constant(tx)), { maxLength: 5, size: 'max' }),
      fc.constantFrom('commit', 'commit', 'rollback', 'open'),
    )
    .map(([writes, end]) => [{ type: 'begin', tx }, ...writes, ...(end === 'open' ? [] : [{ type: end, tx } as Action])]);

/** Merge queues into one sequence, keeping each queue's order; `picks` chooses the next queue. */
function interleave(queues: Action[][], picks: readonly number[]): Action[] {
  const out: Action[] = [];
  const live = queues.map((q) => [...q]).filter((q) => q.length > 0);
  for (let i = 0; live.length > 0; i++) {
    const q = live[picks[i % picks.length] % live.length];
    out.push(q.shift() as Action);
    if (q.length === 0) live.splice(live.indexOf(q), 1);
  }
  return out;
}

export interface Workload {
  readonly tables: Record<string, KeyedRow[]>;
  readonly actions: Action[];
}

const crashAndRecover: Action[] = [{ type: 'crash' }, { type: 'recover' }];
const ends: Action[][] = [crashAndRecover, crashAndRecover, crashAndRecover, [], [{ type: 'recover' }]];

/**
 * Initial tables and a random action sequence over them, in 1 to 4 segments. A
 * segment interleaves 1 to 3 transaction scripts with a little noise (random actions,
 * most of them refused), then usually crashes and recovers. Transaction ids are fresh
 * per segment, since an id cannot begin again once its transaction ended.
 */
export const workloadArb = (): fc.Arbitrary<Workload> =>
  tablesArb.chain((tables) => {
    const names = Object.keys(tables);
    const segment = (k: number) => {
      const txs = [`T${3 * k + 1}`, `T${3 * k + 2}`, `T${3 * k + 3}`];
      return fc
        .tuple(
          fc.integer({ min: 1, max: 3 }).chain((n) => fc.tuple(...txs.slice(0, n).map((tx) => scriptArb(names, tx)))),
          fc.array(actionArb(names, [...txs, `T${3 * k}`]), { maxLength: 3 }),
          fc.array(fc.nat(), { minLength: 1, maxLength: 30 }),
          fc.constantFrom(...ends),
        )
        .map(([scripts, noise, picks, end]) => [...interleave([...scripts, noise], picks), ...end]);
    };
    return fc
      .integer({ min: 1, max: 4 })
      .chain((n) => fc.tuple(...Array.from({ length: n }, (_, k) => segment(k))))
      .map((segments) => ({ tables, actions: segments.flat() }));
  });

/** A frame copied out of the live engine state, so later steps cannot change it. */
export const freeze = (f: Frame) => structuredClone({ step: f.step, total: f.total, events: f.events, view: f.view });
