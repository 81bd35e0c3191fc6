/** Presets on commits and the WAL: what a commit makes durable, what a crash loses, what a checkpoint saves. */
import { accounts, type DurabilityScenario, transfer } from './steps';

export const bankTransfer: DurabilityScenario = {
  v: 1,
  lab: 'durability',
  title: 'The bank transfer survives the crash',
  seed: 1,
  preset: 'pg-bank-transfer-survives',
  goal: 'COMMIT makes a transaction durable by flushing the WAL, not the data page. Watch the page stay dirty in memory at COMMIT, vanish in the crash, and redo rebuild Alice 70, Bob 80 from the WAL.',
  options: { tables: { accounts } },
  steps: [
    {
      do: { type: 'begin', tx: 'T1' },
      say: 'Alice sends Bob 30. Transaction T1 gets xid 750. The accounts table is one 8 kB heap page on disk, not yet in shared buffers.',
    },
    {
      do: { type: 'update', tx: 'T1', table: 'accounts', key: 'alice', add: { balance: -30 } },
      say: "The page is read into a buffer frame. UPDATE never changes a row in place: it stamps xmax = 750 on Alice's old tuple and adds a new tuple (0,3) with xmin = 750. The key did not change and the page has room, so it is a HOT update: the new version stays on this page, the old one's t_ctid leads to it, and the primary-key index is not touched. A HOT_UPDATE record goes into the WAL buffers, with a full-page image because this is the page's first change since the last checkpoint.",
    },
    {
      do: { type: 'update', tx: 'T1', table: 'accounts', key: 'bob', add: { balance: 30 } },
      say: "Bob's row gets the same treatment. This HOT_UPDATE record is small: the page image is already in the WAL since the checkpoint, and only the bytes that differ from the old version are logged.",
    },
    {
      do: { type: 'commit', tx: 'T1' },
      say: 'COMMIT appends a 34-byte commit record and flushes the WAL up to it: one fsync. Only now does COMMIT return. The data page is still dirty in memory: the WAL is enough.',
    },
    {
      do: { type: 'crash' },
      say: 'Power cut. Shared buffers and the WAL buffers vanish. On disk: the old page (100 and 50) and the WAL, flushed through the commit record.',
    },
    {
      do: { type: 'recover' },
      say: 'pg_control says: replay from REDO 0/1000028. The full-page image rebuilds the page, the next record is reapplied because the page LSN is older, and the commit record marks xid 750 committed in pg_xact. Alice has 70, Bob 80.',
    },
  ],
  expect: {
    rows: {
      accounts: [
        { key: 'alice', values: { balance: 70 } },
        { key: 'bob', values: { balance: 80 } },
      ],
    },
    committed: ['T1'],
    counters: { recordsReplayed: { min: 4, max: 4 } },
  },
};

export const beforeCommit: DurabilityScenario = {
  v: 1,
  lab: 'durability',
  title: 'Crash before the commit record is flushed: the transfer never happened',
  seed: 1,
  preset: 'pg-crash-before-commit',
  goal: "Uncommitted changes may reach the disk, yet a crash before the commit record undoes them. Watch the checkpoint write T1's tuples, then recovery mark its xid aborted so nobody sees them.",
  options: { tables: { accounts } },
  steps: [
    ...transfer('T1', 30).map((s, i) => (i === 0 ? { ...s, say: 'T1 moves 30 from Alice to Bob, but will not get to commit.' } : s)),
    {
      do: { type: 'checkpoint' },
      say: "A CHECKPOINT runs now. It writes every dirty page, including T1's uncommitted tuples, and fsyncs the file. Writing uncommitted data is allowed: the WAL rule only asks that the WAL be flushed first, and it is.",
    },
    { do: { type: 'crash' }, say: 'The power fails before T1 commits. Its new tuples are on disk.' },
    {
      do: { type: 'recover' },
      say: "Recovery starts at the checkpoint's REDO point and finds no commit record for xid 750. pg_xact marks it aborted: its tuples stay on the page, but no one sees them. The money never moved.",
    },
  ],
  expect: {
    rows: { accounts },
    committed: [],
    lost: ['T1'],
    // The checkpoint wrote T1's page; recovery starts at its REDO point, past T1's records: it replays
    // the checkpoint's running-transactions snapshot and the checkpoint record.
    counters: { writesByCheckpointer: { min: 1, max: 1 }, recordsReplayed: { max: 2 } },
  },
};

