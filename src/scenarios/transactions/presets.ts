import { ACCOUNTS, asking, preset, step, type TxnScenario } from './helpers';
import { moreTransactionsPresets } from './presets-more';

const dirtyReadTextbook = preset({
  id: 'txn-dirty-read-textbook',
  goal: 'A dirty read as textbooks describe READ UNCOMMITTED (G1a, an aborted read); PostgreSQL never allows it. Watch s2 read 200, a value s1 then rolls back, and commit anyway.',
  title: 'Dirty read, as textbooks describe READ UNCOMMITTED',
  options: { sessions: ['s1', 's2'], setup: ACCOUNTS, textbookDirtyReads: true },
  steps: [
    step('s1', 'BEGIN', "s1 starts a transaction to change Ana's balance."),
    step(
      's1',
      'UPDATE accounts SET balance = 200 WHERE id = 1',
      "s1 writes a new version of the row: xmin is s1's xid, still in progress. The old version gets xmax = s1.",
    ),
    step(
      's2',
      'BEGIN ISOLATION LEVEL READ UNCOMMITTED',
      'Textbook mode (not PostgreSQL!): s2 asks for READ UNCOMMITTED and this lab lets it read uncommitted versions.',
    ),
    step('s2', 'SELECT balance FROM accounts WHERE id = 1', 's2 reads 200: a value that was never committed. That is a dirty read.'),
    step('s1', 'ROLLBACK', 's1 rolls back: pg_xact marks its xid aborted and the 200 never existed.'),
    step('s2', 'COMMIT', 's2 commits having acted on a value that never existed: Adya calls it G1a, an aborted read.'),
  ],
  expect: { rows: { accounts: [['1', 'Ana', '100']] }, anomaly: 'G1a', ended: { s2: 'committed' } },
});

const dirtyReadPostgres = preset({
  id: 'txn-no-dirty-read',
  goal: "Can READ UNCOMMITTED read a change that is not committed yet? Watch the snapshot s2 takes while s1's UPDATE is still open, and predict what s2 reads before step 4 shows it.",
  title: 'No dirty reads in PostgreSQL, even under READ UNCOMMITTED',
  options: { sessions: ['s1', 's2'], setup: ACCOUNTS },
  steps: [
    step('s1', 'BEGIN', 's1 starts a transaction.'),
    step(
      's1',
      'UPDATE accounts SET balance = 200 WHERE id = 1',
      's1 creates a new version (xmin = its xid, in progress) and sets xmax on the old one.',
    ),
    step('s2', 'BEGIN ISOLATION LEVEL READ UNCOMMITTED', 's2 asks for READ UNCOMMITTED; PostgreSQL runs it as READ COMMITTED.'),
    asking(
      step(
        's2',
        'SELECT balance FROM accounts WHERE id = 1',
        "s2's snapshot lists s1's xid as in progress: the new version is invisible, the old one is still visible. s2 reads 100.",
      ),
      "s1's UPDATE is not committed. Which balance does s2 read?",
      'readValue(s2)',
    ),
    step('s2', 'COMMIT', 's2 is done; it never saw uncommitted data.'),
    step('s1', 'COMMIT', 's1 commits: from now on new snapshots see 200.'),
  ],
  expect: { rows: { accounts: [['1', 'Ana', '200']] }, anomaly: null, results: { s2: [['100']] }, noOtherErrors: true },
});

const lostUpdate = preset({
  id: 'txn-lost-update-rc',
  goal: 'Under Read Committed, two read-then-write increments can lose one of them (a lost update). Watch both sessions read 0 and both write 1: the counter ends at 1, not 2.',
  title: 'Lost update under Read Committed',
  options: {
    sessions: ['s1', 's2'],
    setup: ['CREATE TABLE counter (id int PRIMARY KEY, x int NOT NULL); INSERT INTO counter VALUES (1, 0);'],
  },
  steps: [
    step('s1', 'BEGIN', 's1 begins (Read Committed, the default).'),
    step('s2', 'BEGIN', 's2 begins too.'),
    step('s1', 'SELECT x FROM counter WHERE id = 1', 's1 reads x = 0 and plans to write 0 + 1.'),
    step('s2', 'SELECT x FROM counter WHERE id = 1', 's2 also reads x = 0 and plans to write 0 + 1.'),
    step('s1', 'UPDATE counter SET x = 1 WHERE id = 1', 's1 writes x = 1: new version, xmax set on the old one.'),
    step('s2', 'UPDATE counter SET x = 1 WHERE id = 1', "s2 finds the row's xmax held by s1, still in progress: it waits on s1's xid."),
    step('s1', 'COMMIT', 's1 commits; s2 wakes, re-reads the newest version (EvalPlanQual) and writes its x = 1 over it.'),
    step('s2', 'COMMIT', 's2 commits. Two increments, x = 1: one update is lost. The checker finds G-single (a lost update).'),
  ],
  expect: { rows: { counter: [['1', '1']] }, anomaly: 'G-single', noOtherErrors: true },
});

