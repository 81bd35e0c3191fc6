import type { Course } from './types';

export const atomicity: Course = {
  id: 'atomicity',
  title: 'Atomicity',
  summary:
    'All or nothing: the simplest write-ahead log, a crash halfway through a transaction, and recovery that keeps what committed and undoes the rest.',
  chapters: [
    {
      preset: 'recipe-all-or-none',
      title: 'A crash halfway through',
      intro:
        "Ana's change to her paella recipe is three writes in one transaction, T1. Before each write the log records an intent with the row's before image. The power fails after the second write: watch recovery undo both with those before images, because T1 has no COMMIT record.",
    },
    {
      preset: 'recipe-crash-after-commit',
      title: 'The COMMIT record decides',
      intro:
        'The same three writes, this time followed by a COMMIT record, then a crash. Recovery finds the COMMIT and keeps all five of T1’s records: nothing is undone. A transaction commits the moment that record is in the log.',
    },
    {
      preset: 'two-cooks-one-crash',
      title: 'Two cooks, one log',
      intro:
        "Ana and Ben work at the same time, so their records interleave in one log. Ben's T2 commits; Ana's T1 is still open when the power fails. Watch recovery sort the log by transaction: Ben's fix stays, Ana's writes are undone, newest first.",
    },
    {
      preset: 'pg-recipe-all-or-none',
      title: 'The recipe platform on real pages',
      intro:
        'The same story as PostgreSQL stores it: heap pages, shared buffers and a WAL with LSNs. There are no before images: an update adds a new tuple version and marks the old one with xmax. T1’s WAL records die in the WAL buffers at the crash, and Ana’s retry, T2, commits and survives whole.',
    },
  ],
  tryNext:
    'Fork the first chapter at any step: commit before the crash, or crash one write earlier, and see what recovery keeps. All or nothing across two databases is the distributed-commit lab.',
  alsoTry: ['2pc-everyone-votes-yes', '2pc-one-votes-no'],
};

export const consistency: Course = {
  id: 'consistency',
  title: 'Consistency',
  summary:
    'Rules that hold: constraints roll back the transaction that would break them. Then what “consistency” means once data is copied to replicas.',
  chapters: [
    {
      preset: 'txn-check-oversell',
      title: 'CHECK stops an oversell',
      intro:
        "Two buyers check out the last paella pan at once. The second waits for the first one's row lock, re-reads the newest version and would set the stock to -1: CHECK (stock >= 0) fails and its transaction is rolled back. That is the C of ACID: a transaction that would break a rule never commits.",
    },
    {
      preset: 'txn-unique-race',
      title: 'A unique key settles a race',
      intro:
        'Two sign-ups use the same email at the same moment. The second INSERT finds an index entry whose transaction is still in progress, so it waits. When the first commits, the second fails with a unique violation; had the first rolled back, the second would have succeeded.',
    },
    {
      preset: 'txn-cascade',
      title: 'ON DELETE CASCADE, all at once',
      intro:
        'Deleting a user cascades to her orders inside the same transaction. s1 sees its own deletes while s2 still counts 3 orders; at COMMIT the user and her orders disappear together. Nobody ever sees an order without its user.',
    },
    {
      preset: 'repl-async-stale-read',
      title: 'A stale read from a replica',
      intro:
        'Now the data is copied: the primary streams its WAL to an asynchronous standby 40 ms away. COMMIT returns before the standby has the change, so a read there answers 100 while the primary says 90. That is the C of CAP, linearizability, given up; every ACID constraint still holds on both nodes.',
    },
    {
      preset: 'repl-sync-commit-waits',
      title: 'Synchronous replication: COMMIT waits',
      intro:
        "With synchronous_standby_names = 'standby1' and synchronous_commit = remote_apply, COMMIT waits until the standby has replayed it. The client pays one network round trip plus the replay; after that, every node answers the new value.",
    },
    {
      preset: 'repl-partition',
      title: 'A partition: wait or go on',
      intro:
        'The link between the primary and its synchronous standby breaks. A synchronous COMMIT waits as long as the partition lasts (consistency), while a transaction with synchronous_commit = local returns at once and leaves the standby stale (availability). CAP’s choice, made per transaction.',
    },
    {
      preset: 'repl-failover-loses-commits',
      title: 'Failover loses acknowledged commits',
      intro:
        'The primary dies before sending its last commit, T2, to its asynchronous standby, which is promoted on a new timeline: T2 is gone although its client was told COMMIT. Watch the old primary come back with T2, be refused, and be rewound with pg_rewind.',
    },
  ],
  tryNext:
    'In a transactions chapter, press “Edit scenario” and drop the CHECK or the primary key to see what the rule was preventing. In a replication chapter, fork before the crash or the read and try it another way.',
  alsoTry: ['txn-deadlock', '2pc-coordinator-crash-in-doubt'],
};