export const commitNoPages: DurabilityScenario = {
  v: 1,
  lab: 'durability',
  title: 'Commit does not write data pages (dirty pages stay in memory)',
  seed: 1,
  preset: 'pg-commit-no-data-pages',
  goal: 'Commits write WAL, not data pages: changed pages stay dirty in shared buffers until a checkpoint. Watch one WAL flush per COMMIT while the page reaches its file once, written by the checkpointer.',
  options: { tables: { accounts } },
  steps: [
    ...transfer('T1', 10).map((s, i) =>
      i === 0 ? { ...s, say: 'T1 moves 10 from Alice to Bob: the accounts page is read into shared buffers and changed there.' } : s,
    ),
    { do: { type: 'commit', tx: 'T1' }, say: 'T1 commits: one WAL flush, zero data page writes.' },
    ...transfer('T2', 5, 'bob', 'alice'),
    {
      do: { type: 'commit', tx: 'T2' },
      say: 'T2 commits: another WAL flush. The page, changed four times, is still only in shared buffers, marked dirty.',
    },
    { do: { type: 'begin', tx: 'T3' } },
    {
      do: { type: 'insert', tx: 'T3', table: 'accounts', key: 'carol', values: { balance: 20 } },
      say: 'A new account fits on the same page.',
    },
    {
      do: { type: 'commit', tx: 'T3' },
      say: 'Three commits, three small sequential WAL writes, and still no random write to a data file: that is why databases log.',
    },
    {
      do: { type: 'checkpoint' },
      say: 'The page finally reaches its file when the checkpointer writes it, once for all those changes, then fsyncs it.',
    },
  ],
  expect: {
    rows: {
      accounts: [
        { key: 'alice', values: { balance: 95 } },
        { key: 'bob', values: { balance: 55 } },
        { key: 'carol', values: { balance: 20 } },
      ],
    },
    committed: ['T1', 'T2', 'T3'],
    counters: { writesByCheckpointer: { min: 1, max: 1 }, writesByBackend: { max: 0 }, walFlushes: { min: 4, max: 4 } },
  },
};

