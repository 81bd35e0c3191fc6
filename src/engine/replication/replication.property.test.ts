import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replication } from '../../../test/support/replication';
import { replicationLab } from './engine';
import { primaryHorizon } from './horizon';
import { primaryOf } from './net';
import type { Action, State, Value } from './types';
import { deadVersions } from './heap';

const NODES = ['primary', 's1', 's2'] as const;
const KEYS = ['a', 'b', 'c'] as const;
const TXS = Array.from({ length: 30 }, (_, i) => `T${i + 1}`);
const LEVELS = ['off', 'local', 'remote_write', 'on', 'remote_apply'] as const;
const node = fc.constantFrom(...NODES);
const tx = fc.constantFrom(...TXS);
const session = fc.constantFrom('R1', 'R2', 'R3');

/** Every action the lab has, with arguments drawn from a small world so that they often apply. */
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      type: fc.constant('write' as const),
      tx,
      key: fc.constantFrom(...KEYS),
      value: fc.oneof(fc.integer({ min: 0, max: 999 }), fc.constant(null)),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record(
      { type: fc.constant('commit' as const), tx, synchronous_commit: fc.constantFrom(...LEVELS) },
      { requiredKeys: ['type', 'tx'] },
    ),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('rollback' as const), tx }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('cancel' as const), tx }) },
  { weight: 5, arbitrary: fc.record({ type: fc.constant('read' as const), node, key: fc.constantFrom(...KEYS) }) },
  { weight: 6, arbitrary: fc.record({ type: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 400 }) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constantFrom('partition' as const, 'heal' as const), a: node, b: node }) },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('latency' as const),
      a: node,
      b: node,
      min: fc.integer({ min: 0, max: 100 }),
      max: fc.integer({ min: 0, max: 300 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('apply-delay' as const), node, ms: fc.integer({ min: 0, max: 500 }) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constantFrom('pause-replay' as const, 'resume-replay' as const), node }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constantFrom('crash' as const, 'restart' as const, 'promote' as const), node }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constantFrom('attach' as const), node, to: node }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constantFrom('rewind' as const), node, source: node }) },
  { weight: 2, arbitrary: fc.constant({ type: 'vacuum' as const }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('begin-read' as const), node, session, key: fc.constantFrom(...KEYS) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('end-read' as const), session }) },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('standby-set' as const),
      node,
      hot_standby_feedback: fc.boolean(),
      max_standby_streaming_delay: fc.constantFrom(-1, 0, 100, 30_000),
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('drop-slot' as const), slot: fc.constantFrom('s1', 's2') }) },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('set' as const),
      synchronous_standby_names: fc.constantFrom<string[]>([], ['s1'], ['s2', 's1']),
    }),
  },
);

/** A failover as an operator runs it: fence the primary, promote a standby, point the rest at it. */
const failover = fc.constantFrom('s1', 's2').map((to): Action[] => [
  { type: 'crash', node: 'primary' },
  { type: 'promote', node: to },
  { type: 'attach', node: to === 's1' ? 's2' : 's1', to },
  { type: 'attach', node: 'primary', to },
]);

/** A whole transaction then reads on every node: where stale reads show up. */
const txnThenRead = fc
  .record({ tx, key: fc.constantFrom(...KEYS), value: fc.integer({ min: 0, max: 999 }), level: fc.constantFrom(...LEVELS) })
  .map(({ tx: t, key, value, level }): Action[] => [
    { type: 'write', tx: t, key, value },
    { type: 'commit', tx: t, synchronous_commit: level },
    ...NODES.map((n): Action => ({ type: 'read', node: n, key })),
  ]);
/** A long read on a standby, an update it might need, VACUUM, time: where recovery conflicts show up. */
const readThenVacuum = fc
  .record({ tx, session, on: fc.constantFrom('s1', 's2'), key: fc.constantFrom(...KEYS), value: fc.integer({ min: 0, max: 999 }) })
  .map(({ tx: t, session: q, on, key, value }): Action[] => [
    { type: 'begin-read', node: on, session: q, key },
    { type: 'advance', ms: 100 },
    { type: 'write', tx: t, key, value },
    { type: 'commit', tx: t, synchronous_commit: 'local' },
    { type: 'advance', ms: 100 },
    { type: 'vacuum' },
    { type: 'advance', ms: 400 },
  ]);
const steps = fc
  .array(
    fc.oneof(
      { weight: 8, arbitrary: action.map((a) => [a]) },
      { weight: 2, arbitrary: txnThenRead },
      { weight: 1, arbitrary: readThenVacuum },
    ),
    { minLength: 1, maxLength: 30 },
  )
  .map((x) => x.flat());

const schedule = fc
  .record({
    sync: fc.constantFrom<string[]>([], ['s1'], ['s1', 's2']),
    level: fc.constantFrom(...LEVELS),
    slots: fc.constantFrom<string[]>([], ['s1'], ['s1', 's2']),
    delay: fc.constantFrom(0, 150, 30_000),
    before: steps,
    failover: fc.option(failover, { freq: 3 }),
    after: steps,
  })
  .map((s) => ({ ...s, actions: [...s.before, ...(s.failover ?? []), ...s.after] }));

