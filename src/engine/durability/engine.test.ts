import { describe, expect, it } from 'vitest';
import { openDurability, rowsOf } from '../../../test/support/durability';
import { parseScenario } from '../scenario/schema';
import { formatLsn } from '../wal/lsn';
import { durability } from './engine';
import type { Action } from './types';

const accounts = [
  { key: 'alice', values: { balance: 100 } },
  { key: 'bob', values: { balance: 50 } },
];
const move = (tx: string, amount: number): Action[] => [
  { type: 'begin', tx },
  { type: 'update', tx, table: 'accounts', key: 'alice', add: { balance: -amount } },
  { type: 'update', tx, table: 'accounts', key: 'bob', add: { balance: amount } },
];

describe('When the cluster starts', () => {
  it('has a shutdown checkpoint at 0/1000028 in pg_control and its rows on disk, not in shared buffers', () => {
    const lab = openDurability({ tables: { accounts } });
    expect(formatLsn(lab.state.control.checkPoint)).toBe('0/1000028');
    expect(lab.state.control.redo).toBe(lab.state.control.checkPoint);
    expect(lab.view().frames.every((f) => f.page === null)).toBe(true);
    expect(rowsOf(lab, 'accounts')).toEqual({ alice: { balance: 100 }, bob: { balance: 50 } });
  });

  it('gives state that survives structuredClone (snapshots) unchanged', () => {
    const lab = openDurability({ tables: { accounts } }).run(...move('T1', 5));
    expect(durability.view(structuredClone(lab.state))).toEqual(lab.view());
  });

  it('copies state for snapshots with clone(), independent of the original', () => {
    const lab = openDurability({ tables: { accounts } }).run(...move('T1', 5), { type: 'checkpoint', spread: true });
    const copy = durability.clone!(lab.state);
    expect(copy).toEqual(structuredClone(lab.state));
    lab.run({ type: 'tick' }, { type: 'commit', tx: 'T1' }, { type: 'crash' }, { type: 'recover' });
    expect(durability.view(copy)).toEqual(durability.view(structuredClone(copy)));
    expect(copy.txns.T1.status).toBe('active');
    expect(copy.checkpoint).toBe(copy.checkpoints.at(-1));
  });
});

