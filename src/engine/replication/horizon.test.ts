import { describe, expect, it } from 'vitest';
import { readOn, refusalOf, replication } from '../../../test/support/replication';
import { vacuumVerbose } from './text';
import type { Event, WalRecord } from './types';
import { deadVersions } from './heap';

const rows = { alice: 100, bob: 50 };
const one = (extra: Partial<Parameters<typeof replication>[0]> = {}) =>
  replication({ standbys: ['s1'], latency: { min: 40 }, rows, ...extra });

const update = (d: ReturnType<typeof one>, tx: string, key: string, value: number) =>
  d.run({ type: 'write', tx, key, value }, { type: 'commit', tx });

const eventsOf = <T extends Event['type']>(d: ReturnType<typeof one>, type: T) =>
  d.events.filter((e): e is Extract<Event, { type: T }> => e.type === type);

const lastVacuum = (d: ReturnType<typeof one>) => {
  const [e] = eventsOf(d, 'table.vacuumed');
  if (!e) throw new Error('no VACUUM in the last step');
  return e.report;
};

const prunes = (d: ReturnType<typeof one>, node = 'primary'): WalRecord[] => d.state.nodes[node].wal.filter((r) => r.kind === 'PRUNE');

describe('When VACUUM runs on the primary and nothing holds the horizon', () => {
  it('removes the dead version an UPDATE left, and reports as PostgreSQL 15 VACUUM VERBOSE does', () => {
    const d = one();
    update(d, 'T1', 'alice', 90);
    expect(deadVersions(d.state.nodes.primary.heap)).toEqual([{ key: 'alice', xmax: 750 }]);
    d.run({ type: 'vacuum' });
    const v = lastVacuum(d);
    expect(v).toMatchObject({ removed: 1, remain: 2, deadNotRemovable: 0, cutoff: 751, age: 0, heldBy: null });
    // Measured on PostgreSQL 15.18 after one UPDATE: the same three lines' words.
    expect(vacuumVerbose(v)).toBe(
      'tuples: 1 removed, 2 remain, 0 are dead but not yet removable; removable cutoff: 751, which was 0 XIDs old when operation ended.',
    );
    expect(deadVersions(d.state.nodes.primary.heap)).toEqual([]);
  });

  it('logs Heap2 PRUNE with latestRemovedXid, at the sizes pg_waldump shows (58, 60, 62, 56 bytes)', () => {
    const d = one();
    update(d, 'T1', 'alice', 90);
    d.run({ type: 'vacuum' });
    // One version: the root becomes a redirect. Measured: "PRUNE latestRemovedXid 725 nredirected 1 ndead 0", 58 bytes.
    expect(prunes(d)[0]).toMatchObject({ size: 58, prune: { latestRemovedXid: 750, nredirected: 1, ndead: 0, nunused: 0 } });
    update(d, 'T2', 'alice', 80);
    update(d, 'T3', 'alice', 70);
    d.run({ type: 'vacuum' });
    // The root is a redirect already: both heap-only versions become unused, the redirect is re-recorded (62 measured).
    expect(prunes(d)[1]).toMatchObject({ size: 62, prune: { latestRemovedXid: 752, nredirected: 1, nunused: 2 } });
    update(d, 'T4', 'bob', 40);
    update(d, 'T5', 'bob', 30);
    d.run({ type: 'vacuum' });
    // Root tuple and one heap-only version: redirect plus one unused (60 measured).
    expect(prunes(d)[2]).toMatchObject({ size: 60, prune: { nredirected: 1, nunused: 1, ndead: 0 } });
    update(d, 'T6', 'carol', 10);
    d.run({ type: 'write', tx: 'T7', key: 'carol', value: null }, { type: 'commit', tx: 'T7' }, { type: 'vacuum' });
    // A deleted row's root tuple becomes a dead line pointer (56 measured, "nredirected 0 ndead 1").
    expect(prunes(d)[3]).toMatchObject({ size: 56, prune: { nredirected: 0, ndead: 1, nunused: 0 } });
    // Deleted after a redirect: the redirect turns dead and the last version's pointer unused.
    d.run({ type: 'write', tx: 'T8', key: 'bob', value: null }, { type: 'commit', tx: 'T8' }, { type: 'vacuum' });
    expect(prunes(d)[4]).toMatchObject({ size: 58, prune: { nredirected: 0, ndead: 1, nunused: 1 } });
  });

  it('logs nothing when nothing is removable', () => {
    const d = one();
    d.run({ type: 'vacuum' });
    expect(lastVacuum(d)).toMatchObject({ removed: 0, remain: 2, pruneLsn: null });
    expect(prunes(d)).toEqual([]);
  });
});

