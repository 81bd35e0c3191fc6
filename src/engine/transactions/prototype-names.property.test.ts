import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { error, rows, send, txnLab } from '../../../test/support/transactions';
import { cloneState } from './engine';

/** Names JavaScript's objects already have: a table, column or value may be called any of them. */
const PROTO_NAMES = Object.getOwnPropertyNames(Object.prototype);
const name = fc.constantFrom(...PROTO_NAMES);
const quote = (n: string) => `"${n}"`;
const SEED = 20261206;

/** The message of `session`'s failed step among these events. */
const messageOf = (events: ReturnType<typeof send>, session: string) =>
  events.flatMap((e) => (e.type === 'step.completed' && e.session === session && e.error ? [e.error.message] : []))[0];

describe('When SQL names a table or column after a property of Object.prototype', () => {
  it('covers every such name', () =>
    expect(PROTO_NAMES).toEqual(expect.arrayContaining(['__proto__', 'constructor', 'toString', 'valueOf'])));

  it(`a table and a column of that name behave as any other (seed ${SEED})`, () => {
    fc.assert(
      fc.property(name, name, name, (table, column, value) => {
        const d = txnLab(`CREATE TABLE ${quote(table)} (id int PRIMARY KEY, ${quote(column)} text NOT NULL, n int)`, ['s1', 's2']);
        expect(error(send(d, 's1', `INSERT INTO ${quote(table)} VALUES (1, '${value}', 1)`), 's1')).toBeNull();
        expect(error(send(d, 's1', `INSERT INTO ${quote(table)} (id, ${quote(column)}) VALUES (2, 'x')`), 's1')).toBeNull();
        expect(error(send(d, 's1', `UPDATE ${quote(table)} SET ${quote(column)} = 'y' WHERE id = 2`), 's1')).toBeNull();
        expect(rows(send(d, 's2', `SELECT ${quote(column)}, id FROM ${quote(table)} ORDER BY ${quote(column)}`), 's2')).toEqual(
          [
            [value, '1'],
            ['y', '2'],
          ].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
        );
        expect(rows(send(d, 's2', `SELECT count(*) FROM ${quote(table)} WHERE ${quote(column)} = '${value}'`), 's2')).toEqual([['1']]);
        // A snapshot copy (seeking) keeps the table as an own entry.
        expect(Object.hasOwn(cloneState(d.state).tables, table)).toBe(true);
        expect(error(send(d, 's1', `DELETE FROM ${quote(table)} WHERE id = 1`), 's1')).toBeNull();
        expect(error(send(d, 's1', `DROP TABLE ${quote(table)}`), 's1')).toBeNull();
        expect(error(send(d, 's1', `SELECT * FROM ${quote(table)}`), 's1')).toBe('42P01');
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it.each(PROTO_NAMES)('a column "%s" that does not exist is 42703, and a table of that name 42P01', (n) => {
    const d = txnLab('CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 1);', ['s1']);
    const cases: [string, string, string][] = [
      [`SELECT ${quote(n)} FROM t`, '42703', `column "${n}" does not exist`],
      [`SELECT id FROM t WHERE ${quote(n)} = 1`, '42703', `column "${n}" does not exist`],
      [`SELECT id FROM t ORDER BY ${quote(n)}`, '42703', `column "${n}" does not exist`],
      [`SELECT sum(${quote(n)}) FROM t`, '42703', `column "${n}" does not exist`],
      [`UPDATE t SET ${quote(n)} = 5`, '42703', `column "${n}" of relation "t" does not exist`],
      [`UPDATE t SET v = ${quote(n)}`, '42703', `column "${n}" does not exist`],
      [`INSERT INTO t (id, ${quote(n)}) VALUES (2, 2)`, '42703', `column "${n}" of relation "t" does not exist`],
      [`SELECT * FROM ${quote(n)}`, '42P01', `relation "${n}" does not exist`],
      [`DELETE FROM ${quote(n)}`, '42P01', `relation "${n}" does not exist`],
      [`DROP TABLE ${quote(n)}`, '42P01', `table "${n}" does not exist`],
      [`CREATE TABLE u (id int REFERENCES ${quote(n)})`, '42P01', `relation "${n}" does not exist`],
      [`CREATE TABLE u (id int, PRIMARY KEY (${quote(n)}))`, '42703', `column "${n}" named in key does not exist`],
    ];
    for (const [sql, code, message] of cases) {
      const ev = send(d, 's1', sql);
      expect([sql, error(ev, 's1'), messageOf(ev, 's1')]).toEqual([sql, code, message]);
    }
  });

  it.each(['__proto__', 'constructor'])('a table "%s" created or dropped in a rolled-back block is restored', (n) => {
    const d = txnLab(`CREATE TABLE ${quote(n)} (id int); INSERT INTO ${quote(n)} VALUES (7);`, ['s1']);
    send(d, 's1', `BEGIN; DROP TABLE ${quote(n)}`);
    send(d, 's1', 'ROLLBACK');
    expect(rows(send(d, 's1', `SELECT id FROM ${quote(n)}`), 's1')).toEqual([['7']]);
    send(d, 's1', `BEGIN; DROP TABLE ${quote(n)}; CREATE TABLE ${quote(n)} (other int)`);
    send(d, 's1', 'ROLLBACK');
    expect(rows(send(d, 's1', `SELECT * FROM ${quote(n)}`), 's1')).toEqual([['7']]);
  });
});
