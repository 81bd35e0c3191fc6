import { describe, expect, it } from 'vitest';
import { LabDriver } from '../core/driver';
import type { EventOf } from '../core/lab';
import { intentLog } from './engine';
import type { Action, KeyedRow, Options, Row, State } from './types';

type Event = EventOf<typeof intentLog>;

type Tables = Record<string, KeyedRow[]>;

/** A fresh database over these tables, and `run` to step it through the kernel, refusals included. */
function open(tables: Options['tables']) {
  const lab = new LabDriver(intentLog, { tables }, 1);
  const run = (...actions: Action[]): Event[] => actions.flatMap((a) => lab.try(a));
  return { state: lab.state, run };
}

const tables = (): Tables => ({
  accounts: [
    { key: 'a', values: { n: 10, s: 'x' } },
    { key: 'b', values: { n: 20, s: 'y' } },
  ],
  orders: [{ key: 'o1', values: { n: 1, s: 'new' } }],
});

const rowOf = (state: State, table: string, key: string): Row | null => state.tables[table]?.find((r) => r.key === key)?.values ?? null;
const refusalOf = (events: Event[]) => (events[0]?.type === 'action.refused' ? events[0].message : null);
/** The state apart from the logical clock, which every action moves, refused or not. */
const unclocked = (state: State) => ({ ...state, clock: 0 });

describe('When a transaction writes', () => {
  it('logs the intent with before and after images, then changes the table', () => {
    const db = open(tables());
    db.run({ type: 'begin', tx: 'T1' });
    const events = db.run({ type: 'update', tx: 'T1', table: 'accounts', key: 'a', set: { s: 'z' }, add: { n: 5 } });
    expect(events.map((e) => e.type)).toEqual(['log.appended', 'row.applied']);
    const record = db.state.log.at(-1);
    expect(record).toEqual({
      seq: 2,
      kind: 'WRITE',
      tx: 'T1',
      op: 'update',
      table: 'accounts',
      key: 'a',
      before: { n: 10, s: 'x' },
      after: { n: 15, s: 'z' },
      pos: 0,
    });
    expect(events[0]).toEqual({ type: 'log.appended', record });
    expect(db.state.tables.accounts.map((r) => r.key)).toEqual(['a', 'b']);
    expect(rowOf(db.state, 'accounts', 'a')).toEqual({ n: 15, s: 'z' });
    db.run(
      { type: 'insert', tx: 'T1', table: 'orders', key: 'o2', values: { n: 2 } },
      { type: 'delete', tx: 'T1', table: 'accounts', key: 'b' },
    );
    expect(db.state.log.slice(-2).map((r) => r.kind === 'WRITE' && [r.op, r.before, r.after, r.pos])).toEqual([
      ['insert', null, { n: 2 }, -1],
      ['delete', { n: 20, s: 'y' }, null, 1],
    ]);
    expect(db.state.tables.orders.map((r) => r.key)).toEqual(['o1', 'o2']);
    expect(rowOf(db.state, 'accounts', 'b')).toBeNull();
    expect(intentLog.view(db.state).uncommitted).toEqual({ accounts: { a: 'T1', b: 'T1' }, orders: { o2: 'T1' } });
  });
});

describe('When a transaction commits or rolls back', () => {
  it('commit appends a COMMIT record and ends the transaction', () => {
    const db = open(tables());
    db.run({ type: 'begin', tx: 'T1' }, { type: 'update', tx: 'T1', table: 'accounts', key: 'a', add: { n: 1 } });
    expect(db.run({ type: 'commit', tx: 'T1' })).toEqual([
      { type: 'log.appended', record: { seq: 3, kind: 'COMMIT', tx: 'T1' } },
      { type: 'txn.committed', tx: 'T1' },
    ]);
    expect(db.state.txns.get('T1')).toBe('committed');
    expect(intentLog.view(db.state).uncommitted).toEqual({});
    expect(refusalOf(db.run({ type: 'update', tx: 'T1', table: 'accounts', key: 'a', add: { n: 1 } }))).toBe('T1 is already committed.');
  });

  it('rollback restores every row from its before image, newest first', () => {
    const db = open(tables());
    db.run(
      { type: 'begin', tx: 'T1' },
      { type: 'update', tx: 'T1', table: 'accounts', key: 'a', add: { n: 1 } },
      { type: 'insert', tx: 'T1', table: 'orders', key: 'o2', values: { n: 2 } },
      { type: 'update', tx: 'T1', table: 'accounts', key: 'a', set: { s: 'q' } },
    );
    const events = db.run({ type: 'rollback', tx: 'T1' });
    expect(events).toEqual([
      { type: 'log.appended', record: { seq: 5, kind: 'ABORT', tx: 'T1', byRecovery: false } },
      { type: 'txn.aborted', tx: 'T1', restored: 3 },
    ]);
    expect(db.state.tables).toEqual(tables());
    expect(db.state.txns.get('T1')).toBe('aborted');
  });
});

