import { describe, expect, it } from 'vitest';
import { error, send, txnLab } from '../../../test/support/transactions';
import { SqlError } from './errors';
import { parseSql } from './parse';

/** What parseSql throws for `sql`: PostgreSQL's message and the offset it points at. */
function syntaxError(sql: string) {
  try {
    parseSql(sql);
  } catch (e) {
    if (e instanceof SqlError) return { code: e.code, message: e.message, position: e.position };
    throw e;
  }
  throw new Error(`${sql} parsed`);
}

/** The error a one-step session gets in a fresh lab. */
function runs(sql: string) {
  const d = txnLab('CREATE TABLE t (id int PRIMARY KEY, x int); CREATE TABLE u (id int PRIMARY KEY)', ['s1']);
  const events = send(d, 's1', sql);
  const failed = events.find((e) => e.type === 'statement.failed');
  return { code: error(events, 's1'), message: failed?.type === 'statement.failed' ? failed.error.message : null };
}

describe('When SQL does not parse', () => {
  it.each([
    ['SELEC 1', 'syntax error at or near "SELEC"', 0],
    ['SELECT 1 +', 'syntax error at end of input', 10],
    ['UPDATE counter SET x = 1 WHER id = 1', 'syntax error at or near "WHER"', 25],
    ['SELECT 1;\nSELECT id FORM t', 'syntax error at or near "t"', 25],
    ["SELECT 'open", 'unterminated quoted string at or near "\'open"', 7],
    // PostgreSQL counts characters: the position is the string's own offset, past 'é' and '😀'.
    ["SELECT 'é😀', x FROM t WHER x = 1", 'syntax error at or near "x"', 28],
  ])('%s gives PostgreSQL\'s "%s" at %i', (sql, message, position) => {
    expect(syntaxError(sql)).toEqual({ code: '42601', message, position });
  });

  it('a syntax error in any statement stops the whole query string, as in PostgreSQL', () => {
    expect(runs('INSERT INTO t VALUES (1, 1); SELEC 1')).toEqual({ code: '42601', message: 'syntax error at or near "SELEC"' });
  });
});

describe('When a statement is valid PostgreSQL that the lab does not model', () => {
  it.each([
    ["PREPARE TRANSACTION 'x'", 'PREPARE TRANSACTION'],
    ['VACUUM', 'VACUUM'],
    ['EXPLAIN SELECT 1', 'EXPLAIN'],
    ['CREATE TABLE a (id int) WITH (fillfactor=50)', 'table storage parameters (WITH (...))'],
    ['SELECT * FROM LATERAL (SELECT 1) s', 'LATERAL'],
    ['WITH RECURSIVE r AS (SELECT 1) SELECT * FROM r', 'WITH RECURSIVE'],
    ['WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d', 'data-modifying statements in WITH'],
    ['SELECT ARRAY (SELECT 1)', 'ARRAY (subquery)'],
    ['SELECT 1 WHERE 1 LIKE ANY (SELECT id FROM t)', '~~ ANY (subquery)'],
    ['SELECT x, rank() OVER (ORDER BY x) FROM t', 'window functions (rank() OVER)'],
    ['SELECT coalesce(x, 0) FROM t', 'COALESCE'],
    ['SELECT t.id FROM t JOIN u USING (id) AS j', 'an alias on a join'],
    ['INSERT INTO t VALUES (1, 1) ON CONFLICT (id) WHERE id > 0 DO NOTHING', 'ON CONFLICT with a partial-index WHERE'],
    ['SHOW transaction_isolation', 'SHOW'],
    ['CREATE TABLE s (id int GENERATED ALWAYS AS IDENTITY (START WITH 5))', 'sequence options on an identity column'],
    ['CREATE TABLE s (d timetz)', 'type time with time zone'],
  ])('%s fails with 0A000 naming %s', (sql, what) => {
    expect(runs(sql)).toEqual({ code: '0A000', message: `${what} is not supported in WALkthrough` });
  });

  it('CREATE TABLE a () parses, and runs: a table with no columns', () => {
    expect(parseSql('CREATE TABLE a ()')[0].stmt).toEqual({ k: 'create', table: 'a', columns: [], constraints: [] });
  });
});

describe('When SQL the old grammar refused is given', () => {
  it('REFERENCES without a column list, transaction modes and SET forms parse to the same statements', () => {
    const create = parseSql('CREATE TABLE c (id int PRIMARY KEY, p int REFERENCES t ON DELETE CASCADE)')[0].stmt;
    expect(create).toMatchObject({ columns: [{}, { references: { table: 't', refColumns: null, onDelete: 'cascade' } }] });
    expect(parseSql('START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ WRITE')[0].stmt).toEqual({
      k: 'begin',
      iso: 'repeatable read',
      readOnly: false,
      deferrable: null,
    });
    expect(parseSql('SET TRANSACTION READ ONLY, NOT DEFERRABLE')[0].stmt).toEqual({
      k: 'setTxn',
      iso: null,
      readOnly: true,
      deferrable: false,
    });
    expect(parseSql('SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE')[0].stmt).toEqual({
      k: 'setDefaultIso',
      iso: 'serializable',
    });
    expect(parseSql('END; ABORT').map((p) => p.stmt)).toEqual([{ k: 'commit' }, { k: 'rollback' }]);
  });

  it("keeps each statement's own text, without the semicolon and the space around it", () => {
    expect(parseSql(" BEGIN;\n  -- then\n  SELECT 'é' ; COMMIT ").map((p) => p.sql)).toEqual(['BEGIN', "-- then\n  SELECT 'é'", 'COMMIT']);
  });
});

describe('When the parser is not loaded yet', () => {
  it('parsing throws an Error saying so (an engine bug, never a PostgreSQL error)', async () => {
    // A second instance of the module, which nothing has loaded.
    const path = './pg?unloaded';
    const fresh = (await import(/* @vite-ignore */ path)) as typeof import('./pg');
    expect(fresh.sqlParserLoaded()).toBe(false);
    expect(() => fresh.pgParse('SELECT 1')).toThrow(/^The SQL parser is not loaded: await loadSqlParser\(\) before parsing\.$/);
  });
});
