import { describe, expect, it } from 'vitest';
import { error, rows, send, txnLab } from '../../../test/support/transactions';
import { MAX_STEP_TOKENS, parseSql } from './parse';
import { countTokens } from './split';

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

  it('400 parentheses, 500 NOTs and 501 unary minuses run', () => {
    expect(run(`SELECT ${'('.repeat(400)}x + 1${')'.repeat(400)} FROM t`).rows).toEqual([['8']]);
    expect(run(`SELECT ${'NOT '.repeat(500)}true`).rows).toEqual([['t']]);
    expect(run(`SELECT ${'- '.repeat(501)}x FROM t`).rows).toEqual([['-7']]);
    expect(run(`SELECT ${'('.repeat(200)}1${')::int'.repeat(200)}`).rows).toEqual([['1']]);
  });

  it('a long list of transaction modes is matched without backtracking', () => {
    expect(parseSql(`BEGIN${' READ WRITE'.repeat(60)}`)[0].stmt).toEqual({ k: 'begin', iso: null });
    expect(() => parseSql(`BEGIN${' READ WRITE'.repeat(60)} x`)).toThrow(/syntax error/);
    expect(() => parseSql(`SET TRANSACTION${', READ WRITE'.repeat(60)} x`)).toThrow(/syntax error/);
  });
});

describe('When a step is longer than the parser can take at once', () => {
  it('counts tokens as a lexer would, skipping strings, quoted names and comments', () => {
    expect(countTokens(`SELECT "a b", 'c;d' -- e f\n FROM t /* g h */ WHERE x::int >= 1.5`)).toBe(14);
  });

  it(`a step of over ${MAX_STEP_TOKENS} tokens fails with 0A000 where it passes the limit, and the session goes on`, () => {
    const list = Array.from({ length: MAX_STEP_TOKENS / 2 }, (_, i) => i).join(', ');
    const d = txnLab('CREATE TABLE t (id int PRIMARY KEY)', ['s1']);
    const events = send(d, 's1', `INSERT INTO t VALUES (1); SELECT 1 IN (${list})`);
    expect(error(events, 's1')).toBe('0A000');
    expect(events.find((e) => e.type === 'statement.failed')).toMatchObject({
      error: { message: `a step of over ${MAX_STEP_TOKENS.toLocaleString('en')} tokens is not supported in WALkthrough` },
    });
    // The query string was one implicit transaction: its INSERT rolled back with it.
    expect(rows(send(d, 's1', 'SELECT count(*) FROM t'), 's1')).toEqual([['0']]);
    expect(rows(send(d, 's1', `SELECT 1 IN (${list.split(', ').slice(0, 900).join(', ')})`), 's1')).toEqual([['t']]);
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
