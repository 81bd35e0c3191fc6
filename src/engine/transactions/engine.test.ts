import { describe, expect, it } from 'vitest';
import { Timeline } from '../core/timeline';
import { TxnDriver } from './driver';
import { transactions } from './engine';
import type { Action } from './types';

const SETUP = 'CREATE TABLE t (id int PRIMARY KEY, v int CHECK (v >= 0)); INSERT INTO t VALUES (1, 10), (2, 20);';

describe('When a statement fails inside a transaction block', () => {
  it('the block is aborted until ROLLBACK, and COMMIT rolls back', () => {
    const d = new TxnDriver(SETUP);
    d.run('s1', 'BEGIN');
    d.run('s1', 'UPDATE t SET v = 5 WHERE id = 1');
    expect(d.error(d.run('s1', 'UPDATE t SET v = -1 WHERE id = 2'), 's1')).toBe('23514');
    expect(d.error(d.run('s1', 'SELECT 1'), 's1')).toBe('25P02');
    const ev = d.run('s1', 'COMMIT');
    expect(ev.find((e) => e.type === 'statement.finished')).toMatchObject({ tag: 'ROLLBACK' });
    expect(d.rows(d.run('s2', 'SELECT v FROM t ORDER BY id'), 's2')).toEqual([['10'], ['20']]);
  });

  it('an unsupported statement fails with 0A000 and the session stays usable', () => {
    const d = new TxnDriver(SETUP);
    const ev = d.run('s1', 'SELECT a.id FROM t a JOIN t b ON a.id = b.id');
    expect(d.error(ev, 's1')).toBe('0A000');
    expect(ev.find((e) => e.type === 'sql.error')).toMatchObject({ error: { message: expect.stringContaining('not supported in WALkthrough') } });
    expect(d.rows(d.run('s1', 'SELECT count(*) FROM t'), 's1')).toEqual([['2']]);
  });

  it('a syntax error is 42601 and nothing of the query string runs', () => {
    const d = new TxnDriver(SETUP);
    expect(d.error(d.run('s1', 'UPDATE t SET v = 0; SELEC 1'), 's1')).toBe('42601');
    expect(d.rows(d.run('s1', 'SELECT sum(v) FROM t'), 's1')).toEqual([['30']]);
  });
});

describe('When transactions wait for each other', () => {
  it('the step that closes a cycle fails with deadlock detected, and the other proceeds', () => {
    const d = new TxnDriver(SETUP);
    d.run('s1', 'BEGIN');
    d.run('s2', 'BEGIN');
    d.run('s1', 'UPDATE t SET v = 1 WHERE id = 1');
    d.run('s2', 'UPDATE t SET v = 2 WHERE id = 2');
    d.run('s1', 'UPDATE t SET v = 1 WHERE id = 2');
    expect(d.waiting('s1')).toBe(true);
    const ev = d.run('s2', 'UPDATE t SET v = 2 WHERE id = 1');
    expect(d.error(ev, 's2')).toBe('40P01');
    expect(ev.find((e) => e.type === 'deadlock')).toMatchObject({ cycle: ['s2', 's1'] });
    expect(d.waiting('s1')).toBe(false);
  });

  it('a unique insert waits for an in-progress insert of the same key, then succeeds if it rolls back', () => {
    const d = new TxnDriver(SETUP);
    d.run('s1', 'BEGIN');
    d.run('s1', 'INSERT INTO t VALUES (3, 0)');
    d.run('s2', 'INSERT INTO t VALUES (3, 1)');
    expect(d.waiting('s2')).toBe(true);
    const ev = d.run('s1', 'ROLLBACK');
    expect(d.error(ev, 's2')).toBeNull();
    expect(d.rows(d.run('s3', 'SELECT v FROM t WHERE id = 3'), 's3')).toEqual([['1']]);
  });

  it('a blocked session refuses another step until it wakes', () => {
    const d = new TxnDriver(SETUP);
    d.run('s1', 'BEGIN');
    d.run('s1', 'UPDATE t SET v = 1 WHERE id = 1');
    d.run('s2', 'UPDATE t SET v = 2 WHERE id = 1');
    expect(d.run('s2', 'SELECT 1').map((e) => e.type)).toEqual(['error']);
  });
});

