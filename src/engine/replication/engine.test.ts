import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { readOn, refusalOf, replication, type ReplicationDriver } from '../../../test/support/replication';
import { applyAction, type RefusedEvent } from '../core/lab';
import { formatLsn } from '../wal/lsn';
import { replicationLab } from './engine';
import { OptionsSchema } from './schema';
import type { Event } from './types';

const rows = { alice: 100, bob: 50 };
const types = (events: readonly (Event | RefusedEvent)[]) => events.map((e) => e.type);
const read = (d: ReplicationDriver, node: string, key: string) => readOn(d.state, node, key);

describe('When a commit is replicated asynchronously', () => {
  it('returns at once, the standby answers the old value until the WAL arrives and is replayed', () => {
    const d = replication({ standbys: ['s1'], latency: { min: 40 }, rows });
    d.run({ type: 'write', tx: 'T1', key: 'alice', value: 90 }, { type: 'commit', tx: 'T1' });
    expect(d.state.txns.get('T1')).toMatchObject({ status: 'committed', acked: true });
    expect(read(d, 'primary', 'alice')).toBe(90);
    expect(read(d, 's1', 'alice')).toBe(100);
    d.run({ type: 'advance', ms: 39 });
    expect(read(d, 's1', 'alice')).toBe(100);
    expect(d.view().replication[0].sent_lsn).toBe(d.state.nodes.primary.flushLsn);
    expect(d.view().replication[0].flush_lsn).toBeLessThan(d.state.nodes.primary.flushLsn);
    d.run({ type: 'advance', ms: 1 });
    expect(read(d, 's1', 'alice')).toBe(90);
    expect(d.state.nodes.s1.replayLsn).toBe(d.state.nodes.primary.flushLsn);
    // The reply is still on the wire: pg_stat_replication learns 40 ms later, with the lag it measured.
    d.run({ type: 'advance', ms: 40 });
    const row = d.view().replication[0];
    expect(row).toMatchObject({ sync_state: 'async', replay_lsn: d.state.nodes.primary.flushLsn, replay_lag: 80 });
  });

  it('counts a read that differs from the primary as stale, and one that matches as not', () => {
    const d = replication({ standbys: ['s1'], rows });
    d.run({ type: 'write', tx: 'T1', key: 'bob', value: 1 }, { type: 'commit', tx: 'T1' }, { type: 'read', node: 's1', key: 'bob' });
    d.run({ type: 'advance', ms: 100 }, { type: 'read', node: 's1', key: 'bob' });
    expect(d.state.reads.map((r) => [r.value, r.stale])).toEqual([
      [50, true],
      [1, false],
    ]);
  });
});

describe('When WAL positions are printed', () => {
  it('the first record starts at 0/3000028 and the commit after an UPDATE ends MAXALIGNed', () => {
    const d = replication({ standbys: ['s1'], rows });
    d.run({ type: 'write', tx: 'T1', key: 'alice', value: 90 }, { type: 'commit', tx: 'T1' });
    const [upd, commit] = d.state.nodes.primary.wal;
    expect(formatLsn(upd.lsn)).toBe('0/3000028');
    expect(upd.kind).toBe('UPDATE');
    expect(commit.lsn % 8).toBe(0);
    expect(commit.lsn).toBe(upd.lsn + Math.ceil(upd.size / 8) * 8);
    expect(commit.size).toBe(34);
  });
});