export const isolation: Course = {
  id: 'isolation',
  title: 'Isolation',
  summary:
    'The anomalies level by level: dirty reads, lost updates, non-repeatable reads, phantoms and write skew, then how Serializable Snapshot Isolation catches the last one.',
  chapters: [
    {
      preset: 'txn-dirty-read-textbook',
      title: 'A dirty read, as textbooks tell it',
      intro:
        'READ UNCOMMITTED as textbooks describe it: s2 reads 200, a value s1 has not committed and then rolls back. This lab turns on a textbook mode to show it; PostgreSQL itself never allows it, as the next chapter shows.',
    },
    {
      preset: 'txn-no-dirty-read',
      title: 'No dirty reads in PostgreSQL',
      intro:
        "The same interleaving under PostgreSQL's own rules. s2 asks for READ UNCOMMITTED and runs as READ COMMITTED: its snapshot lists s1's transaction as in progress, so s1's new version stays invisible and s2 reads 100.",
    },
    {
      preset: 'txn-lost-update-rc',
      title: 'A lost update under Read Committed',
      intro:
        'Two sessions read a counter at 0 and each writes 0 + 1. Read Committed makes the second writer wait for the first, then write its 1 over the newest version: two increments, x = 1. The checker names it G-single, a lost update.',
    },
    {
      preset: 'txn-recipe-for-update',
      title: 'SELECT … FOR UPDATE',
      intro:
        "One fix for read-then-write: lock the row before reading it. Ana locks the recipe FOR UPDATE; Ben's FOR UPDATE waits for her, then reads her count of 3 instead of the stale 2, and both ingredients count.",
    },
    {
      preset: 'txn-nonrepeatable-read-rr',
      title: 'Repeatable Read: a read repeats',
      intro:
        "Under Repeatable Read the first query takes one snapshot for the whole transaction. s2 withdraws 30 and commits, yet s1's second read still says 100; under Read Committed it would have said 70.",
    },
    {
      preset: 'txn-phantom-rr',
      title: 'Repeatable Read: no phantom',
      intro:
        's1 asks twice for the users older than 30. In between, s2 inserts John, aged 35, and commits. Same snapshot, same answer: in PostgreSQL, Repeatable Read prevents phantoms too.',
    },
    {
      preset: 'txn-write-skew',
      title: 'Write skew slips through',
      intro:
        'Two doctors each check that the other is on call, then go off call. They update different rows, so no lock conflicts, and under Repeatable Read both commit: nobody is left on call. Each read what the other wrote, a G2-item anomaly.',
    },
    {
      preset: 'txn-coupon-serializable',
      title: 'Serializable (SSI) catches it',
      intro:
        'Serializable Snapshot Isolation tracks who read what another wrote. Ana and Ben both find a single-use coupon unused and both redeem it: each is reader and writer of the other, a dangerous structure. Ana commits first and Ben’s COMMIT fails with 40001: that failure is the lesson.',
    },
  ],
  tryNext:
    'Open “Edit scenario” on the write skew and set both sessions to Serializable, or move a step of the lost update after the other session’s commit: the checker says which anomaly is left.',
  alsoTry: ['txn-deadlock'],
};

export const durability: Course = {
  id: 'durability',
  title: 'Durability',
  summary:
    'How PostgreSQL keeps what it promised: pages in shared buffers, the WAL flushed at COMMIT, checkpoints, and what recovery does after a crash.',
  chapters: [
    {
      preset: 'pg-commit-no-data-pages',
      title: 'COMMIT writes WAL, not pages',
      intro:
        'A table is a file of 8 kB pages, changed in shared buffers. Three transactions commit: each COMMIT costs one WAL flush, and the page stays dirty in memory until the checkpointer writes it, once for all of them.',
    },
    {
      preset: 'pg-bank-transfer-survives',
      title: 'A crash after COMMIT: redo',
      intro:
        'Alice sends Bob 30. COMMIT flushes the WAL and returns while the data page is still dirty in memory. The power cut loses the page; recovery replays the WAL from the REDO point in pg_control, a full-page image first, and Alice has 70, Bob 80.',
    },
    {
      preset: 'pg-crash-before-commit',
      title: 'A crash before COMMIT',
      intro:
        "Uncommitted changes can reach the disk: a checkpoint writes T1's new tuples before T1 commits, and then the power fails. Recovery finds no commit record, so pg_xact marks the transaction aborted and nobody ever sees its tuples.",
    },
    {
      preset: 'pg-wal-rule',
      title: 'The WAL rule',
      intro:
        "With only four buffer frames, reads force T1's dirty page out. Before writing it, the backend flushes the WAL up to the page's LSN. The crash tears that page write, and recovery rebuilds the page whole from the full-page image in the WAL.",
    },
    {
      preset: 'pg-checkpoint-shortens-recovery',
      title: 'A checkpoint bounds recovery',
      intro:
        'A checkpoint writes the dirty pages and moves the REDO point in pg_control. After the crash, recovery starts there and replays only the records written after it, not those the checkpoint already put in the data file.',
    },
    {
      preset: 'pg-async-commit',
      title: 'synchronous_commit = off',
      intro:
        'With synchronous_commit off, COMMIT returns before its record is flushed; the WAL writer flushes a moment later. The power fails before it runs again, and two acknowledged transactions are lost. Yet the balances still add up: whole transactions vanish, never half of one.',
    },
    {
      preset: 'pg-torn-page',
      title: 'A torn page without full_page_writes',
      intro:
        'A power cut in the middle of an 8 kB page write leaves a page half new, half old. With full_page_writes off there is no page image in the WAL to rebuild it from, and recovery stops on the bad checksum: that failure is the lesson, and the reason full_page_writes is on by default.',
    },
  ],
  tryNext:
    'Fork a chapter where it crashes: checkpoint first, or crash one step earlier, and compare the REDO point and what recovery replays. Share the exact step with a link.',
  alsoTry: ['pg-bgwriter', 'pg-recipe-all-or-none'],
};
