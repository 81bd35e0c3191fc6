import { describe, expect, it } from 'vitest';
import { send, txnLab } from '../../../test/support/transactions';
import { transactions } from './engine';
import { txnRecords } from './txn-records';
import { CONTROL } from './view';

describe('When a long run of lone SELECTs folds their transactions into runs', () => {
  it('keeps the list short while every reader still sees one record per transaction', () => {
    const d = txnLab('CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 10), (2, 20);', ['s1', 's2']);
    send(d, 's2', 'BEGIN');
    send(d, 's2', 'UPDATE t SET v = 21 WHERE id = 2');
    for (let i = 0; i < 150; i++) send(d, 's1', 'SELECT v FROM t WHERE id = 1');
    send(d, 's2', 'COMMIT');
    for (let i = 0; i < 150; i++) send(d, 's1', `SELECT v FROM t WHERE id = ${1 + (i % 2)}`);
    send(d, 's1', 'BEGIN ISOLATION LEVEL REPEATABLE READ');
    send(d, 's1', 'SELECT v FROM t WHERE id = 1');
    send(d, 's1', 'COMMIT');
    for (let i = 0; i < 150; i++) send(d, 's1', 'SELECT v FROM t WHERE id = 2');

    const all = txnRecords(d.state);
    expect(d.state.txns.length).toBeLessThan(all.length / 2);
    const mine = all.filter((t) => t.session !== CONTROL);
    // Session s2's transaction, then s1's: 150 + 150 lone SELECTs, one block, 150 more.
    expect(mine).toHaveLength(452);
    expect(mine.map((t) => t.vxid)).toEqual(mine.map((_, i) => mine[0].vxid + i));
    expect(mine[0]).toMatchObject({ session: 's2', end: 'committed' });
    expect(mine[0].xid).toBeGreaterThan(0);
    expect(mine.filter((t) => t.iso === 'repeatable read')).toHaveLength(1);
    expect(mine.slice(1).every((t) => t.session === 's1' && t.end === 'committed' && t.xid === 0)).toBe(true);
    expect(transactions.summarize(d.state)).toMatchObject({ committed: 452, aborted: 0 });
    const names = transactions.view(d.state).graph.names;
    for (const t of all) expect(names[t.vxid]).toBe(`${t.session} (${t.xid ? `xid ${t.xid}` : `vxid ${t.vxid}`})`);
    expect(Object.keys(names)).toHaveLength(all.length);
  });
});