describe('When a checkpoint runs', () => {
  it('points pg_control at its record, with the REDO point where it started', () => {
    const lab = openDurability({ tables: { accounts } }).run(...move('T1', 5), { type: 'commit', tx: 'T1' });
    const redo = lab.state.wal.insert;
    lab.run({ type: 'checkpoint' });
    const rec = lab.state.wal.records.at(-1)!;
    expect(rec.kind).toBe('CHECKPOINT_ONLINE');
    expect(lab.state.control).toMatchObject({ checkPoint: rec.lsn, redo });
    expect(rec.redo).toBe(redo);
    expect(lab.state.counters.writesByCheckpointer).toBe(1);
    expect(lab.state.pool.frames.some((f) => f.dirty)).toBe(false);
    expect(lab.state.disk.os).toEqual({});
  });

  it('makes the next change of a page log a full-page image, once', () => {
    const lab = openDurability({ tables: { accounts } });
    const fpis = () => lab.of('wal.inserted').map((e) => e.fpi);
    lab.run({ type: 'begin', tx: 'T1' }, { type: 'update', tx: 'T1', table: 'accounts', key: 'alice', add: { balance: 1 } });
    expect(fpis()).toEqual([true]);
    lab.run({ type: 'update', tx: 'T1', table: 'accounts', key: 'bob', add: { balance: 1 } });
    expect(fpis()).toEqual([false]);
    lab.run({ type: 'commit', tx: 'T1' }, { type: 'checkpoint' }, { type: 'begin', tx: 'T2' });
    lab.run({ type: 'update', tx: 'T2', table: 'accounts', key: 'bob', add: { balance: 1 } });
    expect(fpis()).toEqual([true]);
  });

  it('logs no images with full_page_writes off', () => {
    const lab = openDurability({ tables: { accounts }, full_page_writes: false }).run(...move('T1', 1));
    expect(lab.state.counters.fpiCount).toBe(0);
  });

  it('starts by itself after checkpoint_timeout ticks and spreads its writes', () => {
    const lab = openDurability({
      tables: { a: accounts, b: accounts, c: accounts },
      checkpoint_timeout: 4,
      checkpoint_completion_target: 0.5,
    });
    lab.run({ type: 'begin', tx: 'T1' });
    for (const t of ['a', 'b', 'c']) lab.run({ type: 'update', tx: 'T1', table: t, key: 'bob', add: { balance: 1 } });
    lab.run({ type: 'commit', tx: 'T1' }, { type: 'tick', n: 4 });
    expect(lab.of('checkpoint.started')[0]).toMatchObject({ reason: 'time', pages: 3 });
    // 0.5 x 4 ticks = 2 ticks for 3 pages: 2 pages a tick.
    lab.run({ type: 'tick' });
    expect(lab.of('page.written').length).toBe(2);
    lab.run({ type: 'tick' });
    expect(lab.of('checkpoint.finished').length).toBe(1);
  });

  it('starts when the WAL since the REDO point passes max_wal_size / (1 + target)', () => {
    const lab = openDurability({ tables: { accounts }, max_wal_size: 16, checkpoint_completion_target: 1 });
    let reason: string | undefined;
    for (let i = 0; i < 200 && !reason; i++) {
      lab.run(
        { type: 'begin', tx: `T${i}` },
        { type: 'insert', tx: `T${i}`, table: 'accounts', key: `k${i}`, values: { balance: i, note: 'x'.repeat(100) } },
      );
      reason = lab.of('checkpoint.started')[0]?.reason;
      lab.run({ type: 'commit', tx: `T${i}` });
    }
    expect(reason).toBe('wal');
    expect(lab.state.wal.insert - lab.state.control.redo).toBeLessThan(16 * 1024);
  });
});

describe('When transactions commit', () => {
  it('flushes the WAL at COMMIT with synchronous_commit on, and writes no data page', () => {
    const lab = openDurability({ tables: { accounts } }).run(...move('T1', 1), { type: 'commit', tx: 'T1' });
    expect(lab.state.wal.flushed).toBe(lab.state.wal.insert);
    expect(lab.of('wal.flushed')[0].txns).toEqual(['T1']);
    expect(lab.state.counters.pagesWritten).toBe(0);
  });

  it('leaves the flush to the WAL writer with synchronous_commit off', () => {
    const lab = openDurability({ tables: { accounts }, synchronous_commit: false, wal_writer_delay: 2 });
    lab.run(...move('T1', 1), { type: 'commit', tx: 'T1' });
    expect(lab.of('txn.committed')[0]).toMatchObject({ tx: 'T1', durable: false });
    expect(lab.state.wal.flushed).toBeLessThan(lab.state.wal.insert);
    lab.run({ type: 'tick' });
    expect(lab.state.wal.flushed).toBeLessThan(lab.state.wal.insert);
    lab.run({ type: 'tick' });
    expect(lab.of('wal.flushed')[0].reason).toBe('WAL writer');
    expect(lab.state.wal.flushed).toBe(lab.state.wal.insert);
  });

  it('shares one flush among commits held back by commit_delay (group commit)', () => {
    const lab = openDurability({ tables: { accounts }, commit_delay: 2, commit_siblings: 1 });
    lab.run({ type: 'begin', tx: 'T1' }, { type: 'begin', tx: 'T2' }, { type: 'begin', tx: 'T3' });
    lab.run({ type: 'update', tx: 'T1', table: 'accounts', key: 'alice', add: { balance: 1 } });
    lab.run({ type: 'update', tx: 'T2', table: 'accounts', key: 'bob', add: { balance: 1 } });
    lab.run({ type: 'insert', tx: 'T3', table: 'accounts', key: 'carol', values: { balance: 1 } });
    lab.run({ type: 'commit', tx: 'T1' }, { type: 'commit', tx: 'T2' });
    expect(lab.state.txns.T1.status).toBe('committing');
    expect(lab.state.txns.T2.status).toBe('committing');
    expect(lab.try({ type: 'update', tx: 'T1', table: 'accounts', key: 'bob', add: { balance: 1 } })[0]).toMatchObject({
      type: 'action.refused',
    });
    const before = lab.state.counters.walFlushes;
    lab.run({ type: 'tick', n: 2 });
    expect(lab.state.counters.walFlushes).toBe(before + 1);
    expect(lab.of('wal.flushed')[0]).toMatchObject({ reason: 'group commit', txns: ['T1', 'T2'] });
    expect(lab.state.txns.T1.status).toBe('committed');
  });

  it('loses a commit still waiting for its flush when the power fails', () => {
    const lab = openDurability({ tables: { accounts }, commit_delay: 5, commit_siblings: 1 });
    lab.run(...move('T1', 10), { type: 'begin', tx: 'T2' }, { type: 'commit', tx: 'T1' }, { type: 'crash' }, { type: 'recover' });
    expect(lab.state.txns.T1.status).toBe('lost');
    expect(lab.state.txns.T1.reason).toMatch(/still in the WAL buffers/);
    expect(rowsOf(lab, 'accounts')).toEqual({ alice: { balance: 100 }, bob: { balance: 50 } });
  });
});