const nonRepeatable = preset({
  id: 'txn-nonrepeatable-read-rr',
  goal: "Repeatable Read keeps one snapshot for the whole transaction. Watch s2 commit a withdrawal between s1's two reads, and predict what s1's second read says before it runs.",
  title: 'Repeatable Read prevents a non-repeatable read',
  options: { sessions: ['s1', 's2'], setup: ACCOUNTS },
  steps: [
    step('s1', 'BEGIN ISOLATION LEVEL REPEATABLE READ', 's1 begins in Repeatable Read.'),
    step('s1', 'SELECT balance FROM accounts WHERE id = 1', "Its first query takes the transaction's snapshot: balance = 100."),
    step('s2', 'UPDATE accounts SET balance = balance - 30 WHERE id = 1', 's2 withdraws 30 and commits at once (autocommit).'),
    asking(
      step(
        's1',
        'SELECT balance FROM accounts WHERE id = 1',
        "s1 reads with the same snapshot: s2's xid is not below its xmax, so to this snapshot s2 had not started and its version stays invisible. Still 100: the read repeats.",
      ),
      's2 has committed its withdrawal. Which balance does s1 read now?',
      'readValue(s1)',
    ),
    step('s1', 'COMMIT', 's1 commits. Under Read Committed the second read would have said 70.'),
  ],
  expect: {
    rows: { accounts: [['1', 'Ana', '70']] },
    results: { s1: [['100']] },
    ended: { s1: 'committed' },
    anomaly: null,
    noOtherErrors: true,
  },
});

const phantom = preset({
  id: 'txn-phantom-rr',
  goal: 'Under Repeatable Read, a row another transaction inserts and commits does not appear in a repeated query: no phantom. Watch s1\'s second "age > 30" query miss John.',
  title: 'Repeatable Read prevents a phantom',
  options: {
    sessions: ['s1', 's2'],
    setup: [
      "CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL, age int); INSERT INTO users VALUES (1, 'Ana', 42), (2, 'Ben', 25), (3, 'Chloe', 31);",
    ],
  },
  steps: [
    step('s1', 'BEGIN ISOLATION LEVEL REPEATABLE READ', 's1 begins in Repeatable Read.'),
    step('s1', 'SELECT name FROM users WHERE age > 30 ORDER BY name', 'Users older than 30: Ana and Chloe.'),
    step('s2', "INSERT INTO users VALUES (4, 'John', 35)", 's2 inserts John, aged 35, and commits.'),
    step(
      's1',
      'SELECT name FROM users WHERE age > 30 ORDER BY name',
      "Same query, same snapshot: John's tuple has an xmin not below the snapshot's xmax (s2 started after it), so no phantom appears.",
    ),
    step('s1', 'COMMIT', 's1 commits; a new transaction would see John.'),
  ],
  expect: {
    rows: {
      users: [
        ['1', 'Ana', '42'],
        ['2', 'Ben', '25'],
        ['3', 'Chloe', '31'],
        ['4', 'John', '35'],
      ],
    },
    results: { s1: [['Ana'], ['Chloe']] },
    ended: { s1: 'committed' },
    noOtherErrors: true,
  },
});

/** The transactions lab's presets, in gallery order. */
export const transactionsPresets: readonly TxnScenario[] = [
  dirtyReadTextbook,
  dirtyReadPostgres,
  lostUpdate,
  nonRepeatable,
  phantom,
  ...moreTransactionsPresets,
];
