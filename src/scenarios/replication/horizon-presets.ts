import type { ScenarioOf } from '../../engine/scenario/schema';

/** A preset: a Replication scenario with its gallery id. */
type ReplicationScenario = ScenarioOf<'replication'> & { preset: string };

const rows = { alice: 100, bob: 50 };

/** hot_standby_feedback off (the default): VACUUM on the primary removes what a standby query still reads. */
export const standbyConflict: ReplicationScenario = {
  v: 1,
  lab: 'replication',
  preset: 'repl-vacuum-cancels-standby-query',
  goal: "A report runs on the hot standby while the primary updates a row and VACUUMs. Watch the dead versions on the primary, then the standby's replay stop at VACUUM's PRUNE record, and predict what happens to the report after 30 s.",
  title: "VACUUM on the primary cancels a standby's query",
  seed: 1,
  options: { standbys: ['s1'], latency: { min: 40 }, rows },
  steps: [
    {
      do: { type: 'begin-read', node: 's1', session: 'R1', key: 'alice' },
      say: 'On the hot standby s1, a long report starts: BEGIN ISOLATION LEVEL REPEATABLE READ and a SELECT that takes a while. It reads alice = 100 and keeps its snapshot, xmin 750: any row version removed by xid 750 or later is one it might need. hot_standby_feedback is off (the default): the primary knows nothing of it.',
    },
    {
      do: { type: 'write', tx: 'T1', key: 'alice', value: 90 },
      say: "T1 (xid 750) updates alice to 90 on the primary. The old version stays on the page: an UPDATE writes a new version and sets the old one's xmax to 750.",
    },
    {
      do: { type: 'commit', tx: 'T1' },
      say: 'T1 commits: the old version of alice is now dead on the primary (1 dead version). Nothing on the primary needs it: no open transaction, and the walsender holds no xmin for s1.',
    },
    {
      do: { type: 'advance', ms: 100 },
      say: "T1 reaches s1 and is replayed: new sessions on s1 see alice = 90, and s1 has the same dead version. R1's snapshot still sees 100, the version T1 replaced.",
    },
    {
      do: { type: 'vacuum' },
      say: 'VACUUM (VERBOSE) on the primary. Nothing holds the xmin horizon, so it is the next xid, 751, and the dead version goes: "tuples: 1 removed, 2 remain, 0 are dead but not yet removable", "removable cutoff: 751, which was 0 XIDs old". It logs a Heap2 PRUNE record, latestRemovedXid 750, 58 bytes.',
    },
    {
      do: { type: 'advance', ms: 300 },
      say: "The WAL writer flushes the PRUNE and the walsender sends it. When s1's startup process reaches it, R1's snapshot (xmin 750) might need the version removed by xid 750: a recovery conflict. Replay stops and waits, up to max_standby_streaming_delay (30 s) after the WAL was received.",
    },
    {
      do: { type: 'write', tx: 'T2', key: 'bob', value: 60 },
      say: 'Meanwhile the primary goes on: T2 updates bob to 60.',
    },
    {
      do: { type: 'commit', tx: 'T2' },
      say: 'T2 commits on the primary.',
    },
    {
      do: { type: 'advance', ms: 1000 },
      say: 'T2 reaches s1 and is flushed there, but not replayed: replay is still held behind the PRUNE. pg_last_wal_replay_lsn() stays put while pg_last_wal_receive_lsn() moves on: the replay lag grows.',
    },
    {
      do: { type: 'read', node: 's1', key: 'bob' },
      ask: { q: 'T2 has reached s1. What does a new session on s1 read for bob?', about: 'readValue(s1.bob)' },
      say: 's1 answers bob = 50 while the primary has 60: a stale read, because one report holds up replay for every session on the standby.',
    },
    {
      do: { type: 'advance', ms: 30_000 },
      say: 'The 30 s are up. s1 cancels R1: "ERROR: canceling statement due to conflict with recovery", "DETAIL: User query might have needed to see row versions that must be removed." (SQLSTATE 40001). Replay goes on at once and catches up.',
    },
    {
      do: { type: 'read', node: 's1', key: 'bob' },
      say: 'Now s1 answers 60. Expected and seen: with hot_standby_feedback off the primary cleans up without asking, and a standby query that needed the old versions is cancelled after max_standby_streaming_delay, having stalled replay meanwhile.',
    },
  ],
  expect: {
    cancelledQueries: ['R1'],
    staleReads: 1,
    reads: { primary: { bob: 60 }, s1: { alice: 90, bob: 60 } },
    lastRead: { node: 's1', key: 'bob', value: 60 },
  },
};