describe('When a transaction rolls back', () => {
  it('leaves its tuples on the page, invisible, and lets the next writer in', () => {
    const lab = openDurability({ tables: { accounts } }).run(...move('T1', 30), { type: 'abort', tx: 'T1' });
    expect(rowsOf(lab, 'accounts')).toEqual({ alice: { balance: 100 }, bob: { balance: 50 } });
    expect(lab.view().files[0].pages[0].buffer!.tuples).toBe(4);
    lab.run(...move('T2', 1), { type: 'commit', tx: 'T2' });
    expect(rowsOf(lab, 'accounts')).toEqual({ alice: { balance: 99 }, bob: { balance: 51 } });
  });

  it('refuses a write on a row another open transaction changed (no lock waits here)', () => {
    const lab = openDurability({ tables: { accounts } }).run(...move('T1', 30), { type: 'begin', tx: 'T2' });
    const ev = lab.try({ type: 'update', tx: 'T2', table: 'accounts', key: 'alice', add: { balance: 1 } });
    expect(ev.at(-1)).toMatchObject({ type: 'action.refused' });
  });

  it('lets a reader see the committed version, not the uncommitted one', () => {
    const lab = openDurability({ tables: { accounts } }).run(...move('T1', 30), { type: 'read', table: 'accounts', key: 'alice' });
    expect(lab.of('row.read')[0]).toMatchObject({ ctid: '(0,1)', values: { balance: 100 } });
    lab.run({ type: 'read', tx: 'T1', table: 'accounts', key: 'alice' });
    expect(lab.of('row.read')[0]).toMatchObject({ ctid: '(0,3)', values: { balance: 70 } });
  });
});