describe('When a commit waits for synchronous replication', () => {
  const sync = (level: 'remote_write' | 'on' | 'remote_apply') => {
    const d = replication({ standbys: ['s1'], synchronous_standby_names: ['s1'], synchronous_commit: level, latency: { min: 40 }, rows });
    d.run({ type: 'apply-delay', node: 's1', ms: 500 }, { type: 'write', tx: 'T1', key: 'alice', value: 90 }, { type: 'commit', tx: 'T1' });
    return d;
  };

  it('is flushed locally but invisible to other primary sessions until the standby confirms', () => {
    const d = sync('on');
    expect(d.state.txns.get('T1')?.status).toBe('waiting');
    expect(d.state.nodes.primary.flushLsn).toBe(d.state.txns.get('T1')?.commitEnd);
    expect(read(d, 'primary', 'alice')).toBe(100);
    expect(d.view().replication[0].sync_state).toBe('sync');
  });

  it('on and remote_write are released by the flush reply; remote_apply waits for replay (recovery_min_apply_delay)', () => {
    for (const level of ['on', 'remote_write'] as const) {
      const d = sync(level);
      d.run({ type: 'advance', ms: 80 });
      expect(d.state.txns.get('T1')?.status, level).toBe('committed');
      expect(read(d, 'primary', 'alice')).toBe(90);
      expect(read(d, 's1', 'alice')).toBe(100);
    }
    const d = sync('remote_apply');
    d.run({ type: 'advance', ms: 80 });
    expect(d.state.txns.get('T1')?.status).toBe('waiting');
    d.run({ type: 'advance', ms: 500 });
    expect(d.state.txns.get('T1')?.status).toBe('committed');
    expect(read(d, 's1', 'alice')).toBe(90);
  });

  it('a standby that has replayed the commit shows it before the primary does, and the read is "ahead", not stale', () => {
    const d = replication({
      standbys: ['s1'],
      synchronous_standby_names: ['s1'],
      synchronous_commit: 'remote_apply',
      latency: { min: 40 },
      rows,
    });
    d.run(
      { type: 'write', tx: 'T1', key: 'alice', value: 90 },
      { type: 'commit', tx: 'T1' },
      { type: 'advance', ms: 40 },
      { type: 'read', node: 's1', key: 'alice' },
    );
    expect(d.state.reads[0]).toMatchObject({ value: 90, primaryValue: 100, stale: false, ahead: true });
    expect(d.state.txns.get('T1')?.status).toBe('waiting');
  });

  it("pg_cancel_backend ends the wait with PostgreSQL's WARNING, and the commit stays", () => {
    const d = sync('on');
    d.run({ type: 'partition', a: 'primary', b: 's1' });
    const events = d.try({ type: 'cancel', tx: 'T1' });
    expect(events[0]).toEqual({
      type: 'txn.warned',
      tx: 'T1',
      message: 'canceling wait for synchronous replication due to user request',
      detail: 'The transaction has already committed locally, but might not have been replicated to the standby.',
    });
    expect(read(d, 'primary', 'alice')).toBe(90);
    expect(d.state.txns.get('T1')?.acked).toBe(true);
  });

  it('emptying synchronous_standby_names releases every waiter', () => {
    const d = sync('on');
    d.run({ type: 'partition', a: 'primary', b: 's1' }, { type: 'advance', ms: 10_000 });
    expect(d.state.txns.get('T1')?.status).toBe('waiting');
    const events = d.try({ type: 'set', synchronous_standby_names: [] });
    expect(events).toContainEqual({ type: 'txn.released', tx: 'T1', by: null, reason: 'config' });
  });

  it('with FIRST 1 over two standbys, the first connected one is sync and the other potential', () => {
    const d = replication({ standbys: ['s1', 's2'], synchronous_standby_names: ['s1', 's2'], rows });
    expect(d.view().replication.map((r) => [r.application_name, r.sync_state, r.sync_priority])).toEqual([
      ['s1', 'sync', 1],
      ['s2', 'potential', 2],
    ]);
    d.run({ type: 'crash', node: 's1' });
    expect(d.view().replication.map((r) => [r.application_name, r.sync_state])).toEqual([['s2', 'sync']]);
  });
});