/** hot_standby_feedback on, through a physical slot: no cancellation, but the primary keeps dead versions, even after the standby leaves. */
export const standbyFeedback: ReplicationScenario = {
  v: 1,
  lab: 'replication',
  preset: 'repl-standby-feedback-bloat',
  goal: "The same report on the standby, now with hot_standby_feedback on and a replication slot. Watch the slot's xmin, the primary's dead versions as VACUUM runs, and what still holds them once the standby is gone.",
  title: 'hot_standby_feedback: no cancellation, but the primary bloats (and a slot keeps holding after the standby leaves)',
  seed: 1,
  options: { standbys: ['s1'], slots: ['s1'], latency: { min: 40 }, rows },
  steps: [
    {
      do: { type: 'standby-set', node: 's1', hot_standby_feedback: true },
      say: 'On s1: ALTER SYSTEM SET hot_standby_feedback = on; SELECT pg_reload_conf(). s1 streams through the physical replication slot s1 (primary_slot_name). Its walreceiver now sends the oldest xmin s1 needs with its status replies.',
    },
    {
      do: { type: 'begin-read', node: 's1', session: 'R1', key: 'alice' },
      say: 'The long report R1 starts on s1 and reads alice = 100, snapshot xmin 750.',
    },
    {
      do: { type: 'advance', ms: 100 },
      say: "The feedback reaches the primary. Because s1 streams through a slot, the walsender stores it in the slot: pg_replication_slots.xmin = 750, and pg_stat_replication.backend_xmin stays NULL. The primary's xmin horizon is now held by slot s1.",
    },
    { do: { type: 'write', tx: 'T1', key: 'alice', value: 90 }, say: 'T1 (xid 750) updates alice to 90.' },
    { do: { type: 'commit', tx: 'T1' }, say: 'T1 commits: 1 dead version of alice on the primary.' },
    { do: { type: 'write', tx: 'T2', key: 'alice', value: 80 }, say: 'T2 (xid 751) updates alice again, to 80.' },
    { do: { type: 'commit', tx: 'T2' }, say: 'T2 commits: 2 dead versions of alice on the primary.' },
    {
      do: { type: 'vacuum' },
      say: 'VACUUM (VERBOSE): "tuples: 0 removed, 4 remain, 2 are dead but not yet removable", "removable cutoff: 750, which was 2 XIDs old". The slot holds the horizon at 750, so both versions stay: no PRUNE, no conflict for R1, and the table grows instead.',
    },
    {
      do: { type: 'crash', node: 's1' },
      say: 's1 crashes, and R1 with it. Its walsender ends; the slot is inactive now, but it keeps its xmin 750: the primary cannot know whether s1 will come back needing those versions.',
    },
    {
      do: { type: 'vacuum' },
      say: 'VACUUM again: still "0 removed, 2 are dead but not yet removable", held by slot s1. An abandoned slot holds the horizon for ever: this is how a forgotten standby bloats a primary.',
    },
    {
      do: { type: 'drop-slot', slot: 's1' },
      say: "pg_drop_replication_slot('s1'): the slot and its xmin are gone (restarting s1 with its query ended would also have moved the xmin on). Nothing holds the horizon.",
    },
    {
      do: { type: 'vacuum' },
      say: 'VACUUM removes both: "tuples: 2 removed, 2 remain, 0 are dead but not yet removable". Expected and seen: with feedback the standby query was never cancelled, but the primary kept dead versions for as long as the slot held them, even with the standby gone.',
    },
  ],
  expect: {
    cancelledQueries: [],
    deadVersions: 0,
    reads: { primary: { alice: 80 } },
  },
};
