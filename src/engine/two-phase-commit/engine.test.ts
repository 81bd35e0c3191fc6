import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { part as partOf, refusalOf, transfer, TWO_BANKS, twopc, type TwopcDriver } from '../../../test/support/two-phase-commit';
import type { RefusedEvent } from '../core/lab';
import { decisionOf, outcomeOf } from './check';
import { twopcLab } from './engine';
import { OptionsSchema } from './schema';
import type { Event } from './types';
import { view } from './view';

const types = (events: readonly (Event | RefusedEvent)[]) => events.map((e) => e.type);
const part = (d: TwopcDriver, name: string) => partOf(d.state, name);

describe('When every participant votes yes', () => {
  it('both banks commit the transfer, and the coordinator forces COMMIT before anyone hears it', () => {
    const d = twopc();
    d.run(transfer());
    d.run({ type: 'commit', gid: 'tx1' });
    const events = d.run({ type: 'run' }).events;
    expect(outcomeOf(d.state, 'tx1')).toBe('committed');
    expect(part(d, 'bank_a').rows).toEqual({ alice: 70 });
    expect(part(d, 'bank_b').rows).toEqual({ bob: 80 });
    expect(part(d, 'bank_a').locks).toEqual({});
    const flushed = events.findIndex((e) => e.type === 'wal.flushed' && e.node === 'coordinator');
    const firstCommit = events.findIndex((e) => e.type === 'msg.sent' && e.kind === 'COMMIT_PREPARED');
    expect(flushed).toBeGreaterThanOrEqual(0);
    expect(flushed).toBeLessThan(firstCommit);
    // COMMIT is durable, END is written lazily (presumed abort needs no forced END).
    const log = d.state.coord.wal;
    expect(log.records.map((r) => r.kind)).toEqual(['COMMIT', 'END']);
    expect(log.records[0].end).toBeLessThanOrEqual(log.flushed);
    expect(log.records[1].end).toBeGreaterThan(log.flushed);
    expect(d.state.flight).toEqual([]);
  });

  it('each PREPARE record is flushed before the yes vote leaves, and carries the row locks', () => {
    const d = twopc();
    d.run(transfer());
    d.run({ type: 'commit', gid: 'tx1' });
    const events = d.run({ type: 'deliver', to: 'bank_a' }).events;
    const prep = part(d, 'bank_a').wal.records.find((r) => r.kind === 'PREPARE')!;
    expect(prep.gid).toBe('tx1');
    expect(prep.locks).toEqual(['alice']);
    expect(prep.end).toBeLessThanOrEqual(part(d, 'bank_a').wal.flushed);
    expect(types(events).indexOf('wal.flushed')).toBeLessThan(types(events).indexOf('msg.sent'));
    expect(view(d.state).nodes[1].preparedXacts).toEqual([
      { transaction: 750, gid: 'tx1', prepared: d.state.now, owner: 'postgres', database: 'bank' },
    ]);
  });

  it('LSNs start where a fresh cluster starts, 0/1000028', () => {
    const d = twopc();
    d.run(transfer());
    expect(view(d.state).nodes[1].wal.records[0].lsn).toBe('0/1000028');
  });
});