describe('When the network is partitioned', () => {
  it("a synchronous commit blocks indefinitely, a local one returns; healing resends from the standby's flush position", () => {
    const d = replication({ standbys: ['s1'], synchronous_standby_names: ['s1'], latency: { min: 40 }, rows });
    d.run({ type: 'partition', a: 'primary', b: 's1' }, { type: 'write', tx: 'T1', key: 'alice', value: 90 }, { type: 'commit', tx: 'T1' });
    d.run({ type: 'advance', ms: 60_000 });
    expect(d.state.txns.get('T1')?.status).toBe('waiting');
    expect(d.state.inflight).toEqual([]);
    d.run({ type: 'write', tx: 'T2', key: 'bob', value: 60 }, { type: 'commit', tx: 'T2', synchronous_commit: 'local' });
    expect(d.state.txns.get('T2')).toMatchObject({ status: 'committed', acked: true });
    d.run({ type: 'heal', a: 'primary', b: 's1' });
    expect(d.state.senders[0].sent).toBe(d.state.nodes.s1.flushLsn);
    d.run({ type: 'advance', ms: 80 });
    expect(d.state.txns.get('T1')?.status).toBe('committed');
    expect([read(d, 's1', 'alice'), read(d, 's1', 'bob')]).toEqual([90, 60]);
  });

  it('drops WAL already on a link when it is cut', () => {
    const d = replication({ standbys: ['s1'], latency: { min: 40 }, rows });
    d.run({ type: 'write', tx: 'T1', key: 'alice', value: 90 }, { type: 'commit', tx: 'T1' }, { type: 'advance', ms: 10 });
    expect(d.state.inflight).toHaveLength(1);
    const events = d.try({ type: 'partition', a: 's1', b: 'primary' });
    expect(types(events)).toEqual(['link.cut', 'msg.lost']);
    d.run({ type: 'advance', ms: 100 });
    expect(read(d, 's1', 'alice')).toBe(100);
  });
});

describe('When synchronous_commit is off', () => {
  it('the commit returns before its WAL is flushed; a crash before the WAL writer runs loses it even on the primary', () => {
    const d = replication({ standbys: ['s1'], synchronous_commit: 'off', rows });
    d.run({ type: 'write', tx: 'T1', key: 'alice', value: 90 }, { type: 'commit', tx: 'T1' });
    expect(read(d, 'primary', 'alice')).toBe(90);
    expect(d.state.nodes.primary.flushLsn).toBeLessThan(d.state.txns.get('T1')?.commitEnd ?? 0);
    const crashed = d.try({ type: 'crash', node: 'primary' });
    expect(crashed[0]).toMatchObject({ type: 'node.crashed', lostWal: 2 });
    d.run({ type: 'restart', node: 'primary' });
    expect(read(d, 'primary', 'alice')).toBe(100);
  });

  it('the WAL writer flushes after wal_writer_delay, and only then does the walsender send it', () => {
    const d = replication({ standbys: ['s1'], synchronous_commit: 'off', latency: { min: 10 }, rows });
    d.run({ type: 'write', tx: 'T1', key: 'alice', value: 90 }, { type: 'commit', tx: 'T1' }, { type: 'advance', ms: 199 });
    expect(d.state.inflight).toEqual([]);
    d.run({ type: 'advance', ms: 11 });
    expect(read(d, 's1', 'alice')).toBe(90);
  });
});

