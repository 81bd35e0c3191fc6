/**
 * The transactions lab's SQL parser (PostgreSQL 15's own, libpg_query in WebAssembly): the time
 * to load it, to parse a lesson's statement, and to parse the largest shapes a step may hold
 * (long lists, deep nesting up to the limit the lab keeps, a long step). Target: every shape
 * under a second (a link is a stranger's input, and the worker parses it before it can answer
 * anything else). Each parse here is uncached: the text differs every time.
 */
import { MAX_NESTING, parseSql } from '../src/engine/sql/parse';
import { MAX_EXPR_DEPTH } from '../src/engine/sql/parse-expr';
import { loadSqlParser } from '../src/engine/sql/pg';
import { median, round } from './stats';
import type { Bench, Figure } from './types';

const items = (n: number) => Array.from({ length: n }, (_, i) => i + 1).join(', ');

/** Statements a lesson runs, each parsed many times with a different constant so the cache never answers. */
const LESSON = [
  (i: number) => `UPDATE accounts SET balance = balance - ${i} WHERE id = 1`,
  (i: number) => `SELECT id, balance FROM accounts WHERE id = ${i} FOR UPDATE`,
  (i: number) => `INSERT INTO orders (id, user_id, total) VALUES (${i}, 1, 12.50)`,
  (i: number) => `BEGIN ISOLATION LEVEL SERIALIZABLE; SELECT sum(balance) FROM accounts WHERE id <> ${i}; COMMIT`,
];

/**
 * The largest step of each kind the lab parses (at or just under each limit), and past them. A
 * scenario's step holds at most 20,000 characters (transactions/schema.ts); the larger shapes are
 * informative (no target): what a spec run from a file could hold.
 */
const SHAPES: readonly [string, string][] = [
  ['30 casts', `SELECT 1${'::int'.repeat(30)}`],
  [`${MAX_EXPR_DEPTH} NOTs`, `SELECT ${'NOT '.repeat(MAX_EXPR_DEPTH)}true`],
  [`${MAX_NESTING / 2 - 1} + operators (nesting limit)`, `SELECT 1${' + 1'.repeat(MAX_NESTING / 2 - 1)}`],
  ['1,000 nested parentheses', `SELECT ${'('.repeat(999)}1${')'.repeat(999)}`],
  ['IN list of 3,500 items (a step of 20,000 characters)', `SELECT 1 IN (${items(3_500)})`],
  ['IN list of 10,000 items', `SELECT 1 IN (${items(10_000)})`],
  ['IN list of 100,000 items', `SELECT 1 IN (${items(100_000)})`],
  [
    '1,700-row INSERT (a step of 20,000 characters)',
    `INSERT INTO t VALUES ${Array.from({ length: 1_700 }, (_, i) => `(${i}, 1)`).join(', ')}`,
  ],
  ['10,000-row INSERT', `INSERT INTO t VALUES ${Array.from({ length: 10_000 }, (_, i) => `(${i}, 1)`).join(', ')}`],
  ['600 statements in one step', Array.from({ length: 600 }, (_, i) => `UPDATE t SET v = ${i} WHERE id = 1`).join('; ')],
  ['over the nesting limit: refused unparsed', `SELECT 1${' + 1'.repeat(20_000)}`],
];

const sqlParse: Bench = {
  title: "Transactions lab: PostgreSQL's parser (WebAssembly): load, a lesson's statement, and the largest steps (uncached)",
  async run(ctx) {
    const t0 = performance.now();
    await loadSqlParser();
    const load = performance.now() - t0;
    ctx.log(`sql-parse: load and compile: ${load.toFixed(0)} ms`);
    const out: Figure[] = [
      { name: 'load and compile the module', value: round(load, 0), unit: 'ms', note: 'Node; the page fetches the wasm first' },
    ];
    // Warm up, then time each lesson statement 2,000 times (fresh text each time).
    for (let i = 0; i < 500; i++) parseSql(LESSON[i % LESSON.length](-i));
    const per: number[] = [];
    for (let r = 0; r < 5; r++) {
      const s0 = performance.now();
      for (let i = 0; i < 2000; i++) parseSql(LESSON[i % LESSON.length](r * 2000 + i));
      per.push(((performance.now() - s0) * 1000) / 2000);
    }
    const perStmt = median(per);
    ctx.log(`sql-parse: a lesson's statement: ${perStmt.toFixed(1)} µs`);
    out.push({
      name: "a lesson's statement (median of 5 × 2,000)",
      value: round(perStmt, 1),
      unit: 'µs',
      target: { op: '<', value: 1000 },
    });
    for (const [name, sql] of SHAPES) {
      const s0 = performance.now();
      parseSql(sql);
      const ms = performance.now() - s0;
      ctx.log(`sql-parse: ${name}: ${ms.toFixed(0)} ms`);
      const note = `${sql.length.toLocaleString('en')} characters`;
      const target = sql.length <= 20_000 ? { target: { op: '<', value: 1000 } as const } : {};
      out.push({ name, value: round(ms, 0), unit: 'ms', note, ...target });
    }
    return out;
  },
};

export default sqlParse;