describe('When one participant votes no', () => {
  it('the coordinator aborts and every participant rolls back, the balances untouched', () => {
    const d = twopc();
    d.run({ ...transfer(), voteNo: ['bank_b'] });
    d.run({ type: 'commit', gid: 'tx1' });
    d.run({ type: 'run' });
    expect(outcomeOf(d.state, 'tx1')).toBe('aborted');
    expect(part(d, 'bank_a').rows).toEqual({ alice: 100 });
    expect(part(d, 'bank_b').rows).toEqual({ bob: 50 });
    expect(decisionOf(d.state, 'tx1')).toBe('abort');
    expect(Object.keys(part(d, 'bank_a').locks)).toEqual([]);
  });

  it('a CHECK violation makes PREPARE TRANSACTION roll back, so the vote is no', () => {
    const d = twopc({
      participants: [
        { name: 'bank_a', rows: { alice: 10 }, min: 0 },
        { name: 'bank_b', rows: { bob: 50 } },
      ],
    });
    const begun = d.run(transfer()).events;
    expect(begun).toContainEqual(
      expect.objectContaining({
        type: 'statement.failed',
        sqlstate: '23514',
        message: 'new row for relation "accounts" violates check constraint "accounts_balance_check"',
      }),
    );
    d.run({ type: 'commit', gid: 'tx1' });
    const events = d.run({ type: 'run' }).events;
    expect(events).toContainEqual(expect.objectContaining({ type: 'decision.made', decision: 'abort' }));
    expect(outcomeOf(d.state, 'tx1')).toBe('aborted');
    expect(part(d, 'bank_b').rows.bob).toBe(50);
  });

  it('max_prepared_transactions = 0 refuses PREPARE TRANSACTION with 55000', () => {
    const d = twopc({
      participants: [
        { name: 'bank_a', rows: { alice: 100 }, max_prepared_transactions: 0 },
        { name: 'bank_b', rows: { bob: 50 } },
      ],
    });
    d.run(transfer());
    d.run({ type: 'commit', gid: 'tx1' });
    const events = d.run({ type: 'run' }).events;
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'statement.failed',
        node: 'bank_a',
        sqlstate: '55000',
        message: 'prepared transactions are disabled',
      }),
    );
    expect(outcomeOf(d.state, 'tx1')).toBe('aborted');
  });
});

describe('When the coordinator crashes after sending PREPARE', () => {
  it('participants stay prepared, in doubt, holding their locks; a later transaction waits for them', () => {
    const d = twopc();
    d.run(transfer());
    d.run({ type: 'commit', gid: 'tx1' });
    d.run({ type: 'deliver', to: 'bank_a' });
    d.run({ type: 'deliver', to: 'bank_b' });
    d.run({ type: 'crash', node: 'coordinator' });
    d.run({ type: 'run' });
    expect(outcomeOf(d.state, 'tx1')).toBe('in doubt');
    const v = view(d.state);
    expect(v.nodes[1].pieces[0].badge).toBe('in doubt');
    expect(v.nodes[1].locks).toEqual([{ key: 'alice', xid: 750, gid: 'tx1', prepared: true }]);
    const wait = d.run({ type: 'begin', gid: 'tx2', local: true, writes: [{ node: 'bank_a', key: 'alice', add: -5 }] }).events;
    expect(wait).toContainEqual(expect.objectContaining({ type: 'lock.awaited', gid: 'tx2', key: 'alice', holder: 750, holderGid: 'tx1' }));
    // Time passing changes nothing: nobody is left to decide.
    d.run({ type: 'tick', ms: 10_000 });
    expect(outcomeOf(d.state, 'tx1')).toBe('in doubt');
    expect(part(d, 'bank_a').pieces.find((x) => x.gid === 'tx2')?.state).toBe('waiting');
  });

  it('the restarted coordinator finds no COMMIT record, presumes abort, and the waiting transaction runs on', () => {
    const d = twopc();
    d.run(transfer());
    d.run({ type: 'commit', gid: 'tx1' });
    d.run({ type: 'deliver', to: 'bank_a' });
    d.run({ type: 'deliver', to: 'bank_b' });
    d.run({ type: 'crash', node: 'coordinator' });
    d.run({ type: 'run' });
    d.run({ type: 'begin', gid: 'tx2', local: true, writes: [{ node: 'bank_a', key: 'alice', add: -5 }] });
    d.run({ type: 'recover', node: 'coordinator' });
    const events = d.run({ type: 'run' }).events;
    expect(events).toContainEqual(expect.objectContaining({ type: 'lock.granted', gid: 'tx2', key: 'alice' }));
    expect(outcomeOf(d.state, 'tx1')).toBe('aborted');
    d.run({ type: 'commit', gid: 'tx2' });
    expect(part(d, 'bank_a').rows.alice).toBe(95);
  });
});

