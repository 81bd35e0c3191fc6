import type { ScenarioOf } from '../../engine/scenario/schema';
import { standbyConflict, standbyFeedback } from './horizon-presets';

/** A preset: a Replication scenario with its gallery id. */
type ReplicationScenario = ScenarioOf<'replication'> & { preset: string };

const rows = { alice: 100, bob: 50 };

const staleRead: ReplicationScenario = {
  v: 1,
  lab: 'replication',
  preset: 'repl-async-stale-read',
  goal: 'With asynchronous replication, COMMIT returns before the standby has the change. Watch the WAL positions of primary and standby, and predict what each answers right after COMMIT.',
  title: 'A read from an asynchronous replica returns stale data',
  seed: 1,
  options: { standbys: ['standby1'], latency: { min: 40 }, rows },
  steps: [
    {
      do: { type: 'write', tx: 'T1', key: 'alice', value: 90 },
      say: "T1 updates alice's balance from 100 to 90 on the primary. An UPDATE record goes into the primary's WAL buffers; nothing is flushed or sent yet.",
    },
    {
      do: { type: 'commit', tx: 'T1' },
      say: 'COMMIT flushes the commit record to the primary\'s disk and returns at once: synchronous_standby_names is empty, so no standby is waited for. This is asynchronous replication. The client has its "COMMIT".',
    },
    {
      do: { type: 'advance', ms: 10 },
      say: "The walsender wakes up and sends the new WAL to standby1's walreceiver. The link's one-way latency is 40 ms: the WAL is on the wire (sent_lsn moved, write/flush/replay_lsn did not).",
    },
    {
      do: { type: 'read', node: 'primary', key: 'alice' },
      ask: { q: 'COMMIT has returned. What does a new session on the primary read for alice?', about: 'readValue(primary.alice)' },
      say: 'A new session on the primary reads alice: 90, T1 is committed there.',
    },
    {
      do: { type: 'read', node: 'standby1', key: 'alice' },
      ask: { q: 'And the same query on standby1, the asynchronous replica?', about: 'readValue(standby1.alice)' },
      say: 'The same query on the hot standby returns 100. Not wrong by its own rules (a hot standby shows the commits it has replayed) but stale: the application sees a committed change disappear when its read goes to a replica. This is the C of CAP, linearizability, that asynchronous replication gives up. It is not the C of ACID: every constraint holds on both nodes.',
    },
    {
      do: { type: 'advance', ms: 40 },
      say: 'The WAL arrives: the walreceiver writes and flushes it (pg_last_wal_receive_lsn), the startup process replays it (pg_last_wal_replay_lsn), and a standby status update goes back. pg_stat_replication on the primary will show replay_lag when it arrives.',
    },
    {
      do: { type: 'read', node: 'standby1', key: 'alice' },
      say: 'Now standby1 answers 90 too. The replica was only behind, never inconsistent: it showed an older, complete state of the database, which is what "eventually consistent" means here.',
    },
  ],
  expect: {
    reads: { primary: { alice: 90 }, standby1: { alice: 90 } },
    staleReads: 1,
    acknowledged: ['T1'],
    lastRead: { node: 'standby1', key: 'alice', value: 90 },
  },
};

const syncWaits: ReplicationScenario = {
  v: 1,
  lab: 'replication',
  preset: 'repl-sync-commit-waits',
  goal: 'With synchronous replication (remote_apply), COMMIT waits until the standby has applied it, so every node then answers the new value. Watch the commit wait a round trip before it returns.',
  title: 'Synchronous replication: the commit waits for the replica',
  seed: 1,
  options: {
    standbys: ['standby1'],
    synchronous_standby_names: ['standby1'],
    synchronous_commit: 'remote_apply',
    latency: { min: 40 },
    rows,
  },
  steps: [
    {
      do: { type: 'write', tx: 'T1', key: 'alice', value: 90 },
      say: "synchronous_standby_names = 'standby1' and synchronous_commit = remote_apply. T1 updates alice to 90.",
    },
    {
      do: { type: 'commit', tx: 'T1' },
      say: 'COMMIT writes and flushes the commit record locally, marks T1 committed in pg_xact, then waits in SyncRepWaitForLSN until standby1 reports it has replayed that LSN. The client sees nothing back; pg_stat_activity shows wait_event SyncRep.',
    },
    {
      do: { type: 'read', node: 'primary', key: 'alice' },
      say: 'Another session on the primary still reads 100. In PostgreSQL the wait happens inside RecordTransactionCommit, before ProcArrayEndTransaction: T1 is committed on disk but still "in progress" for every snapshot. Nobody on the primary can see a commit the standby might not have.',
    },
    {
      do: { type: 'advance', ms: 40 },
      say: "The WAL reaches standby1: written, flushed and replayed. Because the commit record asked for remote_apply, the standby's walreceiver replies at once with its new replay position.",
    },
    {
      do: { type: 'read', node: 'standby1', key: 'alice' },
      say: 'A read on standby1 already returns 90, while the primary still shows 100 to its sessions: for these 40 ms the replica is ahead of the primary. Nothing is stale here; the change is simply visible in one place first.',
    },
    {
      do: { type: 'advance', ms: 40 },
      say: "The reply reaches the primary: replay_lsn covers T1's commit, SyncRepReleaseWaiters wakes the backend, T1 leaves the ProcArray and its client finally gets COMMIT. The commit took one network round trip plus the standby's replay.",
    },
    {
      do: { type: 'read', node: 'primary', key: 'alice' },
      say: 'Now every node answers 90, and any read after the COMMIT returned, on any node, sees it: read-your-writes across replicas, paid for with latency on every commit.',
    },
  ],
  expect: {
    reads: { primary: { alice: 90 }, standby1: { alice: 90 } },
    acknowledged: ['T1'],
    waiting: [],
    staleReads: 0,
    lastRead: { node: 'primary', key: 'alice', value: 90 },
  },
};

