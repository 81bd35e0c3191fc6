import { describe, expect, it } from 'vitest';
import { error, rows, send, txnLab } from '../../../test/support/transactions';
import { MAX_NESTING, parseSql } from './parse';
import { MAX_EXPR_DEPTH } from './parse-expr';
import { nestingOf } from './split';

const items = (n: number) => Array.from({ length: n }, (_, i) => i + 1).join(', ');

/** The column names and rows a one-statement step returns in a fresh lab. */
function run(sql: string, setup = 'CREATE TABLE t (id int PRIMARY KEY, x int); INSERT INTO t VALUES (1, 7);') {
  const d = txnLab(setup, ['s1']);
  const events = send(d, 's1', sql);
  const done = events.find((e) => e.type === 'step.completed');
  return { rows: rows(events, 's1'), columns: done?.results.at(-1)?.columns ?? null, error: error(events, 's1') };
}

/*
 * Each of these took time exponential in its length before (a chain of 30 casts took 17 s, 32
 * never finished): a regression shows as this file's timeout. Speeds are in `npm run bench`.
 */
describe('When a statement nests deeply', () => {
  it('a chain of 300 casts runs and is named as PostgreSQL names it', () => {
    expect(run(`SELECT 1${'::int'.repeat(300)}`)).toEqual({ rows: [['1']], columns: ['int4'], error: null });
    expect(run(`SELECT x${'::bigint'.repeat(300)}::text FROM t`)).toEqual({ rows: [['7']], columns: ['x'], error: null });
    expect(run(`SELECT 1${'::int'.repeat(100)}::text, '2'::varchar::bigint, true::boolean`).columns).toEqual(['text', 'int8', 'bool']);
  });

  it('100 parentheses, 500 NOTs and 501 unary minuses run', () => {
    expect(run(`SELECT ${'('.repeat(100)}x + 1${')'.repeat(100)} FROM t`).rows).toEqual([['8']]);
    expect(run(`SELECT ${'NOT '.repeat(500)}true`).rows).toEqual([['t']]);
    expect(run(`SELECT ${'- '.repeat(501)}x FROM t`).rows).toEqual([['-7']]);
    expect(run(`SELECT ${'('.repeat(100)}1${')::int'.repeat(100)}`).rows).toEqual([['1']]);
  });

  it('a long list of transaction modes is matched without backtracking', () => {
    expect(parseSql(`BEGIN${' READ WRITE'.repeat(60)}`)[0].stmt).toEqual({ k: 'begin', iso: null, readOnly: false, deferrable: null });
    expect(() => parseSql(`BEGIN${' READ WRITE'.repeat(60)} x`)).toThrow(/syntax error/);
    expect(() => parseSql(`SET TRANSACTION${', READ WRITE'.repeat(60)} x`)).toThrow(/syntax error/);
  });
});