describe('When the coordinator crashes before asking anyone to prepare', () => {
  it('its connections close and every participant rolls back the open work; nothing is left in doubt', () => {
    const d = twopc();
    d.run(transfer());
    d.run({ type: 'begin', gid: 'mine', local: true, writes: [{ node: 'bank_a', key: 'carol', set: 5 }] });
    const events = d.run({ type: 'crash', node: 'coordinator' }).events;
    expect(events.filter((e) => e.type === 'txn.aborted').map((e) => e.type === 'txn.aborted' && `${e.node} ${e.gid} ${e.reason}`)).toEqual(
      ['bank_a tx1 its client connection closed', 'bank_b tx1 its client connection closed'],
    );
    // A local transaction has its own session: it is untouched and still holds its lock.
    expect(part(d, 'bank_a').locks).toEqual({ carol: 751 });
    expect(outcomeOf(d.state, 'tx1')).toBe('aborted');
  });
});

describe('When a participant crashes after voting yes', () => {
  it('its prepared transaction comes back from the WAL with its locks, and the coordinator finishes the commit', () => {
    const d = twopc();
    d.run(transfer());
    d.run({ type: 'commit', gid: 'tx1' });
    d.run({ type: 'deliver', to: 'bank_b' });
    d.run({ type: 'crash', node: 'bank_b' });
    expect(part(d, 'bank_b').locks).toEqual({});
    expect(view(d.state).nodes[2].onDisk).toEqual(['tx1']);
    d.run({ type: 'run', ms: 100 });
    // Votes are in, COMMIT is logged, but bank_b is down: the decision waits for it.
    expect(decisionOf(d.state, 'tx1')).toBe('commit');
    expect(outcomeOf(d.state, 'tx1')).toBe('in doubt');
    const rec = d.run({ type: 'recover', node: 'bank_b' }).events;
    expect(rec).toContainEqual(expect.objectContaining({ type: 'node.restarted', node: 'bank_b', prepared: ['tx1'] }));
    expect(part(d, 'bank_b').locks).toEqual({ bob: 850 });
    d.run({ type: 'run' });
    expect(outcomeOf(d.state, 'tx1')).toBe('committed');
    expect(part(d, 'bank_b').rows.bob).toBe(80);
  });

  it('a crash loses the unflushed WAL of an open transaction, which is then gone for good', () => {
    const d = twopc();
    d.run(transfer());
    const crash = d.run({ type: 'crash', node: 'bank_a' }).events;
    expect(crash).toContainEqual({ type: 'node.crashed', node: 'bank_a', lostRecords: 1, lostTxns: ['tx1'] });
    d.run({ type: 'recover', node: 'bank_a' });
    expect(part(d, 'bank_a').rows).toEqual({ alice: 100 });
    d.run({ type: 'commit', gid: 'tx1' });
    d.run({ type: 'run' });
    expect(outcomeOf(d.state, 'tx1')).toBe('aborted');
  });

  it('after a checkpoint the prepared transaction is restored from its pg_twophase state file', () => {
    const d = twopc();
    d.run(transfer());
    d.run({ type: 'commit', gid: 'tx1' });
    d.run({ type: 'deliver', to: 'bank_a' });
    const cp = d.run({ type: 'checkpoint', node: 'bank_a' }).events;
    expect(cp).toContainEqual(expect.objectContaining({ type: 'checkpoint.finished', twophaseFiles: ['pg_twophase/000002EE'] }));
    d.run({ type: 'crash', node: 'bank_a' });
    const rec = d.run({ type: 'recover', node: 'bank_a' }).events;
    expect(rec).toContainEqual(expect.objectContaining({ type: 'node.restarted', fromTwophase: ['tx1'], prepared: ['tx1'] }));
    d.run({ type: 'run' });
    expect(outcomeOf(d.state, 'tx1')).toBe('committed');
    expect(part(d, 'bank_a').rows.alice).toBe(70);
  });
});

