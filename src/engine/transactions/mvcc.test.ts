import { describe, expect, it } from 'vitest';
import { rows, send, txnLab, waiting } from '../../../test/support/transactions';
import { inSnapshot, takeSnapshot, visible } from './mvcc';
import { conflicts } from './rowlock';
import { HINT } from './types';

const SETUP = 'CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 10);';

describe('When a snapshot decides what a transaction sees', () => {
  it('lists in-progress xids and treats xids at or past xmax as running', () => {
    const d = txnLab(SETUP);
    send(d, 's1', 'BEGIN');
    send(d, 's1', 'UPDATE t SET v = 11');
    const snap = takeSnapshot(d.state);
    const xid = d.state.sessions.s1.txn?.xid as number;
    expect(snap.xip).toEqual([xid]);
    expect(snap.xmin).toBe(xid);
    expect(snap.xmax).toBe(xid + 1);
    expect(inSnapshot(snap, xid)).toBe(true);
    expect(inSnapshot(snap, xid - 1)).toBe(false);
    expect(inSnapshot(snap, snap.xmax + 5)).toBe(true);
  });

  it('reuses a snapshot only while no xid has started or ended since', () => {
    const d = txnLab(SETUP);
    const first = takeSnapshot(d.state);
    send(d, 's2', 'SELECT v FROM t');
    expect(takeSnapshot(d.state)).toBe(first);
    send(d, 's1', 'BEGIN');
    send(d, 's1', 'UPDATE t SET v = 11');
    const during = takeSnapshot(d.state);
    expect(during).not.toBe(first);
    expect(during.xip).toHaveLength(1);
    send(d, 's1', 'COMMIT');
    const after = takeSnapshot(d.state);
    expect(after.xip).toEqual([]);
    expect(after.xmax).toBe(during.xmax);
    expect(rows(send(d, 's2', 'SELECT v FROM t'), 's2')).toEqual([['11']]);
  });

  it('hides an in-progress insert from others but shows it to its own later commands', () => {
    const d = txnLab(SETUP);
    send(d, 's1', 'BEGIN');
    send(d, 's1', 'INSERT INTO t VALUES (2, 20)');
    expect(rows(send(d, 's2', 'SELECT id FROM t ORDER BY id'), 's2')).toEqual([['1']]);
    expect(rows(send(d, 's1', 'SELECT id FROM t ORDER BY id'), 's1')).toEqual([['1'], ['2']]);
  });

  it('keeps showing a row deleted by an in-progress transaction, and hides it once that commits', () => {
    const d = txnLab(SETUP);
    send(d, 's1', 'BEGIN');
    send(d, 's1', 'DELETE FROM t WHERE id = 1');
    expect(rows(send(d, 's2', 'SELECT count(*) FROM t'), 's2')).toEqual([['1']]);
    send(d, 's1', 'COMMIT');
    expect(rows(send(d, 's2', 'SELECT count(*) FROM t'), 's2')).toEqual([['0']]);
  });

  it('never shows an aborted insert, and sets the XMIN_INVALID hint when a reader finds out', () => {
    const d = txnLab(SETUP);
    send(d, 's1', 'BEGIN');
    send(d, 's1', 'INSERT INTO t VALUES (2, 20)');
    send(d, 's1', 'ROLLBACK');
    expect(rows(send(d, 's2', 'SELECT count(*) FROM t'), 's2')).toEqual([['1']]);
    const aborted = d.state.tables.t.tuples[1];
    expect(aborted.hints & HINT.XMIN_INVALID).toBeTruthy();
    expect(d.state.tables.t.tuples[0].hints & HINT.XMIN_COMMITTED).toBeTruthy();
  });

  it('does not let a statement see the versions it writes itself (cmin >= current command)', () => {
    const d = txnLab(SETUP);
    const ev = send(d, 's1', 'UPDATE t SET v = v + 1');
    expect(ev.filter((e) => e.type === 'tuple.inserted')).toHaveLength(1);
    expect(rows(send(d, 's1', 'SELECT v FROM t'), 's1')).toEqual([['11']]);
  });

  it('under Repeatable Read, a version committed after the snapshot stays invisible', () => {
    const d = txnLab(SETUP);
    send(d, 's1', 'BEGIN ISOLATION LEVEL REPEATABLE READ');
    send(d, 's1', 'SELECT * FROM t');
    send(d, 's2', 'UPDATE t SET v = 99');
    const txn = d.state.sessions.s1.txn;
    const [old, fresh] = d.state.tables.t.tuples;
    expect(txn?.snapshot && visible(d.state, old, txn.snapshot, txn, false)).toBe(true);
    expect(txn?.snapshot && visible(d.state, fresh, txn.snapshot, txn, false)).toBe(false);
  });
});

describe('When row locks meet', () => {
  it("follow PostgreSQL's conflict table", () => {
    expect(conflicts('key share', 'key share')).toBe(false);
    expect(conflicts('key share', 'share')).toBe(false);
    expect(conflicts('key share', 'no key update')).toBe(false);
    expect(conflicts('key share', 'update')).toBe(true);
    expect(conflicts('share', 'share')).toBe(false);
    expect(conflicts('share', 'no key update')).toBe(true);
    expect(conflicts('no key update', 'no key update')).toBe(true);
    expect(conflicts('update', 'key share')).toBe(true);
  });

  it('two FOR SHARE lockers coexist and an UPDATE waits for both', () => {
    const d = txnLab(SETUP);
    send(d, 's1', 'BEGIN');
    send(d, 's1', 'SELECT * FROM t FOR SHARE');
    send(d, 's2', 'BEGIN');
    send(d, 's2', 'SELECT * FROM t FOR SHARE');
    expect(d.state.tables.t.tuples[0].locks).toHaveLength(2);
    send(d, 's3', 'UPDATE t SET v = 0');
    expect(waiting(d, 's3')).toBe(true);
    send(d, 's1', 'COMMIT');
    expect(waiting(d, 's3')).toBe(true);
    const ev = send(d, 's2', 'COMMIT');
    expect(ev.some((e) => e.type === 'step.completed' && e.session === 's3' && e.afterWait)).toBe(true);
  });

  it("a waiting step reports lock.wait and txn.blocked with the holder's xid", () => {
    const d = txnLab(SETUP);
    send(d, 's1', 'BEGIN');
    send(d, 's1', 'UPDATE t SET v = 1');
    const ev = send(d, 's2', 'UPDATE t SET v = 2');
    const holder = d.state.sessions.s1.txn?.xid;
    expect(ev.find((e) => e.type === 'txn.blocked')).toMatchObject({ session: 's2', waitsFor: holder });
    expect(ev.find((e) => e.type === 'lock.awaited')).toMatchObject({ session: 's2', table: 't', ctid: '(0,1)' });
  });
});