const partition: ReplicationScenario = {
  v: 1,
  lab: 'replication',
  preset: 'repl-partition',
  goal: 'During a network partition a synchronous commit blocks (consistency) while a local one returns and leaves the standby stale (availability). Watch T1 wait on the cut link while T2 goes through.',
  title: 'A partition: synchronous commits block (consistency), asynchronous ones continue (availability)',
  seed: 1,
  options: { standbys: ['standby1'], synchronous_standby_names: ['standby1'], synchronous_commit: 'on', latency: { min: 40 }, rows },
  steps: [
    {
      do: { type: 'partition', a: 'primary', b: 'standby1' },
      say: 'The network between the primary and its synchronous standby fails. Neither side knows yet: pg_stat_replication still says streaming until wal_sender_timeout.',
    },
    { do: { type: 'write', tx: 'T1', key: 'alice', value: 90 }, say: 'T1 updates alice to 90 on the primary.' },
    {
      do: { type: 'commit', tx: 'T1' },
      say: 'COMMIT with synchronous_commit = on: flushed locally, then the backend waits for standby1 to confirm the flush. The WAL cannot get through.',
    },
    {
      do: { type: 'advance', ms: 2000 },
      say: "Two seconds pass and T1 is still waiting, and will wait forever: PostgreSQL has no timeout for a synchronous commit. This is CAP's choice of consistency: during a partition the system stops acknowledging writes rather than acknowledge one that only one node has.",
    },
    { do: { type: 'write', tx: 'T2', key: 'bob', value: 60 }, say: 'A second session updates bob in T2.' },
    {
      do: { type: 'commit', tx: 'T2', synchronous_commit: 'local' },
      say: 'T2 ran SET LOCAL synchronous_commit = local: its COMMIT waits for the local flush only and returns at once. Availability: the primary keeps accepting writes during the partition.',
    },
    { do: { type: 'read', node: 'primary', key: 'bob' }, say: 'The primary shows bob = 60.' },
    {
      do: { type: 'read', node: 'standby1', key: 'bob' },
      say: 'standby1 still answers bob = 50: a stale read, and if the primary died now and standby1 were promoted, T2 would be lost. Availability is bought with consistency. Note what is not at stake: ACID consistency (constraints, invariants) holds on both sides all along.',
    },
    {
      do: { type: 'heal', a: 'primary', b: 'standby1' },
      say: "The network is back. standby1's walreceiver reconnects and asks for the WAL after what it has flushed (START_REPLICATION 0/3000000: PostgreSQL asks from the start of that WAL segment).",
    },
    {
      do: { type: 'advance', ms: 100 },
      say: "The WAL of T1 and T2 arrives, standby1 flushes it and replies: T1's wait ends, its client gets COMMIT 2.1 seconds after asking.",
    },
    { do: { type: 'read', node: 'standby1', key: 'bob' }, say: 'standby1 has caught up: bob = 60 there too.' },
  ],
  expect: {
    reads: { primary: { alice: 90, bob: 60 }, standby1: { alice: 90, bob: 60 } },
    acknowledged: ['T1', 'T2'],
    waiting: [],
    staleReads: 1,
    lastRead: { node: 'standby1', key: 'bob', value: 60 },
  },
};