describe('When the coordinator crashes right after forcing COMMIT', () => {
  it('no participant has heard it, yet recovery resends COMMIT PREPARED and both commit', () => {
    const d = twopc();
    d.run(transfer());
    d.run({ type: 'crash', node: 'coordinator', at: 'decision-logged' });
    d.run({ type: 'commit', gid: 'tx1' });
    d.run({ type: 'run' });
    expect(d.state.coord.up).toBe(false);
    expect(d.state.flight).toEqual([]);
    expect(decisionOf(d.state, 'tx1')).toBe('commit');
    expect(outcomeOf(d.state, 'tx1')).toBe('in doubt');
    d.run({ type: 'recover', node: 'coordinator' });
    d.run({ type: 'run' });
    expect(outcomeOf(d.state, 'tx1')).toBe('committed');
    expect(d.state.coord.wal.records.map((r) => r.kind)).toEqual(['COMMIT', 'END']);
  });

  it('a participant that already committed answers a resent COMMIT PREPARED with 42704, which counts as done', () => {
    const d = twopc();
    d.run(transfer());
    d.run({ type: 'commit', gid: 'tx1' });
    d.run({ type: 'run', ms: 60 }); // votes in, COMMIT PREPARED sent; some answers may be on the way
    d.run({ type: 'crash', node: 'coordinator' });
    d.run({ type: 'run' });
    expect(outcomeOf(d.state, 'tx1')).toBe('committed');
    d.run({ type: 'recover', node: 'coordinator' });
    const events = d.run({ type: 'run' }).events;
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'statement.failed',
        sqlstate: '42704',
        message: 'prepared transaction with identifier "tx1" does not exist',
      }),
    );
    expect(events).toContainEqual({ type: 'gtx.ended', gid: 'tx1' });
  });
});

describe('When messages are lost', () => {
  it('a lost vote makes the coordinator give up after its timeout and roll back', () => {
    const d = twopc();
    d.run(transfer());
    d.run({ type: 'commit', gid: 'tx1' });
    d.run({ type: 'deliver', to: 'bank_a' });
    d.run({ type: 'drop', from: 'bank_a' });
    const events = d.run({ type: 'run' }).events;
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'decision.made', decision: 'abort', reason: expect.stringContaining('no vote from bank_a') }),
    );
    expect(outcomeOf(d.state, 'tx1')).toBe('aborted');
  });

  it('a lost COMMIT PREPARED is resent until the participant answers', () => {
    const d = twopc();
    d.run(transfer());
    d.run({ type: 'commit', gid: 'tx1' });
    // Deliver one message at a time until the COMMIT PREPARED for bank_b is on the wire, then lose it.
    const commitToB = () => d.state.flight.find((m) => m.kind === 'COMMIT_PREPARED' && m.to === 'bank_b');
    for (let i = 0; i < 20 && !commitToB(); i++) d.run({ type: 'deliver' });
    const lost = commitToB();
    expect(lost).toBeDefined();
    expect(d.state.flight.filter((m) => m.to === 'bank_b').map((m) => m.id)).toEqual([lost!.id]);
    d.run({ type: 'drop', to: 'bank_b' });
    expect(outcomeOf(d.state, 'tx1')).toBe('in doubt');
    const events = d.run({ type: 'run' }).events;
    const resent = events.filter((e) => e.type === 'msg.sent' && e.kind === 'COMMIT_PREPARED' && e.to === 'bank_b');
    expect(resent.length).toBeGreaterThanOrEqual(1);
    expect(events).toContainEqual(expect.objectContaining({ type: 'txn.committed', node: 'bank_b', gid: 'tx1' }));
    expect(outcomeOf(d.state, 'tx1')).toBe('committed');
    expect(part(d, 'bank_b').rows).toEqual({ bob: 80 });
  });
});