/**
 * The last value each transaction wrote to each key, for every transaction whose COMMIT record
 * was ever written on a node acting as primary: the only values any node may ever show.
 */
function committedWrites(state: State, seen: Map<string, Map<string, Value>>): void {
  for (const name of state.order) {
    const n = state.nodes[name];
    for (const r of n.wal) {
      if (r.kind !== 'COMMIT') continue;
      const writes = new Map<string, Value>();
      for (const w of n.wal)
        if (w.xid === r.xid && w.key !== undefined && (w.kind === 'INSERT' || w.kind === 'UPDATE' || w.kind === 'DELETE'))
          writes.set(w.key, w.kind === 'DELETE' ? null : (w.value ?? null));
      seen.set(r.tx, writes);
    }
  }
}

function checkInvariants(state: State, seen: Map<string, Map<string, Value>>, initial: Record<string, Value>): void {
  committedWrites(state, seen);
  const primary = primaryOf(state);
  for (const name of state.order) {
    const n = state.nodes[name];
    if (!n.up) continue;
    for (const [key, row] of Object.entries(n.rows)) {
      // Replicas (and the primary) never show a row version that no primary committed.
      if (row.tx === 'base backup') expect(row.value).toBe(initial[key]);
      else {
        expect(seen.has(row.tx), `${name} shows ${key} from ${row.tx}, which never committed`).toBe(true);
        expect(seen.get(row.tx)?.get(key)).toEqual(row.value);
      }
      // The primary never shows a commit that is still waiting for a standby, nor an open transaction's write.
      if (n === primary) expect(['committed', undefined]).toContain(state.txns.get(row.tx)?.status);
    }
    expect(n.replayLsn).toBeLessThanOrEqual(n.flushLsn);
  }
  if (primary) {
    for (const s of state.senders.filter((x) => x.from === primary.name)) {
      const st = state.nodes[s.standby];
      if (!st.up || st.refused || st.upstream !== primary.name) continue;
      // pg_stat_replication: replay <= flush <= write <= sent <= the primary's flush position.
      expect(s.replay).toBeLessThanOrEqual(s.flush);
      expect(s.flush).toBeLessThanOrEqual(s.write);
      expect(s.write).toBeLessThanOrEqual(s.sent);
      expect(s.sent).toBeLessThanOrEqual(primary.flushLsn);
      expect(st.flushLsn).toBeLessThanOrEqual(primary.flushLsn);
    }
  }
  // An acknowledged commit is lost only where the client was told COMMIT without a standby's confirmation.
  for (const l of state.lost) expect(state.txns.get(l.tx)?.acked).toBe(true);
  // A running query never outlives the replay (or the VACUUM) of a PRUNE that removed versions it might need.
  for (const q of state.queries) {
    if (q.status !== 'running') continue;
    const n = state.nodes[q.node];
    const done = n.role === 'primary' ? n.wal.length : n.replayIdx;
    for (let i = 0; i < done; i++) {
      const p = n.wal[i].prune;
      if (p && p.latestRemovedXid > 0)
        expect(q.xmin, `${q.session} on ${q.node} and the PRUNE at ${i}`).toBeGreaterThan(p.latestRemovedXid);
    }
  }
}

/** Right after VACUUM, the primary keeps no dead version older than its horizon. */
function checkVacuumed(state: State): void {
  const p = primaryOf(state);
  if (!p) return;
  const h = primaryHorizon(state, p).xmin;
  for (const d of deadVersions(p.heap)) expect(d.xmax !== null && d.xmax >= h, `${d.key} xmax ${d.xmax} kept past horizon ${h}`).toBe(true);
}

