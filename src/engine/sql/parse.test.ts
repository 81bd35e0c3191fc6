import { describe, expect, it } from 'vitest';
import { error, rows, send, txnLab } from '../../../test/support/transactions';
import { LIMITS, parseSql } from './parse';
import { MAX_EXPR_DEPTH } from './parse-expr';
import { shapeOf } from './split';

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
    expect(parseSql(`BEGIN${' READ WRITE'.repeat(60)}`)[0].stmt).toEqual({ k: 'begin', iso: null });
    expect(() => parseSql(`BEGIN${' READ WRITE'.repeat(60)} x`)).toThrow(/syntax error/);
    expect(() => parseSql(`SET TRANSACTION${', READ WRITE'.repeat(60)} x`)).toThrow(/syntax error/);
  });
});

describe('When a step is larger than the parser can take at once', () => {
  it('measures tokens, parentheses and lists in one pass, skipping strings, quoted names and comments', () => {
    expect(shapeOf(`SELECT "a b", 'c;d(' -- e (f\n FROM t /* g ( h */ WHERE x::int IN (1, (2), 3)`)).toEqual({
      tokens: 21,
      depth: 2,
      list: 3,
    });
  });

  const runs = (sql: string) => {
    const d = txnLab('CREATE TABLE t (id int PRIMARY KEY)', ['s1']);
    const events = send(d, 's1', sql);
    const failed = events.find((e) => e.type === 'statement.failed');
    return { error: error(events, 's1'), message: failed?.type === 'statement.failed' ? failed.error.message : null, d };
  };
  const items = (n: number) => Array.from({ length: n }, (_, i) => i + 1).join(', ');

  it.each([
    [`a list of over ${LIMITS.list.toLocaleString('en')} items in parentheses`, `SELECT 1 IN (${items(LIMITS.list + 1)})`],
    [`parentheses nested over ${LIMITS.depth} deep`, `SELECT ${'('.repeat(LIMITS.depth + 1)}1${')'.repeat(LIMITS.depth + 1)}`],
    [`expressions nested over ${MAX_EXPR_DEPTH} deep`, `SELECT ${'NOT '.repeat(MAX_EXPR_DEPTH + 1)}true`],
    [`a step of over ${LIMITS.tokens.toLocaleString('en')} tokens`, `SELECT 1${' + 1'.repeat(LIMITS.tokens / 2)}`],
  ])('%s fails with 0A000 before it is parsed', (what, sql) => {
    expect(runs(sql)).toMatchObject({ error: '0A000', message: `${what} is not supported in WALkthrough` });
  });

  it('the statement that passes the token limit of its step fails there, and the session goes on', () => {
    const { d, error: code } = runs(`INSERT INTO t VALUES (1); SELECT 1${' + 1'.repeat(LIMITS.tokens / 2 - 10)}`);
    expect(code).toBe('0A000');
    // The query string was one implicit transaction: its INSERT rolled back with it.
    expect(rows(send(d, 's1', 'SELECT count(*) FROM t'), 's1')).toEqual([['0']]);
  });

  it('at the limits, a step still runs', () => {
    expect(runs(`SELECT 1 IN (${items(LIMITS.list)})`).error).toBeNull();
    expect(runs(`SELECT ${'('.repeat(LIMITS.depth)}1${')'.repeat(LIMITS.depth)}`).error).toBeNull();
    expect(runs(`INSERT INTO t VALUES ${Array.from({ length: 1000 }, (_, i) => `(${i + 1})`).join(', ')}`).error).toBeNull();
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