describe('When the same scenario runs twice', () => {
  it('the same seed gives the same messages and times, another seed different ones', () => {
    const play = (seed: number) => {
      const d = twopc({ ...TWO_BANKS, loss: 0.2 }, seed);
      d.run(transfer());
      d.run({ type: 'commit', gid: 'tx1' });
      d.run({ type: 'run' });
      return JSON.stringify(view(d.state));
    };
    expect(play(7)).toBe(play(7));
    expect(play(7)).not.toBe(play(8));
  });
});

describe('When an action or an option makes no sense', () => {
  it('a refusal is the kernel’s action.refused event: nothing else happens, only the logical clock counts the step', () => {
    const d = twopc();
    d.run(transfer());
    const before = structuredClone(d.state);
    expect(d.try({ type: 'commit', gid: 'nope' })).toEqual([{ type: 'action.refused', message: 'There is no global transaction "nope".' }]);
    expect({ ...d.state, clock: before.clock }).toEqual(before);
    expect(d.state.clock).toBe(before.clock + 1);
  });

  it('the logical clock moves once per action, whatever network time passes', () => {
    const d = twopc();
    d.run(transfer(), { type: 'commit', gid: 'tx1' }, { type: 'run' }, { type: 'tick', ms: 500 });
    expect(d.state.clock).toBe(4);
    expect(d.state.now).toBeGreaterThan(500);
    expect(d.of('clock.advanced')).toEqual([{ type: 'clock.advanced', from: d.state.now - 500, to: d.state.now }]);
  });

  it('refusals name the problem', () => {
    const d = twopc();
    expect(refusalOf(d, { type: 'commit', gid: 'nope' })).toBe('There is no global transaction "nope".');
    expect(refusalOf(d, { type: 'recover', node: 'bank_a' })).toBe('bank_a is not down.');
    expect(refusalOf(d, { type: 'crash', node: 'bank_z' })).toBe('There is no node "bank_z".');
    expect(refusalOf(d, { type: 'deliver' })).toBe('No message in flight matches.');
    expect(refusalOf(d, { type: 'crash', node: 'coordinator', at: 'prepared' })).toMatch(/participant/);
    d.run({ type: 'crash', node: 'bank_b' });
    expect(refusalOf(d, transfer())).toBe('bank_b is down: the application cannot connect to it.');
    expect(
      refusalOf(d, {
        type: 'begin',
        gid: 'x',
        local: true,
        writes: [
          { node: 'bank_a', key: 'a', set: 1 },
          { node: 'bank_b', key: 'b', set: 1 },
        ],
      }),
    ).toBe('A local transaction writes on one participant only.');
  });

  it('the options schema refuses duplicate names, a bad latency range and a sixth participant', () => {
    const bad = (o: unknown) => v.safeParse(OptionsSchema, o).issues?.[0].message;
    expect(bad({ participants: [{ name: 'a' }, { name: 'a' }] })).toBe('participant names must be unique');
    expect(bad({ participants: [{ name: 'a' }, { name: 'b' }], latency: { min: 9, max: 3 } })).toBe(
      'latency.min must not exceed latency.max',
    );
    expect(bad({ participants: [{ name: 'coordinator' }, { name: 'b' }] })).toMatch(/coordinator/);
    expect(v.safeParse(OptionsSchema, { participants: ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => ({ name })) }).success).toBe(false);
  });

  it('describe and suggest speak of what happened and what can happen next', () => {
    const d = twopc();
    const events = d.run(transfer()).events;
    expect(twopcLab.describe(events, transfer())).toContain('bank_a begins xid 750 for tx1');
    const labels = twopcLab.suggest(d.state).map((s) => s.label);
    expect(labels).toContain('Commit tx1');
    expect(labels).toContain('Crash bank_a');
  });
});
