import { describe, expect, it } from 'vitest';
import { rows, send, txnLab } from '../../../test/support/transactions';

describe("When a session's lone statements follow one another", () => {
  it('runs each in a transaction of its own, with its own vxid and snapshot', () => {
    const d = txnLab('CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 10);', ['s1', 's2'], {
      defaultIsolation: 'repeatable read',
    });
    const first = send(d, 's1', 'SELECT v FROM t WHERE id = 1');
    expect(rows(first, 's1')).toEqual([['10']]);
    send(d, 's2', 'UPDATE t SET v = 11 WHERE id = 1');
    const second = send(d, 's1', 'SELECT v FROM t WHERE id = 1');
    // A new Repeatable Read transaction: a new snapshot, which sees s2's commit.
    expect(rows(second, 's1')).toEqual([['11']]);
    const vxidOf = (events: typeof first) => events.flatMap((e) => (e.type === 'txn.began' ? [e.vxid] : []));
    // s2's transaction came between them.
    expect(vxidOf(second)).toEqual([vxidOf(first)[0] + 2]);
    expect(d.state.sessions.s1.txn).toBeNull();
  });
});