describe('When random schedules of writes, commits, partitions, lag, crashes, failovers, VACUUMs and long reads run (fast-check, seed 20261124)', () => {
  const covered = { promotions: 0, refused: 0, stale: 0, pruned: 0, cancelled: 0, kept: 0 };
  it('no node ever shows a value no primary committed, and the WAL positions stay ordered', () => {
    fc.assert(
      fc.property(schedule, fc.integer({ min: 1, max: 1000 }), (s, seed) => {
        const initial = { a: 0, b: 0 };
        const d = replication(
          {
            standbys: ['s1', 's2'],
            synchronous_standby_names: s.sync,
            synchronous_commit: s.level,
            latency: { min: 5, max: 120 },
            rows: initial,
            slots: s.slots,
            max_standby_streaming_delay: s.delay,
          },
          seed,
        );
        const seen = new Map<string, Map<string, Value>>();
        for (const a of s.actions) {
          d.try(a);
          checkInvariants(d.state, seen, initial);
          if (a.type === 'vacuum' && d.refusal === null) {
            checkVacuumed(d.state);
            const v = d.of('table.vacuumed')[0]?.report;
            covered.pruned += v?.removed ?? 0;
            covered.kept += v?.deadNotRemovable ?? 0;
          }
        }
        covered.cancelled += d.state.queries.filter((q) => q.status === 'cancelled').length;
        covered.promotions += d.log.filter((e) => e.type === 'node.promoted').length;
        covered.refused += d.state.refusedAttaches;
        covered.stale += d.state.reads.filter((r) => r.stale).length;
        // Views are plain data that survive the worker boundary.
        expect(structuredClone(replicationLab.view(d.state))).toEqual(replicationLab.view(d.state));
      }),
      { seed: 20261124, numRuns: 300 },
    );
    // The schedules reach the interesting states, so the invariants were checked there.
    expect(covered.promotions).toBeGreaterThan(50);
    expect(covered.refused).toBeGreaterThan(5);
    expect(covered.stale).toBeGreaterThan(5);
    expect(covered).toMatchObject({ pruned: expect.any(Number), cancelled: expect.any(Number), kept: expect.any(Number) });
    expect(Math.min(covered.pruned, covered.cancelled, covered.kept), JSON.stringify(covered)).toBeGreaterThan(5);
  });

  let ackedTotal = 0;
  it('with every commit synchronous (on or remote_apply) to s1, s1 has each acknowledged commit flushed or replayed, and promoting s1 loses none', () => {
    // Transactions T1, T2, ... each write then commit synchronously; time, partitions and apply delay interleave.
    const syncOnly = fc
      .array(
        fc.oneof(
          {
            weight: 4,
            arbitrary: fc.record({
              type: fc.constant('txn' as const),
              key: fc.constantFrom(...KEYS),
              value: fc.integer({ min: 0, max: 999 }),
              level: fc.constantFrom('on' as const, 'remote_apply' as const),
            }),
          },
          { weight: 4, arbitrary: fc.record({ type: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 300 }) }) },
          {
            weight: 1,
            arbitrary: fc.record({
              type: fc.constantFrom('partition' as const, 'heal' as const),
              a: fc.constant('primary'),
              b: fc.constantFrom('s1', 's2'),
            }),
          },
          {
            weight: 1,
            arbitrary: fc.record({
              type: fc.constant('apply-delay' as const),
              node: fc.constant('s1'),
              ms: fc.integer({ min: 0, max: 300 }),
            }),
          },
        ),
        { maxLength: 40 },
      )
      .map((ops) =>
        ops.flatMap((op, i): Action[] =>
          op.type === 'txn'
            ? [
                { type: 'write', tx: `T${i}`, key: op.key, value: op.value },
                { type: 'commit', tx: `T${i}`, synchronous_commit: op.level },
              ]
            : [op],
        ),
      );
    fc.assert(
      fc.property(syncOnly, fc.integer({ min: 1, max: 1000 }), (actions, seed) => {
        const d = replication(
          { standbys: ['s1', 's2'], synchronous_standby_names: ['s1'], latency: { min: 5, max: 120 }, rows: { a: 0 } },
          seed,
        );
        for (const a of actions) {
          d.try(a);
          // Once COMMIT returns, the synchronous standby has what the level promised: flushed (on) or replayed (remote_apply).
          const s1 = d.state.nodes.s1;
          for (const t of [...d.state.txns.values()]) {
            if (!t.acked || t.commitEnd === null) continue;
            expect(t.level === 'remote_apply' ? s1.replayLsn : s1.flushLsn).toBeGreaterThanOrEqual(t.commitEnd);
          }
        }
        const acked = [...d.state.txns.values()].filter((t) => t.acked).map((t) => t.name);
        ackedTotal += acked.length;
        d.run({ type: 'crash', node: 'primary' }, { type: 'promote', node: 's1' });
        expect(d.state.lost).toEqual([]);
        const onNew = new Set(d.state.nodes.s1.wal.filter((r) => r.kind === 'COMMIT').map((r) => r.tx));
        for (const t of acked) expect(onNew.has(t)).toBe(true);
      }),
      { seed: 20261124, numRuns: 300 },
    );
    expect(ackedTotal).toBeGreaterThan(100);
  });

  it('the same schedule and seed give the same view; asynchronous failover can lose commits (the property above is not vacuous)', () => {
    let lostSomewhere = false;
    fc.assert(
      fc.property(schedule, fc.integer({ min: 1, max: 1000 }), (s, seed) => {
        const opts = {
          standbys: ['s1', 's2'],
          synchronous_standby_names: s.sync,
          synchronous_commit: s.level,
          latency: { min: 5, max: 120 },
          rows: { a: 0 },
        };
        const one = replication(opts, seed);
        const two = replication(opts, seed);
        for (const a of s.actions) {
          one.try(a);
          two.try(a);
        }
        expect(one.view()).toEqual(two.view());
        if (one.state.lost.length > 0) lostSomewhere = true;
      }),
      { seed: 20261124, numRuns: 200 },
    );
    expect(lostSomewhere).toBe(true);
  });
});