describe('When records are sized as PostgreSQL 15 sizes them (measured with pg_current_wal_insert_lsn on a real server)', () => {
  it('an UPDATE of an int column takes 72 bytes of WAL, a COMMIT 40, a DELETE 56, an INSERT 72 plus its btree leaf insert 64', () => {
    const d = replication({ standbys: ['s1'], rows });
    const span = (from: number) => d.state.nodes.primary.writeLsn - from;
    const steps: [string, () => void, number][] = [
      ['UPDATE alice 100 → 90', () => d.run({ type: 'write', tx: 'T1', key: 'alice', value: 90 }), 72],
      ['COMMIT', () => d.run({ type: 'commit', tx: 'T1' }), 40],
      ['UPDATE bob 50 → 100000', () => d.run({ type: 'write', tx: 'T2', key: 'bob', value: 100_000 }), 72],
      ['COMMIT', () => d.run({ type: 'commit', tx: 'T2' }), 40],
      ['INSERT carol 70', () => d.run({ type: 'write', tx: 'T3', key: 'carol', value: 70 }), 136],
      ['COMMIT', () => d.run({ type: 'commit', tx: 'T3' }), 40],
      ['DELETE carol', () => d.run({ type: 'write', tx: 'T4', key: 'carol', value: null }), 56],
    ];
    for (const [what, act, bytes] of steps) {
      const from = d.state.nodes.primary.writeLsn;
      act();
      expect(span(from), what).toBe(bytes);
    }
    expect(d.state.nodes.primary.wal.map((r) => r.kind).slice(4, 6)).toEqual(['INSERT', 'INSERT_LEAF']);
  });

  it('an UPDATE logs only what differs from the old version (prefix and suffix compression)', async () => {
    const { updateData, insertData } = await import('./tuple');
    // 'alice' + padding is a common prefix (8 bytes); 100 and 90 share three zero high bytes.
    expect(updateData('alice', 100, 90)).toBe(1 + 2 + 2);
    expect(updateData('alice', 90, 90)).toBe(2);
    expect(updateData('alice', 'world', 'worle')).toBe(1 + 2);
    expect(insertData('alice', 90)).toBe(12);
  });
});

describe('When the primary fails and a standby is promoted', () => {
  const failover = () => {
    const d = replication({ standbys: ['s1'], latency: { min: 40 }, rows });
    d.run(
      { type: 'write', tx: 'T1', key: 'alice', value: 90 },
      { type: 'commit', tx: 'T1' },
      { type: 'advance', ms: 100 },
      { type: 'write', tx: 'T2', key: 'bob', value: 60 },
      { type: 'commit', tx: 'T2' },
      { type: 'crash', node: 'primary' },
    );
    return d;
  };

  it('the new primary starts timeline 2 at the end of what it replayed, and names the acknowledged commits it lost', () => {
    const d = failover();
    const switchpoint = d.state.nodes.s1.replayLsn;
    const [promoted] = d.try({ type: 'promote', node: 's1' });
    expect(promoted).toMatchObject({ type: 'node.promoted', tli: 2, switchpoint });
    expect(d.state.nodes.s1.history).toEqual([{ tli: 1, switchpoint }]);
    expect(d.state.lost).toEqual([
      { tx: 'T2', lsn: d.state.txns.get('T2')?.commitLsn, writes: [{ key: 'bob', value: 60 }], oldPrimary: 'primary', newPrimary: 's1' },
    ]);
    expect(read(d, 's1', 'bob')).toBe(50);
    d.run({ type: 'write', tx: 'T3', key: 'alice', value: 80 }, { type: 'commit', tx: 'T3' });
    expect(d.state.nodes.s1.wal.at(-1)?.tli).toBe(2);
  });

  it('the old primary refuses to follow the new timeline until pg_rewind cuts it back to the fork point', () => {
    const d = failover();
    d.run({ type: 'promote', node: 's1' });
    const refused = d.try({ type: 'attach', node: 'primary', to: 's1' });
    expect(refused[0]).toMatchObject({
      type: 'attach.refused',
      message: `new timeline 2 forked off current database system timeline 1 before current recovery point ${formatLsn(d.state.nodes.primary.flushLsn)}`,
    });
    expect(read(d, 'primary', 'bob')).toBe(60);
    expect(d.try({ type: 'restart', node: 'primary' }).map((e) => e.type)).toEqual(['action.refused']);
    const [rewound] = d.try({ type: 'rewind', node: 'primary', source: 's1' });
    expect(rewound).toMatchObject({ type: 'node.rewound', forkpoint: d.state.nodes.s1.history[0].switchpoint, discarded: 2 });
    d.run(
      { type: 'attach', node: 'primary', to: 's1' },
      { type: 'write', tx: 'T3', key: 'alice', value: 80 },
      { type: 'commit', tx: 'T3' },
      { type: 'advance', ms: 100 },
    );
    expect([read(d, 'primary', 'alice'), read(d, 'primary', 'bob'), d.state.nodes.primary.tli]).toEqual([80, 50, 2]);
  });

  it('refuses a promotion while the primary runs (split brain) and pg_promote() on a primary', () => {
    const d = replication({ standbys: ['s1'], rows });
    expect(refusalOf(d, { type: 'promote', node: 's1' })).toMatch(/split brain/);
    expect(refusalOf(d, { type: 'promote', node: 'primary' })).toMatch(/recovery is not in progress/);
  });

  it('a standby behind the promoted one follows it onto timeline 2; one ahead of it is refused', () => {
    const d = replication({ standbys: ['s1', 's2'], latency: { min: 40 }, rows });
    d.run(
      { type: 'partition', a: 'primary', b: 's2' },
      { type: 'write', tx: 'T1', key: 'alice', value: 90 },
      { type: 'commit', tx: 'T1' },
      { type: 'advance', ms: 100 },
    );
    d.run(
      { type: 'crash', node: 'primary' },
      { type: 'promote', node: 's1' },
      { type: 'attach', node: 's2', to: 's1' },
      { type: 'advance', ms: 100 },
    );
    expect([read(d, 's2', 'alice'), d.state.nodes.s2.tli]).toEqual([90, 2]);

    const e = replication({ standbys: ['s1', 's2'], latency: { min: 40 }, rows });
    e.run(
      { type: 'partition', a: 'primary', b: 's1' },
      { type: 'write', tx: 'T1', key: 'alice', value: 90 },
      { type: 'commit', tx: 'T1' },
      { type: 'advance', ms: 100 },
    );
    e.run({ type: 'crash', node: 'primary' }, { type: 'promote', node: 's1' });
    expect(types(e.try({ type: 'attach', node: 's2', to: 's1' }))).toEqual(['attach.refused']);
    expect(e.state.lost.map((l) => l.tx)).toEqual(['T1']);
  });
});