export const checkpointShortens: DurabilityScenario = {
  v: 1,
  lab: 'durability',
  title: 'A checkpoint shortens recovery',
  seed: 1,
  preset: 'pg-checkpoint-shortens-recovery',
  goal: 'A checkpoint bounds recovery: replay starts at its REDO point, not at the beginning of the WAL. Watch the REDO point move at the checkpoint, then recovery replay only the few records written after it.',
  options: { tables: { accounts } },
  steps: [
    {
      do: { type: 'begin', tx: 'T1' },
      say: 'T1 credits interest and opens an account: each change is a WAL record after the REDO point in pg_control. Watch how many records a crash would have to replay.',
    },
    {
      do: { type: 'update', tx: 'T1', table: 'accounts', key: 'alice', add: { balance: 5 } },
      say: "Alice's interest: the page's first change since the checkpoint, so its HOT_UPDATE record carries a full-page image.",
    },
    {
      do: { type: 'update', tx: 'T1', table: 'accounts', key: 'bob', add: { balance: 5 } },
      say: "Bob's interest: a small HOT_UPDATE record.",
    },
    {
      do: { type: 'insert', tx: 'T1', table: 'accounts', key: 'carol', values: { balance: 20 } },
      say: "A new account for Carol, on the same page: a heap INSERT, then an INSERT_LEAF for her key in the primary-key index, with the index leaf's image (its first change since the checkpoint).",
    },
    {
      do: { type: 'commit', tx: 'T1' },
      say: 'T1 commits: its commit record is flushed. A crash now would replay 6 records from the REDO point: two updates, the insert and its index entry, the commit, and the shutdown checkpoint record the cluster started with.',
    },
    {
      do: { type: 'checkpoint' },
      say: "CHECKPOINT: the REDO point moves to the current WAL position; the dirty page is written and fsync'd, and pg_control points here. Everything before the new REDO point is in the data files: recovery will never need it.",
    },
    { do: { type: 'begin', tx: 'T2' }, say: 'T2 moves 10 from Alice to Bob after the checkpoint.' },
    { do: { type: 'update', tx: 'T2', table: 'accounts', key: 'alice', add: { balance: -10 } } },
    { do: { type: 'update', tx: 'T2', table: 'accounts', key: 'bob', add: { balance: 10 } } },
    { do: { type: 'commit', tx: 'T2' }, say: 'T2 commits: three more records after the new REDO point.' },
    { do: { type: 'crash' }, say: 'The power fails. Shared buffers are gone; the WAL on disk ends with T2’s commit record.' },
    {
      do: { type: 'recover' },
      ask: { q: 'The server restarts. From which LSN does redo start?', about: 'redoStartLsn' },
      say: 'Recovery reads pg_control and starts at the new REDO point: it replays 5 records (the checkpoint’s running-transactions snapshot and record, and T2’s three), not T1’s, which the checkpoint already put in the data file. Alice has 95, Bob 65, Carol 20. A checkpoint bounds recovery time.',
    },
  ],
  expect: {
    rows: {
      accounts: [
        { key: 'alice', values: { balance: 95 } },
        { key: 'bob', values: { balance: 65 } },
        { key: 'carol', values: { balance: 20 } },
      ],
    },
    committed: ['T1', 'T2'],
    counters: { recordsReplayed: { min: 5, max: 5 }, checkpoints: { min: 1 } },
  },
};

export const asyncCommit: DurabilityScenario = {
  v: 1,
  lab: 'durability',
  title: 'synchronous_commit = off loses the last commits, never consistency',
  seed: 1,
  preset: 'pg-async-commit',
  goal: 'With synchronous_commit off, COMMIT returns before its WAL is on disk, so a crash can lose the last commits, but never half of one. Watch which commit records reach the disk before the power cut.',
  options: { tables: { accounts }, synchronous_commit: false, wal_writer_delay: 3 },
  steps: [
    ...transfer('T1', 10).map((s, i) =>
      i === 0 ? { ...s, say: 'synchronous_commit is off: COMMIT returns without waiting for the WAL flush.' } : s,
    ),
    {
      do: { type: 'commit', tx: 'T1' },
      say: 'T1 commits and the client hears "COMMIT" at once. Its commit record is only in the WAL buffers.',
    },
    { do: { type: 'tick', n: 3 }, say: 'Time passes; the WAL writer wakes (wal_writer_delay) and flushes the WAL. T1 is now durable.' },
    ...transfer('T2', 20),
    { do: { type: 'commit', tx: 'T2' }, say: 'T2 commits, acknowledged at once, not yet flushed.' },
    ...transfer('T3', 5, 'bob', 'alice'),
    { do: { type: 'commit', tx: 'T3' }, say: 'T3 too.' },
    { do: { type: 'crash' }, say: 'The power fails before the WAL writer runs again.' },
    {
      do: { type: 'recover' },
      say: 'T1 survives. T2 and T3 were reported committed but are gone: their commit records never reached disk. Yet the accounts still add up to 150: whole transactions are lost, never half of one.',
    },
  ],
  expect: {
    rows: {
      accounts: [
        { key: 'alice', values: { balance: 90 } },
        { key: 'bob', values: { balance: 60 } },
      ],
    },
    committed: ['T1'],
    lost: ['T2', 'T3'],
  },
};
