import { describe, expect, it } from 'vitest';
import { send, txnLab } from '../../../test/support/transactions';

const rows = (n: number) => Array.from({ length: n }, (_, i) => `(${i + 1}, 0)`).join(', ');

/** The SIREAD locks s1's serializable transaction holds on `t`, by kind. */
function sireadKinds(d: ReturnType<typeof txnLab>) {
  const locks = d.state.ssi.locks.filter((l) => l.table === 't' && l.index === null);
  return {
    relation: locks.filter((l) => l.tuple === -1).length,
    pages: locks.filter((l) => l.tuple === -2).length,
    tuples: locks.filter((l) => l.tuple >= 0).length,
  };
}

describe('When a serializable transaction reads rows through the primary key', () => {
  it('two tuples of a page keep tuple locks; a third makes them one lock on the page', () => {
    const d = txnLab(`CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES ${rows(10)};`);
    send(d, 's1', 'BEGIN ISOLATION LEVEL SERIALIZABLE');
    send(d, 's1', 'SELECT * FROM t WHERE id BETWEEN 1 AND 2');
    expect(sireadKinds(d)).toEqual({ relation: 0, pages: 0, tuples: 2 });
    send(d, 's1', 'SELECT * FROM t WHERE id = 3');
    expect(sireadKinds(d)).toEqual({ relation: 0, pages: 1, tuples: 0 });
  });

  it('locks on more than 31 pages and tuples of one relation become one lock on the relation', () => {
    const d = txnLab(`CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES ${rows(200 * 31)};`);
    send(d, 's1', 'BEGIN ISOLATION LEVEL SERIALIZABLE');
    send(d, 's1', `SELECT count(*) FROM t WHERE id BETWEEN 1 AND ${200 * 30}`);
    expect(sireadKinds(d)).toEqual({ relation: 0, pages: 30, tuples: 0 });
    send(d, 's1', `SELECT count(*) FROM t WHERE id = ${200 * 30 + 1}`);
    expect(sireadKinds(d)).toEqual({ relation: 0, pages: 30, tuples: 1 });
    send(d, 's1', `SELECT count(*) FROM t WHERE id = ${200 * 30 + 2}`);
    expect(sireadKinds(d)).toEqual({ relation: 1, pages: 0, tuples: 0 });
  });
});