describe('When the primary crashes while a commit waits for synchronous replication', () => {
  // T1's commit record is flushed on the primary and has reached s1 (WAL arrives at 40 ms), but
  // s1's reply is still on the wire (it would arrive at 80 ms) when the primary crashes.
  const crashMidWait = (cut = false) => {
    const d = replication({ standbys: ['s1', 's2'], synchronous_standby_names: ['s1'], latency: { min: 40 }, rows });
    if (cut) d.run({ type: 'partition', a: 'primary', b: 's1' });
    d.run(
      { type: 'write', tx: 'T1', key: 'alice', value: 90 },
      { type: 'commit', tx: 'T1', synchronous_commit: 'on' },
      { type: 'advance', ms: 50 },
    );
    expect(d.state.txns.get('T1')?.status).toBe('waiting');
    d.run({ type: 'crash', node: 'primary' });
    expect(d.state.txns.get('T1')).toMatchObject({ status: 'unknown', acked: false });
    return d;
  };

  it('lists the cut-off commits with names that are array indices first, ascending, then the others in the order they began', () => {
    const d = replication({ standbys: ['s1'], synchronous_standby_names: ['s1'], latency: { min: 40 }, rows });
    d.run({ type: 'partition', a: 'primary', b: 's1' });
    for (const [tx, key] of [
      ['T1', 'alice'],
      ['10', 'bob'],
      ['2', 'carol'],
      ['A', 'dave'],
    ])
      d.run({ type: 'write', tx, key, value: 1 }, { type: 'commit', tx, synchronous_commit: 'on' });
    const [crashed] = d.try({ type: 'crash', node: 'primary' }).filter((e) => e.type === 'node.crashed');
    expect(crashed).toMatchObject({ unacked: ['2', '10', 'T1', 'A'] });
  });

  it('promoting the standby that received its commit record commits it on the new timeline, though its client was never told', () => {
    const d = crashMidWait();
    expect(read(d, 's1', 'alice')).toBe(90);
    const [promoted] = d.try({ type: 'promote', node: 's1' }).filter((e) => e.type === 'node.promoted');
    expect(promoted).toMatchObject({ lost: [], recovered: ['T1'] });
    expect(d.state.txns.get('T1')).toMatchObject({ status: 'committed', acked: false });
    expect(d.state.nodes.s1.rows.alice).toMatchObject({ value: 90, tx: 'T1' });
    expect(replicationLab.describe([promoted], { type: 'promote', node: 's1' })).toContain(
      'T1 was still waiting for synchronous replication when the old primary crashed, but s1 had received its commit record',
    );
    // The old primary has nothing the new timeline lacks: it follows s1 without pg_rewind, and T1 stays committed.
    d.run({ type: 'attach', node: 'primary', to: 's1' }, { type: 'attach', node: 's2', to: 's1' }, { type: 'advance', ms: 100 });
    expect([read(d, 'primary', 'alice'), read(d, 's2', 'alice'), d.state.txns.get('T1')?.status]).toEqual([90, 90, 'committed']);
  });

  it('promoting a standby that never received it leaves it unknown until pg_rewind discards it from the old primary', () => {
    const d = crashMidWait(true);
    const [promoted] = d.try({ type: 'promote', node: 's1' }).filter((e) => e.type === 'node.promoted');
    expect(promoted).toMatchObject({ lost: [], recovered: [] });
    expect(d.state.txns.get('T1')?.status).toBe('unknown');
    expect(read(d, 's1', 'alice')).toBe(100);
    expect(types(d.try({ type: 'attach', node: 'primary', to: 's1' }))).toEqual(['attach.refused']);
    d.run({ type: 'rewind', node: 'primary', source: 's1' });
    expect(d.state.txns.get('T1')?.status).toBe('aborted');
  });

  it('the failing schedule fast-check found (seed 20261124): after promoting s1 no primary shows a transaction whose status is unknown', () => {
    const d = replication(
      {
        standbys: ['s1', 's2'],
        synchronous_standby_names: ['s1', 's2'],
        synchronous_commit: 'off',
        latency: { min: 5, max: 120 },
        rows: { a: 0, b: 0 },
      },
      1,
    );
    d.run({ type: 'write', tx: 'T1', key: 'a', value: 0 }, { type: 'commit', tx: 'T1', synchronous_commit: 'remote_write' });
    for (const node of ['primary', 's1', 's2']) d.run({ type: 'read', node, key: 'a' });
    d.run({ type: 'advance', ms: 105 });
    // T1 has ended (it waits), so writing or committing it again is refused.
    expect(refusalOf(d, { type: 'write', tx: 'T1', key: 'a', value: 0 })).toBe(
      'T1 has already ended (waiting); use a new transaction name.',
    );
    expect(refusalOf(d, { type: 'commit', tx: 'T1', synchronous_commit: 'off' })).toBe('T1 has already ended (waiting).');
    for (const node of ['primary', 's1', 's2']) d.run({ type: 'read', node, key: 'a' });
    // With this seed s1 has T1's commit record but its reply has not reached the primary: T1 still waits.
    expect(d.state.txns.get('T1')?.status).toBe('waiting');
    expect(d.state.nodes.s1.rows.a.tx).toBe('T1');
    d.run({ type: 'crash', node: 'primary' });
    expect(d.state.txns.get('T1')?.status).toBe('unknown');
    d.run({ type: 'promote', node: 's1' });
    expect(d.state.nodes.s1.rows.a.tx).toBe('T1');
    expect(d.state.txns.get('T1')).toMatchObject({ status: 'committed', acked: false });
    d.run({ type: 'attach', node: 's2', to: 's1' }, { type: 'attach', node: 'primary', to: 's1' });
    // pg_rewind from the target itself is refused, and changes nothing.
    const before = structuredClone(d.state);
    expect(refusalOf(d, { type: 'rewind', node: 'primary', source: 'primary' })).toBe(
      'pg_rewind needs another server as its source (--source-server): primary is the target it would rewind.',
    );
    expect({ ...d.state, clock: 0 }).toEqual({ ...before, clock: 0 });
    expect(d.state.lost).toEqual([]);
  });

  it('a refused pg_rewind leaves a standby stuck on the old timeline running and refused', () => {
    const d = crashMidWait(true);
    d.run({ type: 'promote', node: 's1' }, { type: 'attach', node: 'primary', to: 's1' }, { type: 'crash', node: 's1' });
    expect(refusalOf(d, { type: 'rewind', node: 'primary', source: 's1' })).toBe('s1 is down: pg_rewind needs a running source server.');
    expect(d.state.nodes.primary).toMatchObject({ up: true, role: 'standby' });
    expect(d.state.nodes.primary.refused).toMatch(/^new timeline 2 forked off/);
    expect(refusalOf(d, { type: 'rewind', node: 's2', source: 's2' })).toMatch(/needs another server as its source/);
  });
});

