/**
 * The transactions lab's SQL parser on the largest steps it accepts: each shape that grows faster
 * than linearly in pgsql-ast-parser (deep parentheses, long lists inside parentheses, long cast
 * and NOT chains, a step at the token limit), and the chain of 30 casts that took 17 s before the
 * output name was computed once per cast. Target: every one under a second (a link is a
 * stranger's input, and the worker parses it before it can answer anything else).
 */
import { LIMITS, parseSql } from '../src/engine/sql/parse';
import { MAX_EXPR_DEPTH } from '../src/engine/sql/parse-expr';
import { round } from './stats';
import type { Bench } from './types';

const items = (n: number) => Array.from({ length: n }, (_, i) => i + 1).join(', ');

/** The largest step of each kind that still parses (one under each limit). */
const SHAPES: readonly [string, string][] = [
  ['30 casts', `SELECT 1${'::int'.repeat(30)}`],
  [`${LIMITS.depth} nested parentheses`, `SELECT ${'('.repeat(LIMITS.depth)}1${')'.repeat(LIMITS.depth)}`],
  [`IN list of ${LIMITS.list} items`, `SELECT 1 IN (${items(LIMITS.list)})`],
  [`${MAX_EXPR_DEPTH} NOTs`, `SELECT ${'NOT '.repeat(MAX_EXPR_DEPTH)}true`],
  [`${MAX_EXPR_DEPTH} casts`, `SELECT 1${'::int'.repeat(MAX_EXPR_DEPTH)}`],
  [`${LIMITS.tokens} tokens of + 1`, `SELECT 1${' + 1'.repeat(LIMITS.tokens / 2 - 2)}`],
  [`${LIMITS.tokens} tokens, 8 IN lists`, Array.from({ length: 8 }, () => `SELECT 1 IN (${items(LIMITS.tokens / 16 - 4)})`).join('; ')],
  ['1,300-row INSERT', `INSERT INTO t VALUES ${Array.from({ length: 1300 }, (_, i) => `(${i}, 1)`).join(', ')}`],
];

const sqlParse: Bench = {
  title: 'Transactions lab: parse time of the largest SQL steps the lab accepts (each shape once, uncached)',
  async run(ctx) {
    parseSql('SELECT 1 + 2'); // load and compile the parser first
    return SHAPES.map(([name, sql]) => {
      const t0 = performance.now();
      parseSql(sql);
      const ms = performance.now() - t0;
      ctx.log(`sql-parse: ${name}: ${ms.toFixed(0)} ms`);
      return {
        name,
        value: round(ms, 0),
        unit: 'ms',
        target: { op: '<', value: 1000 } as const,
        note: `${sql.length.toLocaleString('en')} characters`,
      };
    });
  },
};

export default sqlParse;