describe('When recovery replays the WAL', () => {
  it('skips records already on the page (page LSN at or past the record)', () => {
    const lab = openDurability({ tables: { accounts, other: accounts }, full_page_writes: false });
    const bump = (tx: string, table: string): Action => ({ type: 'update', tx, table, key: 'bob', add: { balance: 1 } });
    lab.run({ type: 'begin', tx: 'T0' }, bump('T0', 'accounts'), bump('T0', 'other'), { type: 'commit', tx: 'T0' });
    // The spread checkpoint fixes its REDO point, then T1 changes the accounts page again
    // before the checkpointer writes it: the page reaches disk with T1's change, LSN past REDO.
    lab.run({ type: 'checkpoint', spread: true }, { type: 'begin', tx: 'T1' }, bump('T1', 'accounts'), { type: 'commit', tx: 'T1' });
    lab.run({ type: 'tick' }, { type: 'tick' }, { type: 'crash' }, { type: 'recover' });
    const replays = lab.of('record.replayed');
    expect(replays.map((r) => `${r.kind} ${r.outcome}`)).toEqual([
      'HOT_UPDATE skipped',
      'COMMIT applied',
      'RUNNING_XACTS skipped',
      'CHECKPOINT_ONLINE skipped',
    ]);
    expect(replays[0].reason).toMatch(/already on disk/);
    expect(rowsOf(lab, 'accounts')).toEqual({ alice: { balance: 100 }, bob: { balance: 52 } });
  });

  it('emits one replay event per record and a verdict naming why each transaction survived or not', () => {
    const lab = openDurability({ tables: { accounts } }).run(
      ...move('T1', 5),
      { type: 'commit', tx: 'T1' },
      ...move('T2', 1),
      { type: 'crash' },
      { type: 'recover' },
    );
    expect(lab.of('record.replayed').length).toBe(lab.of('recovery.started')[0].records);
    const verdict = lab.of('recovery.finished')[0];
    expect(verdict.survived.map((t) => t.tx)).toEqual(['T1']);
    expect(verdict.lost).toEqual([{ tx: 'T2', xid: 751, reason: 'no commit record: it was still in progress' }]);
  });

  it('ends with an end-of-recovery checkpoint, so a second crash replays almost nothing', () => {
    const lab = openDurability({ tables: { accounts } }).run(
      ...move('T1', 5),
      { type: 'commit', tx: 'T1' },
      { type: 'crash' },
      { type: 'recover' },
    );
    expect(lab.state.checkpoints.at(-1)!.reason).toBe('end-of-recovery');
    expect(lab.state.wal.records.at(-1)!.kind).toBe('CHECKPOINT_SHUTDOWN');
    const before = lab.state.counters.recordsReplayed;
    lab.run({ type: 'crash' }, { type: 'recover' });
    expect(lab.state.counters.recordsReplayed - before).toBe(1);
  });

  it('refuses work while the server is down', () => {
    const lab = openDurability({ tables: { accounts } }).run({ type: 'crash' });
    expect(lab.try({ type: 'begin', tx: 'T1' })[0]).toMatchObject({ type: 'action.refused' });
    expect(durability.suggest(lab.state).map((s) => s.action.type)).toEqual(['recover']);
  });
});

describe('When settings change mid-scenario', () => {
  it('applies SET', () => {
    const lab = openDurability({ tables: { accounts } }).run({ type: 'set', name: 'synchronous_commit', value: false });
    expect(lab.state.settings.synchronous_commit).toBe(false);
    expect(lab.events).toEqual([{ type: 'setting.changed', name: 'synchronous_commit', value: false }]);
  });

  it('refuses, when a link is decoded, a SET value the option itself would refuse, naming the field', () => {
    const link = (name: string, value: unknown) =>
      parseScenario({
        v: 1,
        lab: 'durability',
        title: 't',
        seed: 1,
        options: {},
        steps: [{ do: { type: 'tick' } }, { do: { type: 'set', name, value } }],
      });
    expect(() => link('checkpoint_timeout', -5)).toThrow('Invalid field steps.1.do.value: Invalid value: Expected >=0 but received -5');
    expect(() => link('wal_buffers', 1e308)).toThrow(/^Invalid field steps\.1\.do\.value: .*<=16384/);
    expect(() => link('checkpoint_completion_target', 1.5)).toThrow(/steps\.1\.do\.value/);
    expect(() => link('full_page_writes', 1)).toThrow('Invalid field steps.1.do.value: Invalid type: Expected boolean but received 1');
    expect(() => link('frames', 3)).toThrow(/^Invalid field steps\.1\.do\.name/);
    expect(link('checkpoint_timeout', 0).steps[1].do).toEqual({ type: 'set', name: 'checkpoint_timeout', value: 0 });
  });

  it('writes WAL out (not flushed) when wal_buffers fill up', () => {
    const lab = openDurability({ tables: { accounts }, wal_buffers: 8 }).run({ type: 'begin', tx: 'T1' });
    for (let i = 0; i < 80; i++) lab.run({ type: 'insert', tx: 'T1', table: 'accounts', key: `k${i}`, values: { note: 'x'.repeat(150) } });
    expect(lab.state.wal.written).toBeGreaterThan(lab.state.wal.flushed);
  });
});