describe('When a transaction on the primary is still open', () => {
  it('holds the horizon at its xid: the version replaced after it began is dead but not yet removable', () => {
    const d = one();
    d.run({ type: 'write', tx: 'T1', key: 'bob', value: 51 });
    update(d, 'T2', 'alice', 90);
    d.run({ type: 'vacuum' });
    expect(lastVacuum(d)).toMatchObject({ removed: 0, deadNotRemovable: 1, remain: 3, cutoff: 750, age: 2, heldBy: 'primary session T1' });
  });
});

describe('When hot_standby_feedback is off and a standby query needs what VACUUM removes', () => {
  const scenario = (delay?: number) => {
    const d = one(delay === undefined ? {} : { max_standby_streaming_delay: delay });
    d.run({ type: 'begin-read', node: 's1', session: 'R1', key: 'alice' });
    update(d, 'T1', 'alice', 90);
    d.run({ type: 'advance', ms: 100 }, { type: 'vacuum' });
    expect(lastVacuum(d)).toMatchObject({ removed: 1, heldBy: null });
    d.run({ type: 'advance', ms: 300 });
    return d;
  };

  it('replay waits at the PRUNE for max_standby_streaming_delay (30 s by default), and falls behind meanwhile', () => {
    const d = scenario();
    const held = eventsOf(d, 'replay.held');
    expect(held).toEqual([{ type: 'replay.held', node: 's1', lsn: prunes(d)[0].lsn, sessions: ['R1'], until: 340 + 30_000 }]);
    update(d, 'T2', 'bob', 60);
    d.run({ type: 'advance', ms: 29_000 });
    const s1 = d.state.nodes.s1;
    expect(s1.flushLsn).toBeGreaterThan(s1.replayLsn);
    expect(readOn(d.state, 's1', 'bob')).toBe(50);
    expect(d.state.queries[0].status).toBe('running');
  });

  it("then cancels the query with PostgreSQL's error and replays on", () => {
    const d = scenario();
    update(d, 'T2', 'bob', 60);
    d.run({ type: 'advance', ms: 30_000 });
    expect(eventsOf(d, 'query.cancelled')).toEqual([
      {
        type: 'query.cancelled',
        session: 'R1',
        node: 's1',
        message: 'canceling statement due to conflict with recovery',
        detail: 'User query might have needed to see row versions that must be removed.',
        sqlstate: '40001',
      },
    ]);
    expect(readOn(d.state, 's1', 'bob')).toBe(60);
    expect(deadVersions(d.state.nodes.s1.heap)).toEqual([{ key: 'bob', xmax: 751 }]);
  });

  it('with max_standby_streaming_delay = -1 it waits for ever, until the query ends', () => {
    const d = scenario(-1);
    d.run({ type: 'advance', ms: 3_600_000 });
    expect(d.state.queries[0].status).toBe('running');
    expect(d.state.nodes.s1.replayLsn).toBeLessThan(d.state.nodes.s1.flushLsn);
    d.run({ type: 'end-read', session: 'R1' });
    expect(d.state.nodes.s1.replayLsn).toBe(d.state.nodes.s1.flushLsn);
    expect(d.state.queries[0].status).toBe('ended');
  });

  it('a query whose snapshot is newer than what the PRUNE removed is not in conflict', () => {
    const d = one();
    update(d, 'T1', 'alice', 90);
    d.run({ type: 'advance', ms: 100 }, { type: 'begin-read', node: 's1', session: 'R1', key: 'alice' });
    expect(d.state.queries[0].xmin).toBe(751);
    d.run({ type: 'vacuum' }, { type: 'advance', ms: 300 });
    expect(eventsOf(d, 'replay.held')).toEqual([]);
    expect(d.state.nodes.s1.replayLsn).toBe(d.state.nodes.s1.flushLsn);
  });
});