describe('When the server crashes', () => {
  it('marks in-flight transactions lost and refuses everything but recovery', () => {
    const db = open(tables());
    db.run(
      { type: 'begin', tx: 'T1' },
      { type: 'begin', tx: 'T2' },
      { type: 'update', tx: 'T1', table: 'accounts', key: 'a', add: { n: 1 } },
      { type: 'commit', tx: 'T2' },
    );
    expect(db.run({ type: 'crash' })).toEqual([{ type: 'node.crashed', inFlight: ['T1'] }]);
    expect(Object.fromEntries(db.state.txns)).toEqual({ T1: 'lost', T2: 'committed' });
    const frozen = structuredClone(db.state);
    for (const a of [
      { type: 'begin', tx: 'T3' },
      { type: 'update', tx: 'T1', table: 'accounts', key: 'a', add: { n: 1 } },
      { type: 'commit', tx: 'T1' },
      { type: 'rollback', tx: 'T1' },
      { type: 'crash' },
    ] as const) {
      expect(refusalOf(db.run(a))).toBe('The database is down after the crash: recover first.');
    }
    expect(unclocked(db.state)).toEqual(unclocked(frozen));
    const recovery = db.run({ type: 'recover' });
    expect(recovery.at(-1)).toEqual({ type: 'recovery.finished', committed: ['T2'], rolledBack: ['T1'] });
    expect(db.state.tables).toEqual(tables());
    expect(Object.fromEntries(db.state.txns)).toEqual({ T1: 'aborted', T2: 'committed' });
    expect(db.state.log.at(-1)).toEqual({ seq: 5, kind: 'ABORT', tx: 'T1', byRecovery: true });
    expect(refusalOf(db.run({ type: 'commit', tx: 'T1' }))).toBe('T1 is already aborted.');
    expect(refusalOf(db.run({ type: 'recover' }))).toBe('Nothing to recover: the database is running.');
  });
});

describe('When another transaction has an uncommitted change on a row', () => {
  it('refuses to write that row until the change commits', () => {
    const db = open(tables());
    db.run({ type: 'begin', tx: 'T1' }, { type: 'begin', tx: 'T2' }, { type: 'delete', tx: 'T1', table: 'accounts', key: 'a' });
    const frozen = structuredClone(db.state);
    for (const a of [
      { type: 'insert', tx: 'T2', table: 'accounts', key: 'a', values: { n: 0 } },
      { type: 'update', tx: 'T2', table: 'accounts', key: 'a', add: { n: 1 } },
      { type: 'delete', tx: 'T2', table: 'accounts', key: 'a' },
    ] as const) {
      expect(refusalOf(db.run(a))).toMatch(/^accounts "a" has an uncommitted change by T1/);
    }
    expect(unclocked(db.state)).toEqual(unclocked(frozen));
    expect(refusalOf(db.run({ type: 'insert', tx: 'T1', table: 'accounts', key: 'a', values: { n: 1 } }))).toBeNull();
    expect(refusalOf(db.run({ type: 'update', tx: 'T2', table: 'accounts', key: 'b', add: { n: 1 } }))).toBeNull();
    db.run({ type: 'commit', tx: 'T1' });
    expect(refusalOf(db.run({ type: 'update', tx: 'T2', table: 'accounts', key: 'a', add: { n: 1 } }))).toBeNull();
    expect(rowOf(db.state, 'accounts', 'a')).toEqual({ n: 2 });
  });
});

describe('When an action is refused', () => {
  it('says why in one refusal', () => {
    const db = open({ ...tables(), toString: [] });
    db.run({ type: 'begin', tx: 'T1' });
    const cases: [Action, string][] = [
      [{ type: 'begin', tx: 'T1' }, 'T1 has already begun.'],
      [{ type: 'commit', tx: 'T9' }, 'T9 has not begun.'],
      [{ type: 'insert', tx: 'T1', table: 'nope', key: 'k', values: {} }, 'There is no table "nope".'],
      [{ type: 'insert', tx: 'T1', table: 'constructor', key: 'k', values: {} }, 'There is no table "constructor".'],
      [{ type: 'insert', tx: 'T1', table: 'accounts', key: 'a', values: {} }, 'accounts already has a row with key "a".'],
      [{ type: 'update', tx: 'T1', table: 'accounts', key: 'zz', set: { s: 'q' } }, 'accounts has no row with key "zz".'],
      [{ type: 'update', tx: 'T1', table: 'accounts', key: 'a', add: { s: 1 } }, 'accounts.s is not a number.'],
      [{ type: 'delete', tx: 'T1', table: 'orders', key: 'zz' }, 'orders has no row with key "zz".'],
      [{ type: 'recover' }, 'Nothing to recover: the database is running.'],
    ];
    for (const [action, message] of cases) expect(db.run(action)).toEqual([{ type: 'action.refused', message }]);
  });

  it('names like "toString" are ordinary tables and transactions, not Object.prototype members', () => {
    const db = open({ toString: [{ key: 'k', values: { n: 1 } }] });
    db.run({ type: 'begin', tx: 'constructor' }, { type: 'update', tx: 'constructor', table: 'toString', key: 'k', add: { n: 1 } });
    expect(intentLog.view(db.state).uncommitted).toEqual({ toString: { k: 'constructor' } });
    expect(db.run({ type: 'commit', tx: 'constructor' })[1]).toEqual({ type: 'txn.committed', tx: 'constructor' });
    expect(intentLog.check(db.state, { rows: { hasOwnProperty: [], toString: [{ key: 'k', values: { n: 2 } }] } })).toMatchObject({
      ok: true,
      failures: [],
    });
  });
});

describe('When a DELETE is undone', () => {
  it('the row returns to where it was, not to the end of the table', () => {
    const tables = {
      t: [
        { key: 'a', values: { n: 1 } },
        { key: 'b', values: { n: 2 } },
        { key: 'c', values: { n: 3 } },
      ],
    };
    for (const end of [{ type: 'rollback', tx: 'T1' } as const, { type: 'crash' } as const]) {
      const lab = new LabDriver(intentLog, { tables }, 1).run(
        { type: 'begin', tx: 'T1' },
        { type: 'delete', tx: 'T1', table: 't', key: 'b' },
        end,
      );
      if (end.type === 'crash') lab.run({ type: 'recover' });
      expect(lab.state.tables.t.map((r) => r.key)).toEqual(['a', 'b', 'c']);
    }
  });
});