const failover: ReplicationScenario = {
  v: 1,
  lab: 'replication',
  preset: 'repl-failover-loses-commits',
  goal: 'The primary crashes and an asynchronous standby is promoted. Watch which commits had reached pg2 before the crash, and predict what the new primary knows of T2, which was acknowledged.',
  title: 'Failover after asynchronous replication loses the last commits',
  seed: 1,
  options: { primary: 'pg1', standbys: ['pg2'], latency: { min: 40 }, rows },
  steps: [
    {
      do: { type: 'write', tx: 'T1', key: 'alice', value: 90 },
      say: 'pg1 is the primary, pg2 its asynchronous standby. T1 updates alice to 90.',
    },
    { do: { type: 'commit', tx: 'T1' }, say: 'T1 commits: flushed on the primary, acknowledged.' },
    { do: { type: 'advance', ms: 100 }, say: 'T1 reaches pg2 and is replayed there.' },
    { do: { type: 'write', tx: 'T2', key: 'bob', value: 60 }, say: 'T2 updates bob to 60.' },
    {
      do: { type: 'commit', tx: 'T2' },
      say: "T2 commits: its commit record is flushed on the primary's disk and the client is told COMMIT. The walsender has not sent it yet.",
    },
    {
      do: { type: 'crash', node: 'pg1' },
      say: "pg1, the primary, dies before its walsender sent T2. T2 is on pg1's disk and nowhere else.",
    },
    {
      do: { type: 'promote', node: 'pg2' },
      say: 'Failover: pg_promote() on pg2. It replays what it has, ends recovery and starts timeline 2 (writing 00000002.history: timeline 1 ends at the last LSN it had). T2 is not there: an acknowledged commit is lost. That is the price of asynchronous replication, and why failover tools measure the lag first.',
    },
    {
      do: { type: 'read', node: 'pg2', key: 'bob' },
      ask: {
        q: 'T2 (bob = 60) was acknowledged before the crash. What does the new primary pg2 read for bob?',
        about: 'readValue(pg2.bob)',
      },
      say: 'The new primary answers bob = 50. The client that was told T2 committed now reads the old balance.',
    },
    {
      do: { type: 'write', tx: 'T3', key: 'alice', value: 80 },
      say: 'Applications reconnect to pg2 and keep writing: T3 updates alice to 80 on timeline 2.',
    },
    { do: { type: 'commit', tx: 'T3' }, say: 'T3 commits on the new primary.' },
    {
      do: { type: 'attach', node: 'pg1', to: 'pg2' },
      say: "pg1's machine comes back and is started as a standby of pg2 (standby.signal, primary_conninfo). Crash recovery replays its own WAL, T2 included, so it shows bob = 60. Then its walreceiver fetches 00000002.history and the startup process refuses to follow: timeline 2 forked off before T2. It logs this and retries forever instead of silently mixing T2 into pg2's history.",
    },
    {
      do: { type: 'read', node: 'pg1', key: 'bob' },
      say: 'Reading the stuck old primary: bob = 60, a commit no other node has. It is not stale, it has diverged.',
    },
    {
      do: { type: 'rewind', node: 'pg1', source: 'pg2' },
      say: "pg_ctl stop, then pg_rewind --source-server=pg2: it reads the timeline history, finds the fork point, and takes the old primary back to it. T2's records are discarded (pg_rewind copies the blocks they touched back from pg2). Save them first if they matter: this is where lost commits are recovered by hand, if ever.",
    },
    { do: { type: 'attach', node: 'pg1', to: 'pg2' }, say: 'Now the old primary starts as a standby of pg2 on timeline 2.' },
    { do: { type: 'advance', ms: 100 }, say: 'It streams and replays T3 from the new primary.' },
    {
      do: { type: 'read', node: 'pg1', key: 'alice' },
      say: 'The old primary, now a standby, answers alice = 80: one history again, minus T2.',
    },
  ],
  expect: {
    lostCommits: ['T2'],
    primary: 'pg2',
    timelines: { pg2: 2, pg1: 2 },
    refusedAttaches: 1,
    reads: { pg2: { alice: 80, bob: 50 }, pg1: { alice: 80, bob: 50 } },
    staleReads: 0,
    lastRead: { node: 'pg1', key: 'alice', value: 80 },
  },
};

/** The Replication lab's presets, in gallery order. */
export const replicationPresets: ReplicationScenario[] = [staleRead, syncWaits, partition, failover, standbyConflict, standbyFeedback];

/** Gallery card text per preset id. */
export const replicationCards: Record<string, { teaser: string; tags: readonly string[] }> = {
  'repl-async-stale-read': {
    teaser: 'COMMIT returned on the primary; the hot standby still answers 100 for 40 ms.',
    tags: ['asynchronous', 'hot standby', 'stale read'],
  },
  'repl-sync-commit-waits': {
    teaser: 'remote_apply: the commit waits a round trip, and the standby shows it before the primary does.',
    tags: ['synchronous_commit', 'SyncRep', 'replay_lsn'],
  },
  'repl-partition': {
    teaser: 'The link is cut: a synchronous commit waits forever, a local one returns and goes stale.',
    tags: ['CAP', 'partition', 'availability'],
  },
  'repl-failover-loses-commits': {
    teaser: 'The primary dies, the standby is promoted on timeline 2, and acknowledged T2 is gone.',
    tags: ['failover', 'timeline', 'pg_rewind'],
  },
  'repl-vacuum-cancels-standby-query': {
    teaser: "VACUUM's PRUNE reaches the standby: replay waits 30 s, then the report is cancelled.",
    tags: ['VACUUM', 'recovery conflict', 'max_standby_streaming_delay'],
  },
  'repl-standby-feedback-bloat': {
    teaser: 'hot_standby_feedback keeps the report alive; the slot keeps dead versions after the standby is gone.',
    tags: ['hot_standby_feedback', 'replication slot', 'xmin horizon'],
  },
};