describe('When a statement nests deeper than the parser may be asked to go', () => {
  it('measures the longest chain of operands in one pass, skipping strings, quoted names and comments', () => {
    expect(nestingOf(`SELECT "a b", 'c;d(' -- e (f\n FROM t /* g ( h */ WHERE x::int IN (1, (2), 3)`)).toBe(11);
    // List items are siblings: a long IN list or VALUES list is shallow.
    expect(nestingOf(`SELECT 1 IN (${items(10_000)})`)).toBe(5);
    expect(nestingOf(`SELECT ${'1 + '.repeat(100)}1`)).toBe(202);
    // As scan.l reads them: an escaped quote in E'', a dollar quote, a nested comment hide nothing.
    const deep = `${'1 + '.repeat(MAX_NESTING)}1`;
    for (const hide of [`E'\\''`, `$$'$$`, `$x$'$x$`, `/* /* */ ' */`])
      expect(nestingOf(`SELECT ${hide}, ${deep} --'`), hide).toBeGreaterThan(MAX_NESTING);
  });

  const runs = (sql: string) => {
    const d = txnLab('CREATE TABLE t (id int PRIMARY KEY)', ['s1']);
    const events = send(d, 's1', sql);
    const failed = events.find((e) => e.type === 'statement.failed');
    return { error: error(events, 's1'), message: failed?.type === 'statement.failed' ? failed.error.message : null, d };
  };

  it.each([
    ['an operator chain', `SELECT 1${' + 1'.repeat(MAX_NESTING)}`],
    ['nested subqueries', `SELECT ${'(SELECT '.repeat(MAX_NESTING / 2 + 1)}1${')'.repeat(MAX_NESTING / 2 + 1)}`],
    ['an operator chain behind an E string', `SELECT E'\\'', 1${' + 1'.repeat(MAX_NESTING)} --'`],
    ['NOTs', `SELECT ${'NOT '.repeat(MAX_EXPR_DEPTH + 1)}true`],
  ])('%s over the limit fails with 0A000 when it runs', (_, sql) => {
    expect(runs(sql)).toMatchObject({
      error: '0A000',
      message: `expressions nested over ${MAX_EXPR_DEPTH} deep is not supported in WALkthrough`,
    });
  });

  it('the statement over the limit fails there, and the session goes on', () => {
    const { d, error: code } = runs(`INSERT INTO t VALUES (1); SELECT 1${' + 1'.repeat(MAX_NESTING)}`);
    expect(code).toBe('0A000');
    // The query string was one implicit transaction: its INSERT rolled back with it.
    expect(rows(send(d, 's1', 'SELECT count(*) FROM t'), 's1')).toEqual([['0']]);
  });

  it('long lists and long steps run: PostgreSQL parses them in linear time', () => {
    expect(runs(`SELECT 1 IN (${items(20_000)})`).error).toBeNull();
    expect(runs(`SELECT ${'('.repeat(900)}1${')'.repeat(900)}`).error).toBeNull();
    expect(runs(`INSERT INTO t VALUES ${Array.from({ length: 5000 }, (_, i) => `(${i + 1})`).join(', ')}`).error).toBeNull();
  });
});

describe('When an aggregate or LIMIT is given what PostgreSQL refuses', () => {
  const setup = "CREATE TABLE t (id int PRIMARY KEY, s text, b boolean); INSERT INTO t VALUES (1, 'a', true);";
  it.each([
    ["SELECT sum('a')", '42725', 'function sum(unknown) is not unique'],
    ['SELECT sum(NULL) FROM t', '42725', 'function sum(unknown) is not unique'],
    ['SELECT sum(s) FROM t WHERE false', '42883', 'function sum(text) does not exist'],
    ['SELECT count(*), sum(id || s) FROM t', '42883', 'function sum(text) does not exist'],
    ['SELECT max(b) FROM t', '42883', 'function max(boolean) does not exist'],
    ['SELECT sum(nope) FROM t', '42703', 'column "nope" does not exist'],
    ['SELECT id FROM t LIMIT -1', '2201W', 'LIMIT must not be negative'],
    ['SELECT 1 LIMIT - 3', '2201W', 'LIMIT must not be negative'],
    ['SELECT id FROM t LIMIT -1 FOR UPDATE', '2201W', 'LIMIT must not be negative'],
  ])('%s fails with %s', (sql, code, message) => {
    const d = txnLab(setup, ['s1']);
    const events = send(d, 's1', sql);
    expect(error(events, 's1')).toBe(code);
    expect(events.find((e) => e.type === 'statement.failed')).toMatchObject({ error: { message } });
  });

  it('min and max of text, LIMIT 0 and LIMIT NULL still answer', () => {
    expect(run("SELECT min('b'), max(s) FROM t", setup).rows).toEqual([['b', 'a']]);
    expect(run('SELECT id FROM t LIMIT 0', setup).rows).toEqual([]);
    expect(run('SELECT id FROM t LIMIT NULL', setup).rows).toEqual([['1']]);
  });
});