describe('When a scenario asks for something impossible', () => {
  it('a refusal is the kernel’s action.refused event: nothing else happens, only the logical clock counts the step', () => {
    const d = replication({ standbys: ['s1'], rows });
    d.run({ type: 'write', tx: 'T1', key: 'alice', value: 1 });
    const before = structuredClone(d.state);
    expect(d.try({ type: 'promote', node: 'primary' })).toEqual([
      {
        type: 'action.refused',
        message: 'primary is not in recovery: pg_promote() only works on a standby (ERROR: recovery is not in progress, SQLSTATE 55000).',
      },
    ]);
    expect({ ...d.state, clock: before.clock }).toEqual(before);
    expect(d.state.clock).toBe(before.clock + 1);
  });

  it('the logical clock moves once per action; simulated time is `time`, told by clock.advanced', () => {
    const d = replication({ standbys: ['s1'], rows });
    d.run({ type: 'write', tx: 'T1', key: 'alice', value: 1 }, { type: 'commit', tx: 'T1' }, { type: 'advance', ms: 250 });
    expect(d.state.clock).toBe(3);
    expect(d.state.time).toBe(250);
    expect(d.of('clock.advanced')).toEqual([{ type: 'clock.advanced', from: 0, to: 250, waiting: [] }]);
  });

  it('names the problem instead of failing', () => {
    const d = replication({ standbys: ['s1'], rows });
    expect(refusalOf(d, { type: 'read', node: 'nowhere', key: 'alice' })).toBe('There is no node "nowhere".');
    expect(refusalOf(d, { type: 'partition', a: 'primary', b: 'mars' })).toMatch(/no link between "primary" and "mars"/);
    expect(refusalOf(d, { type: 'commit', tx: 'T9' })).toMatch(/nothing to commit/);
    expect(refusalOf(d, { type: 'write', tx: 'T1', key: 'carol', value: null })).toMatch(/no row "carol"/);
    expect(d.state.txns.size).toBe(0);
    d.run({ type: 'write', tx: 'T1', key: 'alice', value: 1 });
    expect(refusalOf(d, { type: 'write', tx: 'T2', key: 'alice', value: 2 })).toMatch(/row lock T1 holds/);
    expect(refusalOf(d, { type: 'set', synchronous_standby_names: ['ghost'] })).toMatch(/"ghost"/);
  });

  it('the options schema rejects duplicate standbys and synchronous names that are not standbys', () => {
    expect(v.safeParse(OptionsSchema, { standbys: ['a', 'a'], rows }).success).toBe(false);
    const bad = v.safeParse(OptionsSchema, { standbys: ['a'], synchronous_standby_names: ['b'], rows });
    expect(bad.success).toBe(false);
    expect(bad.issues?.[0].message).toBe('synchronous_standby_names may only name the standbys');
    expect(v.safeParse(OptionsSchema, { standbys: [], rows }).success).toBe(false);
  });
});

