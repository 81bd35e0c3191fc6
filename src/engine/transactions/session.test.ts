import { describe, expect, it, vi } from 'vitest';
import { send, step, txnLab } from '../../../test/support/transactions';

/** A query string that stands for an engine bug: parsing or executing it throws a plain TypeError. */
const BUG_IN_PARSER = 'SELECT 1 -- parser bug';
const BUG_IN_EXECUTOR = 'SELECT 2 -- executor bug';

vi.mock('../sql/parse', async (importOriginal) => {
  const real = await importOriginal<typeof import('../sql/parse')>();
  return {
    ...real,
    parseSql: (sql: string) => {
      if (sql === BUG_IN_PARSER) throw new TypeError('a bug in the parser');
      return real.parseSql(sql);
    },
  };
});

vi.mock('./exec', async (importOriginal) => {
  const real = await importOriginal<typeof import('./exec')>();
  return {
    ...real,
    execStatement: (...args: Parameters<typeof real.execStatement>) => {
      if (args[1].sql === BUG_IN_EXECUTOR) throw new TypeError('a bug in the executor');
      return real.execStatement(...args);
    },
  };
});

const SETUP = 'CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 10);';

describe('When the engine itself fails while running a step', () => {
  it('a bug in the parser propagates as an exception, never as a PostgreSQL error or a refusal', () => {
    const d = txnLab(SETUP);
    expect(() => d.try(step('s1', BUG_IN_PARSER))).toThrow(TypeError);
  });

  it('a bug in the executor propagates too, inside a transaction block', () => {
    const d = txnLab(SETUP);
    send(d, 's1', 'BEGIN');
    expect(() => d.try(step('s1', BUG_IN_EXECUTOR))).toThrow('a bug in the executor');
  });

  it("while PostgreSQL's own errors stay the step's outcome", () => {
    const d = txnLab(SETUP);
    const events = send(d, 's1', 'SELECT 1/0');
    expect(events.find((e) => e.type === 'statement.failed')).toMatchObject({ error: { code: '22012', message: 'division by zero' } });
    expect(d.refusal).toBeNull();
  });
});