describe('When Serializable transactions form a dangerous structure', () => {
  it('the pivot is doomed and fails at commit with 40001', () => {
    const d = new TxnDriver("CREATE TABLE doctors (name text PRIMARY KEY, on_call boolean); INSERT INTO doctors VALUES ('a', true), ('b', true);");
    for (const s of ['s1', 's2']) d.run(s, 'BEGIN ISOLATION LEVEL SERIALIZABLE');
    d.run('s1', 'SELECT count(*) FROM doctors WHERE on_call');
    d.run('s2', 'SELECT count(*) FROM doctors WHERE on_call');
    d.run('s1', "UPDATE doctors SET on_call = false WHERE name = 'a'");
    const ev = d.run('s2', "UPDATE doctors SET on_call = false WHERE name = 'b'");
    expect(ev.filter((e) => e.type === 'ssi.rwConflict')).toHaveLength(1);
    expect(d.error(d.run('s1', 'COMMIT'), 's1')).toBeNull();
    expect(d.error(d.run('s2', 'COMMIT'), 's2')).toBe('40001');
  });
});

describe('When the timeline seeks in a transactions scenario', () => {
  const actions: Action[] = [
    { type: 'step', session: 's1', sql: 'BEGIN' },
    { type: 'step', session: 's1', sql: 'UPDATE t SET v = v + 1 WHERE id = 1' },
    { type: 'step', session: 's2', sql: 'UPDATE t SET v = v + 2 WHERE id = 1' },
    { type: 'step', session: 's1', sql: 'COMMIT' },
    { type: 'step', session: 's2', sql: 'SELECT * FROM t' },
  ];
  it('going back and forth through snapshots gives the views running forward gave', () => {
    const t = new Timeline(transactions, { seed: 1, options: { sessions: ['s1', 's2'], setup: [SETUP] }, actions }, { snapshotEvery: 2 });
    const forward = [t.frame().view];
    for (let n = 1; n <= actions.length; n++) forward.push(t.seek(n).view);
    for (const n of [3, 1, 5, 2, 0, 4]) expect(t.seek(n).view).toEqual(forward[n]);
  });

  it('emits the MVCC events the panels draw from', () => {
    const t = new Timeline(transactions, { seed: 1, options: { sessions: ['s1', 's2'], setup: [SETUP] }, actions }, {});
    const types = new Set(t.runTo(actions.length).frames.flatMap((f) => f.events.map((e) => e.type)));
    for (const ty of ['snapshot.taken', 'tuple.inserted', 'tuple.xmaxSet', 'lock.wait', 'txn.blocked', 'lock.granted', 'step.completed', 'txn.committed'])
      expect(types.has(ty), ty).toBe(true);
  });
});

describe('When the view says which versions a session sees', () => {
  it('between statements a session sees its own last write, as its next statement would', async () => {
    const { view } = await import('./view');
    const d = new TxnDriver(SETUP);
    d.run('s1', 'BEGIN');
    d.run('s2', 'BEGIN');
    d.run('s1', 'UPDATE t SET v = 11 WHERE id = 1');
    const t = view(d.state).tables.find((x) => x.name === 't');
    const byValue = (v: string) => t?.tuples.find((u) => u.values[1] === v);
    // s1 sees its new version and no longer the one it replaced.
    expect(byValue('11')?.visibleTo).toContain('s1');
    expect(byValue('10')?.visibleTo).not.toContain('s1');
    expect(d.rows(d.run('s1', 'SELECT v FROM t WHERE id = 1'), 's1')).toEqual([['11']]);
  });
});

describe('When a session has its own default isolation level', () => {
  it('its BEGIN without a level takes that level, and the other sessions keep the default', () => {
    const d = new TxnDriver(SETUP, ['s1', 's2', 's3'], { isolation: { s1: 'repeatable read' } });
    d.run('s1', 'BEGIN');
    d.run('s2', 'BEGIN');
    expect(d.rows(d.run('s1', 'SELECT v FROM t WHERE id = 1'), 's1')).toEqual([['10']]);
    expect(d.rows(d.run('s2', 'SELECT v FROM t WHERE id = 1'), 's2')).toEqual([['10']]);
    d.run('s3', 'UPDATE t SET v = 11 WHERE id = 1');
    // Repeatable Read keeps its snapshot; Read Committed takes a new one per statement.
    expect(d.rows(d.run('s1', 'SELECT v FROM t WHERE id = 1'), 's1')).toEqual([['10']]);
    expect(d.rows(d.run('s2', 'SELECT v FROM t WHERE id = 1'), 's2')).toEqual([['11']]);
  });
});