describe('When a row does not fit in a page', () => {
  it('refuses the INSERT or UPDATE and changes nothing (the lab has no TOAST)', () => {
    const lab = openDurability({ tables: { accounts } }).run({ type: 'begin', tx: 'T1' });
    const huge = { a: 'x'.repeat(4000), b: 'x'.repeat(4000), c: 'x'.repeat(4000) };
    const walBefore = lab.state.wal.insert;
    expect(lab.try({ type: 'insert', tx: 'T1', table: 'accounts', key: 'carol', values: huge }).at(-1)).toEqual({
      type: 'action.refused',
      message: 'row is too big for a page',
    });
    expect(lab.try({ type: 'update', tx: 'T1', table: 'accounts', key: 'alice', set: huge }).at(-1)).toEqual({
      type: 'action.refused',
      message: 'row is too big for a page',
    });
    expect(lab.state.wal.insert).toBe(walBefore);
    expect(lab.state.pool.frames.every((f) => f.pin === 0)).toBe(true);
    lab.run({ type: 'update', tx: 'T1', table: 'accounts', key: 'alice', add: { balance: 1 } }, { type: 'commit', tx: 'T1' });
    expect(rowsOf(lab, 'accounts')).toEqual({ alice: { balance: 101 }, bob: { balance: 50 } });
  });
});

describe('When names collide with Object.prototype', () => {
  it('treats "toString" and "constructor" as the strings they are', () => {
    const lab = openDurability({ tables: { accounts } });
    expect(lab.try({ type: 'begin', tx: 'constructor' }).at(-1)).toMatchObject({ type: 'txn.began' });
    expect(lab.try({ type: 'insert', tx: 'constructor', table: 'toString', key: 'x', values: {} }).at(-1)).toMatchObject({
      type: 'action.refused',
    });
    lab.run(
      { type: 'insert', tx: 'constructor', table: 'accounts', key: 'constructor', values: { balance: 1 } },
      { type: 'commit', tx: 'constructor' },
    );
    expect(rowsOf(lab, 'accounts')).toMatchObject({ constructor: { balance: 1 } });
    expect(lab.try({ type: 'read', table: 'accounts', key: 'hasOwnProperty' }).at(-1)).toMatchObject({ type: 'row.read', values: null });
  });
});

describe('The text of actions', () => {
  it('reads like SQL', () => {
    expect(durability.label({ type: 'update', tx: 'T1', table: 'accounts', key: 'alice', add: { balance: -30 } })).toBe(
      "T1: UPDATE accounts SET balance = balance - 30 WHERE key = 'alice'",
    );
    expect(durability.label({ type: 'set', name: 'synchronous_commit', value: false })).toBe('SET synchronous_commit = off');
  });
});

describe('When tables are named after JavaScript object properties', () => {
  it('checks the rows of a table named __proto__ or constructor like any other', () => {
    const tables = JSON.parse('{"__proto__": [{"key": "a", "values": {"n": 1}}], "constructor": [{"key": "b", "values": {"n": 2}}]}');
    const lab = openDurability({ tables });
    const right = JSON.parse('{"__proto__": [{"key": "a", "values": {"n": 1}}], "constructor": [{"key": "b", "values": {"n": 2}}]}');
    expect(durability.check(lab.state, { rows: right }).ok).toBe(true);
    const wrong = JSON.parse('{"__proto__": [{"key": "a", "values": {"n": 9}}]}');
    const result = durability.check(lab.state, { rows: wrong });
    expect(result.ok).toBe(false);
    expect(result.failures.join(' ')).toContain('Happened: __proto__ holds a (n 1)');
  });
});
