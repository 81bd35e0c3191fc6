import { describe, expect, it } from 'vitest';
import type { EventOf } from '../core/lab';
import { Timeline } from '../core/timeline';
import { error, rows, send, step, txnLab, waiting } from '../../../test/support/transactions';
import { transactions } from './engine';
import type { Action } from './types';

const SETUP = 'CREATE TABLE t (id int PRIMARY KEY, v int CHECK (v >= 0)); INSERT INTO t VALUES (1, 10), (2, 20);';

describe('When a statement fails inside a transaction block', () => {
  it('the block is aborted until ROLLBACK, and COMMIT rolls back', () => {
    const d = txnLab(SETUP);
    send(d, 's1', 'BEGIN');
    send(d, 's1', 'UPDATE t SET v = 5 WHERE id = 1');
    expect(error(send(d, 's1', 'UPDATE t SET v = -1 WHERE id = 2'), 's1')).toBe('23514');
    expect(error(send(d, 's1', 'SELECT 1'), 's1')).toBe('25P02');
    const ev = send(d, 's1', 'COMMIT');
    expect(ev.find((e) => e.type === 'statement.finished')).toMatchObject({ tag: 'ROLLBACK' });
    expect(rows(send(d, 's2', 'SELECT v FROM t ORDER BY id'), 's2')).toEqual([['10'], ['20']]);
  });

  it('an unsupported statement fails with 0A000 and the session stays usable', () => {
    const d = txnLab(SETUP);
    const ev = send(d, 's1', 'SELECT a.id, rank() OVER (ORDER BY a.id) FROM t a');
    expect(error(ev, 's1')).toBe('0A000');
    expect(ev.find((e) => e.type === 'statement.failed')).toMatchObject({
      error: { message: expect.stringContaining('not supported in WALkthrough') },
    });
    expect(rows(send(d, 's1', 'SELECT count(*) FROM t'), 's1')).toEqual([['2']]);
  });

  it('a syntax error is 42601 and nothing of the query string runs', () => {
    const d = txnLab(SETUP);
    expect(error(send(d, 's1', 'UPDATE t SET v = 0; SELEC 1'), 's1')).toBe('42601');
    expect(rows(send(d, 's1', 'SELECT sum(v) FROM t'), 's1')).toEqual([['30']]);
  });
});

describe('When transactions wait for each other', () => {
  it("both wait; the first waiter's deadlock timer fires first, finds the cycle and cancels it; the other proceeds", () => {
    const d = txnLab(SETUP);
    send(d, 's1', 'BEGIN');
    send(d, 's2', 'BEGIN');
    send(d, 's1', 'UPDATE t SET v = 1 WHERE id = 1');
    send(d, 's2', 'UPDATE t SET v = 2 WHERE id = 2');
    send(d, 's1', 'UPDATE t SET v = 1 WHERE id = 2');
    expect(waiting(d, 's1')).toBe(true);
    const ev = send(d, 's2', 'UPDATE t SET v = 2 WHERE id = 1');
    expect(ev.find((e) => e.type === 'step.blocked')).toMatchObject({ session: 's2' });
    expect(error(ev, 's1')).toBe('40P01');
    expect(error(ev, 's2')).toBeNull();
    expect(ev.find((e) => e.type === 'deadlock.detected')).toMatchObject({ session: 's1', cycle: ['s1', 's2'] });
    expect(waiting(d, 's2')).toBe(false);
  });

  it('deadlock_timeout is per session: the waiter with the shorter timeout is the victim, even if it waited last', () => {
    const d = txnLab(SETUP);
    send(d, 's1', "BEGIN; SET deadlock_timeout = '100s'");
    send(d, 's2', 'BEGIN');
    send(d, 's1', 'UPDATE t SET v = 1 WHERE id = 1');
    send(d, 's2', 'UPDATE t SET v = 2 WHERE id = 2');
    send(d, 's1', 'UPDATE t SET v = 1 WHERE id = 2');
    const ev = send(d, 's2', 'UPDATE t SET v = 2 WHERE id = 1');
    expect(error(ev, 's2')).toBe('40P01');
    expect(error(ev, 's1')).toBeNull();
  });

  it('a foreign-key check waits for a parent updated (key kept) then deleted by an open transaction, then fails with 23503', () => {
    const d = txnLab(
      'CREATE TABLE p (id int PRIMARY KEY, note text); CREATE TABLE c (id int PRIMARY KEY, pid int REFERENCES p (id)); INSERT INTO p VALUES (1, null);',
    );
    send(d, 's1', 'BEGIN');
    send(d, 's1', "UPDATE p SET note = 'x' WHERE id = 1");
    send(d, 's1', 'DELETE FROM p WHERE id = 1');
    send(d, 's2', 'INSERT INTO c VALUES (1, 1)');
    expect(waiting(d, 's2')).toBe(true);
    expect(error(send(d, 's1', 'COMMIT'), 's2')).toBe('23503');
    expect(rows(send(d, 's2', 'SELECT count(*) FROM c'), 's2')).toEqual([['0']]);
  });

  it('a unique insert waits for an in-progress insert of the same key, then succeeds if it rolls back', () => {
    const d = txnLab(SETUP);
    send(d, 's1', 'BEGIN');
    send(d, 's1', 'INSERT INTO t VALUES (3, 0)');
    send(d, 's2', 'INSERT INTO t VALUES (3, 1)');
    expect(waiting(d, 's2')).toBe(true);
    const ev = send(d, 's1', 'ROLLBACK');
    expect(error(ev, 's2')).toBeNull();
    expect(rows(send(d, 's3', 'SELECT v FROM t WHERE id = 3'), 's3')).toEqual([['1']]);
  });

  it('a blocked session refuses another step until it wakes', () => {
    const d = txnLab(SETUP);
    send(d, 's1', 'BEGIN');
    send(d, 's1', 'UPDATE t SET v = 1 WHERE id = 1');
    send(d, 's2', 'UPDATE t SET v = 2 WHERE id = 1');
    expect(d.try(step('s2', 'SELECT 1')).map((e) => e.type)).toEqual(['action.refused']);
    expect(d.refusal).toBe(
      's2 is still waiting for its step "UPDATE t SET v = 2 WHERE id = 1"; it can run another one once that finishes.',
    );
    expect(d.try(step('s9', 'SELECT 1')).map((e) => e.type)).toEqual(['action.refused']);
    expect(d.refusal).toBe('There is no session named "s9".');
  });
});

