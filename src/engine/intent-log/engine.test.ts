import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { workloadArb } from '../../../test/support/intent-log';
import { LabDriver } from '../core/driver';
import type { EventOf } from '../core/lab';
import { intentLog } from './engine';
import type { Action, KeyedRow, Options, Row, State } from './types';

type Event = EventOf<typeof intentLog>;

type Tables = Record<string, KeyedRow[]>;
type WriteAction = Extract<Action, { table: string }>;

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
/** Tables as table -> key -> values, ignoring row order. */
const byKey = (t: Tables) =>
  Object.fromEntries(Object.entries(t).map(([name, rows]) => [name, Object.fromEntries(rows.map((r) => [r.key, r.values]))]));
const isWrite = (a: Action): a is WriteAction => a.type === 'insert' || a.type === 'update' || a.type === 'delete';
const refusalOf = (events: Event[]) => (events[0]?.type === 'action.refused' ? events[0].message : null);
/** The state apart from the logical clock, which every action moves, refused or not. */
const unclocked = (state: State) => ({ ...state, clock: 0 });

/** The test's own model of a write, applied to plain tables (independent of the engine). */
function applyWrite(t: Tables, a: WriteAction): void {
  const rows = t[a.table];
  const i = rows.findIndex((r) => r.key === a.key);
  if (a.type === 'insert') rows.push({ key: a.key, values: { ...a.values } });
  else if (a.type === 'delete') rows.splice(i, 1);
  else {
    const next: Record<string, Row[string]> = { ...rows[i].values, ...a.set };
    for (const [col, n] of Object.entries(a.add ?? {})) next[col] = (rows[i].values[col] as number) + n;
    rows[i] = { key: a.key, values: next };
  }
}

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

  it('every accepted write appends one record whose images match the table before and after (seed 3)', () => {
    fc.assert(
      fc.property(workloadArb(), (w) => {
        const db = open(w.tables);
        for (const action of w.actions) {
          const before = structuredClone(db.state);
          const events = db.run(action);
          if (!isWrite(action) || refusalOf(events) !== null) continue;
          expect(events.map((e) => e.type)).toEqual(['log.appended', 'row.applied']);
          expect(db.state.log).toHaveLength(before.log.length + 1);
          const record = db.state.log.at(-1);
          expect(events[0]).toEqual({ type: 'log.appended', record });
          expect(record).toMatchObject({ kind: 'WRITE', tx: action.tx, op: action.type, table: action.table, key: action.key });
          if (record?.kind !== 'WRITE') throw new Error('not a WRITE record');
          expect(record.before).toEqual(rowOf(before, action.table, action.key));
          expect(record.after).toEqual(rowOf(db.state, action.table, action.key));
          expect(events[1]).toEqual({
            type: 'row.applied',
            tx: action.tx,
            table: action.table,
            key: action.key,
            before: record.before,
            after: record.after,
          });
          for (const name of Object.keys(w.tables)) if (name !== action.table) expect(db.state.tables[name]).toEqual(before.tables[name]);
        }
      }),
      { seed: 3, numRuns: 300 },
    );
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

  it('a rollback gives each row it touches the value it had before the first write, and leaves the rest (seed 4)', () => {
    fc.assert(
      fc.property(workloadArb(), (w) => {
        const db = open(w.tables);
        const firstBefore = new Map<string, Map<string, Row | null>>();
        for (const action of w.actions) {
          const before = structuredClone(db.state);
          const events = db.run(action);
          if (refusalOf(events) !== null) continue;
          if (isWrite(action)) {
            const mine = firstBefore.get(action.tx) ?? new Map<string, Row | null>();
            const id = `${action.table}\u0000${action.key}`;
            if (!mine.has(id)) mine.set(id, rowOf(before, action.table, action.key));
            firstBefore.set(action.tx, mine);
          }
          if (action.type !== 'rollback') continue;
          const restored = firstBefore.get(action.tx) ?? new Map<string, Row | null>();
          const expected = byKey(before.tables);
          for (const [id, row] of restored) {
            const [table, key] = id.split('\u0000');
            if (row === null) delete expected[table][key];
            else expected[table][key] = row;
          }
          expect(byKey(db.state.tables)).toEqual(expected);
          expect(events[1]).toEqual({ type: 'txn.aborted', tx: action.tx, restored: expect.any(Number) });
        }
      }),
      { seed: 4, numRuns: 300 },
    );
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

  it('recovery keeps exactly the committed transactions and undoes the rest (seed 8)', () => {
    let mixed = 0;
    fc.assert(
      fc.property(workloadArb(), (w) => {
        const db = open(w.tables);
        const committed = new Set<string>();
        const accepted: WriteAction[] = [];
        for (const action of [...w.actions, { type: 'crash' } as const]) {
          const events = db.run(action);
          if (refusalOf(events) !== null) continue;
          for (const e of events) if (e.type === 'txn.committed') committed.add(e.tx);
          if (isWrite(action)) accepted.push(action);
        }
        const lost = [...db.state.txns].filter(([, s]) => s === 'lost').map(([t]) => t);
        if (committed.size > 0 && accepted.some((a) => !committed.has(a.tx))) mixed++;
        expect(db.run({ type: 'recover' }).at(-1)?.type).toBe('recovery.finished');

        const expected = structuredClone(w.tables) as Tables;
        for (const a of accepted) if (committed.has(a.tx)) applyWrite(expected, a);
        expect(byKey(db.state.tables)).toEqual(byKey(expected));
        // Row order is exact too, unless an undone DELETE put a row back: it returns to its old index,
        // which committed deletes of earlier rows may have shifted.
        if (!accepted.some((a) => a.type === 'delete' && !committed.has(a.tx))) expect(db.state.tables).toEqual(expected);

        const report = db.state.recovery;
        expect(new Set(report?.committed)).toEqual(committed);
        expect([...(report?.rolledBack ?? [])].sort()).toEqual(lost.sort());
        const shown = intentLog.view(db.state).recovery;
        for (const r of db.state.log)
          if (shown?.verdicts[r.seq] !== undefined) expect(shown.verdicts[r.seq]).toBe(committed.has(r.tx) ? 'kept' : 'discarded');
        expect(report?.kept).toBe(db.state.log.filter((r) => r.seq <= (report?.upTo ?? 0) && committed.has(r.tx)).length);
        for (const s of db.state.txns.values()) expect(['committed', 'aborted']).toContain(s);

        // A second crash right away undoes nothing more.
        const settled = structuredClone(db.state.tables);
        db.run({ type: 'crash' }, { type: 'recover' });
        expect(db.state.tables).toEqual(settled);
        expect(db.state.recovery?.rolledBack).toEqual([]);
      }),
      { seed: 8, numRuns: 300 },
    );
    // Many runs crash with committed work and uncommitted writes side by side.
    expect(mixed).toBeGreaterThan(100);
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
    expect(intentLog.check(db.state, { rows: { hasOwnProperty: [], toString: [{ key: 'k', values: { n: 2 } }] } })).toEqual({
      ok: true,
      failures: [],
    });
  });

  it('leaves the state exactly as it was (seed 5)', () => {
    const reasons = new Set<string>();
    fc.assert(
      fc.property(workloadArb(), (w) => {
        const db = open(w.tables);
        for (const action of w.actions) {
          const before = structuredClone(db.state);
          const events = db.run(action);
          const message = refusalOf(events);
          if (message === null) continue;
          reasons.add(message.replace(/"[^"]*"|T\d+|\w+\.\w+/g, '_').slice(0, 24));
          expect(events).toHaveLength(1);
          expect(message).not.toBe('');
          expect(unclocked(db.state)).toEqual(unclocked(before));
        }
      }),
      { seed: 5, numRuns: 300 },
    );
    // The workloads reach every kind of refusal, so the property is not vacuous.
    expect(reasons.size).toBeGreaterThanOrEqual(10);
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