describe('When the same scenario runs twice', () => {
  const jitter = (seed: number) => {
    const d = replication({ standbys: ['s1', 's2'], latency: { min: 5, max: 200 }, rows }, seed);
    for (let i = 0; i < 10; i++)
      d.run({ type: 'write', tx: `T${i}`, key: 'alice', value: i }, { type: 'commit', tx: `T${i}` }, { type: 'advance', ms: 7 });
    return d.log.flatMap((e) => (e.type === 'msg.sent' ? [e.msg.arriveAt] : []));
  };

  it('the same seed gives the same latencies, another seed others', () => {
    expect(jitter(7)).toEqual(jitter(7));
    expect(jitter(7)).not.toEqual(jitter(8));
  });

  it('a clone steps independently of its original', () => {
    const d = replication({ standbys: ['s1'], rows });
    d.run({ type: 'write', tx: 'T1', key: 'alice', value: 90 }, { type: 'commit', tx: 'T1' });
    const before = replicationLab.view(d.state);
    const copy = replicationLab.clone?.(d.state);
    if (!copy) throw new Error('no clone');
    applyAction(replicationLab, copy, { type: 'advance', ms: 100 });
    applyAction(replicationLab, copy, { type: 'crash', node: 'primary' });
    expect(replicationLab.view(d.state)).toEqual(before);
    expect(structuredClone(d.state)).toEqual(d.state);
  });
});