describe('When Serializable transactions form a dangerous structure', () => {
  it('the pivot is doomed and fails at commit with 40001', () => {
    const d = txnLab("CREATE TABLE doctors (name text PRIMARY KEY, on_call boolean); INSERT INTO doctors VALUES ('a', true), ('b', true);");
    for (const s of ['s1', 's2']) send(d, s, 'BEGIN ISOLATION LEVEL SERIALIZABLE');
    send(d, 's1', 'SELECT count(*) FROM doctors WHERE on_call');
    send(d, 's2', 'SELECT count(*) FROM doctors WHERE on_call');
    send(d, 's1', "UPDATE doctors SET on_call = false WHERE name = 'a'");
    const ev = send(d, 's2', "UPDATE doctors SET on_call = false WHERE name = 'b'");
    expect(ev.filter((e) => e.type === 'rwConflict.flagged')).toHaveLength(1);
    expect(error(send(d, 's1', 'COMMIT'), 's1')).toBeNull();
    expect(error(send(d, 's2', 'COMMIT'), 's2')).toBe('40001');
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
    const drawn: EventOf<typeof transactions>['type'][] = [
      'snapshot.taken',
      'tuple.inserted',
      'xmax.set',
      'lock.awaited',
      'txn.blocked',
      'lock.granted',
      'step.completed',
      'txn.committed',
    ];
    for (const ty of drawn) expect(types.has(ty), ty).toBe(true);
  });
});

describe('When the view says which versions a session sees', () => {
  it('between statements a session sees its own last write, as its next statement would', async () => {
    const { view } = await import('./view');
    const d = txnLab(SETUP);
    send(d, 's1', 'BEGIN');
    send(d, 's2', 'BEGIN');
    send(d, 's1', 'UPDATE t SET v = 11 WHERE id = 1');
    const t = view(d.state).tables.find((x) => x.name === 't');
    const byValue = (v: string) => t?.tuples.find((u) => u.values[1] === v);
    // s1 sees its new version and no longer the one it replaced.
    expect(byValue('11')?.visibleTo).toContain('s1');
    expect(byValue('10')?.visibleTo).not.toContain('s1');
    expect(rows(send(d, 's1', 'SELECT v FROM t WHERE id = 1'), 's1')).toEqual([['11']]);
  });
});

describe('When a session has its own default isolation level', () => {
  it('its BEGIN without a level takes that level, and the other sessions keep the default', () => {
    const d = txnLab(SETUP, ['s1', 's2', 's3'], { isolation: { s1: 'repeatable read' } });
    send(d, 's1', 'BEGIN');
    send(d, 's2', 'BEGIN');
    expect(rows(send(d, 's1', 'SELECT v FROM t WHERE id = 1'), 's1')).toEqual([['10']]);
    expect(rows(send(d, 's2', 'SELECT v FROM t WHERE id = 1'), 's2')).toEqual([['10']]);
    send(d, 's3', 'UPDATE t SET v = 11 WHERE id = 1');
    // Repeatable Read keeps its snapshot; Read Committed takes a new one per statement.
    expect(rows(send(d, 's1', 'SELECT v FROM t WHERE id = 1'), 's1')).toEqual([['10']]);
    expect(rows(send(d, 's2', 'SELECT v FROM t WHERE id = 1'), 's2')).toEqual([['11']]);
  });
});