describe('When hot_standby_feedback is on', () => {
  it("the walsender holds the standby's xmin (backend_xmin) and VACUUM keeps the version: no conflict, the table bloats", () => {
    const d = one({ hot_standby_feedback: ['s1'] });
    d.run({ type: 'begin-read', node: 's1', session: 'R1', key: 'alice' }, { type: 'advance', ms: 100 });
    expect(d.state.senders[0].xmin).toBe(750);
    expect(d.view().replication[0].backend_xmin).toBe(750);
    update(d, 'T1', 'alice', 90);
    update(d, 'T2', 'alice', 80);
    d.run({ type: 'vacuum' });
    expect(lastVacuum(d)).toMatchObject({ removed: 0, deadNotRemovable: 2, remain: 4, cutoff: 750, heldBy: "standby s1's feedback" });
    d.run({ type: 'advance', ms: 1000 });
    expect(d.state.queries[0].status).toBe('running');
  });

  it('turned on by ALTER SYSTEM and reload, it sends its xmin at once; off again, it clears it', () => {
    const d = one();
    d.run({ type: 'standby-set', node: 's1', hot_standby_feedback: true }, { type: 'advance', ms: 50 });
    expect(eventsOf(d, 'feedback.received')).toEqual([{ type: 'feedback.received', standby: 's1', xmin: 750, slot: null }]);
    d.run({ type: 'standby-set', node: 's1', hot_standby_feedback: false }, { type: 'advance', ms: 50 });
    expect(d.state.senders[0].xmin).toBeNull();
  });

  it('without a slot, the hold ends when the standby goes away', () => {
    const d = one({ hot_standby_feedback: ['s1'] });
    d.run({ type: 'begin-read', node: 's1', session: 'R1', key: 'alice' }, { type: 'advance', ms: 100 });
    update(d, 'T1', 'alice', 90);
    d.run({ type: 'crash', node: 's1' }, { type: 'vacuum' });
    expect(lastVacuum(d)).toMatchObject({ removed: 1, heldBy: null });
  });
});

describe('When the standby streams through a physical slot with feedback on', () => {
  const held = () => {
    const d = one({ hot_standby_feedback: ['s1'], slots: ['s1'] });
    d.run({ type: 'begin-read', node: 's1', session: 'R1', key: 'alice' }, { type: 'advance', ms: 100 });
    update(d, 'T1', 'alice', 90);
    return d;
  };

  it('the slot holds the xmin (pg_replication_slots.xmin), not the walsender (backend_xmin is NULL), as PostgreSQL 15 does', () => {
    const d = held();
    expect(d.state.slots).toMatchObject([{ name: 's1', xmin: 750 }]);
    expect(d.view().replication[0].backend_xmin).toBeNull();
  });

  it('the slot keeps holding after the standby crashed; only dropping it releases the versions', () => {
    const d = held();
    expect(refusalOf(d, { type: 'drop-slot', slot: 's1' })).toMatch(/is active/);
    d.run({ type: 'crash', node: 's1' }, { type: 'vacuum' });
    expect(lastVacuum(d)).toMatchObject({ removed: 0, deadNotRemovable: 1, heldBy: 'slot s1' });
    d.run({ type: 'drop-slot', slot: 's1' }, { type: 'vacuum' });
    expect(lastVacuum(d)).toMatchObject({ removed: 1, deadNotRemovable: 0, heldBy: null });
    expect(refusalOf(d, { type: 'drop-slot', slot: 's1' })).toBe('replication slot "s1" does not exist');
  });

  it('reconnecting with the query gone moves the slot xmin on', () => {
    const d = held();
    d.run({ type: 'crash', node: 's1' }, { type: 'restart', node: 's1' }, { type: 'advance', ms: 200 }, { type: 'vacuum' });
    expect(d.state.slots[0].xmin).toBe(751);
    // The slot still holds the horizon, now at the next xid: the version T1 replaced can go.
    expect(lastVacuum(d)).toMatchObject({ removed: 1, cutoff: 751, heldBy: 'slot s1' });
  });
});

describe('When a transaction rolls back', () => {
  it('its new versions are dead at once and removable whatever the horizon, without a conflict', () => {
    const d = one();
    d.run({ type: 'begin-read', node: 'primary', session: 'R1', key: 'alice' });
    d.run({ type: 'write', tx: 'T1', key: 'alice', value: 90 }, { type: 'rollback', tx: 'T1' }, { type: 'vacuum' });
    expect(lastVacuum(d)).toMatchObject({ removed: 1, deadNotRemovable: 0 });
    expect(prunes(d)[0].prune).toMatchObject({ latestRemovedXid: 0, nunused: 1 });
  });
});