describe('When an outcome is checked', () => {
  it('names each difference in a sentence', () => {
    const d = replication({ standbys: ['s1'], rows });
    d.run({ type: 'write', tx: 'T1', key: 'alice', value: 90 }, { type: 'commit', tx: 'T1' }, { type: 'read', node: 's1', key: 'alice' });
    const r = replicationLab.check(d.state, {
      reads: { s1: { alice: 90 } },
      acknowledged: [],
      lostCommits: ['T1'],
      staleReads: 0,
      primary: 's1',
      timelines: { s1: 2 },
      lastRead: { node: 's1', key: 'alice', value: 90 },
    });
    expect(r.failures).toEqual([
      'Expected: s1 answers alice = 90. Happened: s1 answers alice = 100.',
      'Expected: no commit acknowledged to the client. Happened: T1 acknowledged.',
      'Expected: T1 lost. Happened: no commit lost.',
      'Expected: 0 stale reads. Happened: 1 stale read.',
      'Expected: the primary is s1. Happened: the primary is primary.',
      'Expected: s1 is on timeline 2. Happened: s1 is on timeline 1.',
      'Expected: the last read gives alice = 90 on s1. Happened: it gave alice = 100 on s1.',
    ]);
  });
});

describe('When the engine narrates a step without a preset', () => {
  it('says who still waits after time passed, and offers to make a standby synchronous', () => {
    const d = replication({ standbys: ['s1'], synchronous_standby_names: ['s1'], rows });
    d.run({ type: 'partition', a: 'primary', b: 's1' }, { type: 'write', tx: 'T1', key: 'alice', value: 1 }, { type: 'commit', tx: 'T1' });
    const events = d.try({ type: 'advance', ms: 500 });
    expect(replicationLab.describe(events, { type: 'advance', ms: 500 })).toBe('T1 still waits for synchronous replication after 500 ms.');
    const labels = replicationLab.suggest(d.state).map((s) => s.label);
    expect(labels).toContain("Cancel T1's wait");
    expect(labels).toContain('Clear synchronous_standby_names');
    expect(labels).toContain('Heal primary–s1');
    const e = replication({ standbys: ['s1'], rows });
    expect(replicationLab.suggest(e.state).map((s) => s.label)).toContain('Make s1 synchronous');
  });
});
