import { ACCOUNTS, asking, preset, step, type TxnScenario } from './helpers';

const coupon = preset({
  id: 'txn-coupon-serializable',
  goal: 'Two redemptions of a single-use coupon each check that it is unused, under Serializable. Watch the rw-dependencies SSI records, and predict whose COMMIT, if any, fails.',
  title: 'A single-use coupon, rolled back under Serializable',
  options: {
    sessions: ['ana', 'ben'],
    setup: ['CREATE TABLE redemptions (id int PRIMARY KEY, coupon text NOT NULL, customer text NOT NULL);'],
  },
  steps: [
    step('ana', 'BEGIN ISOLATION LEVEL SERIALIZABLE', 'Ana starts a serializable transaction to redeem WELCOME10.'),
    step('ben', 'BEGIN ISOLATION LEVEL SERIALIZABLE', 'Ben does the same, at the same moment.'),
    step(
      'ana',
      "SELECT count(*) FROM redemptions WHERE coupon = 'WELCOME10'",
      'Ana checks: 0 redemptions. Her scan takes a SIREAD lock on the table.',
    ),
    step('ben', "SELECT count(*) FROM redemptions WHERE coupon = 'WELCOME10'", 'Ben checks too: 0. Another SIREAD lock.'),
    step(
      'ana',
      "INSERT INTO redemptions VALUES (1, 'WELCOME10', 'ana')",
      'Ana inserts: Ben read what she writes, an rw-antidependency Ben → Ana.',
    ),
    step(
      'ben',
      "INSERT INTO redemptions VALUES (2, 'WELCOME10', 'ben')",
      'Ben inserts: Ana → Ben. Each is now both reader and writer of the other: a dangerous structure.',
    ),
    step('ana', 'COMMIT', 'Ana commits first; SSI dooms Ben, the pivot that is still running.'),
    asking(
      step('ben', 'COMMIT', "Ben's COMMIT fails: could not serialize access due to read/write dependencies. The coupon is used once."),
      'Ben commits now. Which session gets an error?',
      'failedSession',
    ),
  ],
  expect: {
    rows: { redemptions: [['1', 'WELCOME10', 'ana']] },
    errors: [{ session: 'ben', code: '40001' }],
    noOtherErrors: true,
    ended: { ben: 'aborted' },
    anomaly: null,
  },
});

const oversell = preset({
  id: 'txn-check-oversell',
  goal: "Two checkouts race for the last paella pan in stock, and the table has CHECK (stock >= 0). Watch the second buyer's UPDATE wait for the first, and predict how it ends when the first commits.",
  title: 'CHECK (stock >= 0) rolls back an oversell',
  options: {
    sessions: ['s1', 's2'],
    setup: [
      "CREATE TABLE products (id int PRIMARY KEY, name text, stock int CHECK (stock >= 0)); INSERT INTO products VALUES (1, 'paella pan', 1);",
    ],
  },
  steps: [
    step('s1', 'BEGIN', 'Buyer 1 starts checking out the last paella pan.'),
    step('s2', 'BEGIN', 'Buyer 2 starts checking out the same pan.'),
    step('s1', 'UPDATE products SET stock = stock - 1 WHERE id = 1', 'Buyer 1 decrements the stock to 0.'),
    step('s2', 'UPDATE products SET stock = stock - 1 WHERE id = 1', "Buyer 2 wants the same row: it waits for buyer 1's xid."),
    asking(
      step(
        's1',
        'COMMIT',
        'Buyer 1 commits. Buyer 2 wakes, re-reads the newest version (stock 0) and computes -1: the CHECK constraint fails.',
      ),
      'Buyer 1 commits while buyer 2 waits. Which session gets an error?',
      'failedSession',
    ),
    step('s2', 'ROLLBACK', "Buyer 2's transaction was aborted by the error; ROLLBACK ends the block. Stock is 0, never -1."),
  ],
  expect: {
    rows: { products: [['1', 'paella pan', '0']] },
    errors: [{ session: 's2', code: '23514' }],
    noOtherErrors: true,
    ended: { s2: 'aborted' },
  },
});

const cascade = preset({
  id: 'txn-cascade',
  goal: 'ON DELETE CASCADE removes a user and her orders in one transaction: others see both or neither. Watch s1 see its own deletes while s2 still counts 3 orders until s1 commits.',
  title: 'ON DELETE CASCADE inside one transaction',
  options: {
    sessions: ['s1', 's2'],
    setup: [
      "CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL); CREATE TABLE orders (id int PRIMARY KEY, user_id int REFERENCES users (id) ON DELETE CASCADE, total int); INSERT INTO users VALUES (1, 'Ana'), (2, 'Ben'); INSERT INTO orders VALUES (10, 1, 30), (11, 1, 12), (12, 2, 5);",
    ],
  },
  steps: [
    step('s1', 'BEGIN', "s1 begins to delete Ana's account."),
    step(
      's1',
      'DELETE FROM users WHERE id = 1',
      "Deleting Ana sets xmax on her row; the foreign key's ON DELETE CASCADE deletes her two orders in the same transaction.",
    ),
    step('s1', 'SELECT count(*) FROM orders', 'Inside s1, one order is left: its own deletes are visible to it.'),
    step('s2', 'SELECT count(*) FROM orders', 's2 still counts 3: s1 has not committed, so its xmax does not hide anything from others.'),
    step('s1', 'COMMIT', 's1 commits: user and orders disappear together, or (had it rolled back) not at all.'),
  ],
  expect: {
    rows: { users: [['2', 'Ben']], orders: [['12', '2', '5']] },
    results: { s2: [['3']] },
    ended: { s1: 'committed' },
    noOtherErrors: true,
  },
});

const recipe = preset({
  id: 'txn-recipe-for-update',
  goal: "SELECT … FOR UPDATE locks a row before reading it, so read-then-write stays correct under concurrency. Watch Ben wait on Ana's lock, then read her count of 3 instead of the stale 2.",
  title: 'The recipe platform: SELECT ... FOR UPDATE',
  options: {
    sessions: ['ana', 'ben'],
    setup: [
      "CREATE TABLE recipes (id int PRIMARY KEY, title text NOT NULL, ingredient_count int NOT NULL); CREATE TABLE ingredients (id int PRIMARY KEY, recipe_id int NOT NULL REFERENCES recipes (id), name text NOT NULL); INSERT INTO recipes VALUES (42, 'Paella', 2); INSERT INTO ingredients VALUES (1, 42, 'rice'), (2, 42, 'saffron');",
    ],
  },
  steps: [
    step('ana', 'BEGIN', 'Ana starts adding chicken to the paella.'),
    step(
      'ana',
      'SELECT ingredient_count FROM recipes WHERE id = 42 FOR UPDATE',
      "She locks the recipe row FOR UPDATE: her xid goes into the tuple's xmax as a lock. Count: 2.",
    ),
    step('ben', 'BEGIN', 'Ben starts adding beans to the same recipe.'),
    step(
      'ben',
      'SELECT ingredient_count FROM recipes WHERE id = 42 FOR UPDATE',
      "Ben's FOR UPDATE conflicts with Ana's lock: he waits on her xid instead of reading a count that is about to change.",
    ),
    step('ana', "INSERT INTO ingredients VALUES (3, 42, 'chicken')", 'Ana adds her ingredient.'),
    step('ana', 'UPDATE recipes SET ingredient_count = 3 WHERE id = 42', 'And sets the count to 3.'),
    step('ana', 'COMMIT', 'Ana commits. Ben wakes and gets the newest version: count 3, not 2.'),
    step('ben', "INSERT INTO ingredients VALUES (4, 42, 'beans')", 'Ben adds his ingredient.'),
    step('ben', 'UPDATE recipes SET ingredient_count = 4 WHERE id = 42', 'He writes 3 + 1 = 4.'),
    step('ben', 'COMMIT', 'Both changes count: 4 ingredients, count 4. Without FOR UPDATE, Ben would have written 3.'),
  ],
  expect: {
    rows: { recipes: [['42', 'Paella', '4']] },
    results: { ben: [['3']] },
    ended: { ben: 'committed' },
    noOtherErrors: true,
    anomaly: null,
  },
});

const writeSkew = preset({
  id: 'txn-write-skew',
  goal: "Write skew (G2-item): two doctors each check that the other is on call, under Repeatable Read, then both go off call. Watch each read the other's row, and predict whether COMMIT stops them.",
  title: 'Write skew: two doctors go off call',
  options: {
    sessions: ['alice', 'bob'],
    setup: [
      "CREATE TABLE doctors (name text PRIMARY KEY, on_call boolean NOT NULL); INSERT INTO doctors VALUES ('alice', true), ('bob', true);",
    ],
    defaultIsolation: 'repeatable read',
  },
  steps: [
    step('alice', 'BEGIN', 'Alice (Repeatable Read) wants to go off call.'),
    step('bob', 'BEGIN', 'So does Bob, at the same time.'),
    step('alice', 'SELECT count(*) FROM doctors WHERE on_call', 'Alice checks: 2 doctors on call, so she may leave.'),
    step('bob', 'SELECT count(*) FROM doctors WHERE on_call', 'Bob checks in his own snapshot: 2 on call.'),
    step('alice', "UPDATE doctors SET on_call = false WHERE name = 'alice'", 'Alice updates her own row.'),
    step('bob', "UPDATE doctors SET on_call = false WHERE name = 'bob'", 'Bob updates his: a different row, so no lock conflict.'),
    step('alice', 'COMMIT', 'Alice commits.'),
    asking(
      step(
        'bob',
        'COMMIT',
        'Bob commits too: nobody is on call. Each read what the other wrote: two rw-antidependencies, G2-item. Serializable would have failed one.',
      ),
      'Alice has committed; Bob commits under Repeatable Read. Which session gets an error?',
      'failedSession',
    ),
  ],
  expect: {
    rows: {
      doctors: [
        ['alice', 'f'],
        ['bob', 'f'],
      ],
    },
    anomaly: 'G2-item',
    noOtherErrors: true,
  },
});

const deadlock = preset({
  id: 'txn-deadlock',
  goal: 'Two transfers lock the same two rows in opposite order and end up waiting for each other. Watch the wait-for edges, and predict which session the deadlock detector cancels.',
  title: 'Deadlock: two transfers in opposite order',
  options: {
    sessions: ['s1', 's2'],
    setup: [
      "CREATE TABLE accounts (id int PRIMARY KEY, owner text NOT NULL, balance int NOT NULL); INSERT INTO accounts VALUES (1, 'Ana', 100), (2, 'Ben', 100);",
    ],
  },
  steps: [
    step('s1', 'BEGIN', 's1 transfers 10 from Ana to Ben.'),
    step('s2', 'BEGIN', 's2 transfers 20 from Ben to Ana.'),
    step('s1', 'UPDATE accounts SET balance = balance - 10 WHERE id = 1', "s1 locks Ana's row."),
    step('s2', 'UPDATE accounts SET balance = balance - 20 WHERE id = 2', "s2 locks Ben's row."),
    step('s1', 'UPDATE accounts SET balance = balance + 10 WHERE id = 2', "s1 needs Ben's row: it waits for s2."),
    asking(
      step(
        's2',
        'UPDATE accounts SET balance = balance + 20 WHERE id = 1',
        "s2 needs Ana's row, held by s1, which waits for s2: a cycle, and both wait. After deadlock_timeout (1 s) the deadlock detector of s1, which started waiting first, runs first, finds the cycle and cancels s1; s2 gets Ana's row.",
      ),
      "s2 now needs Ana's row, which s1 holds while waiting for s2. Which session gets an error?",
      'failedSession',
    ),
    step('s1', 'ROLLBACK', 's1 ends its aborted transaction.'),
    step('s2', 'COMMIT', "s2's transfer commits. The application should retry s1."),
  ],
  expect: {
    rows: {
      accounts: [
        ['1', 'Ana', '120'],
        ['2', 'Ben', '80'],
      ],
    },
    errors: [{ session: 's1', code: '40P01' }],
    noOtherErrors: true,
    ended: { s1: 'aborted', s2: 'committed' },
  },
});

const uniqueRace = preset({
  id: 'txn-unique-race',
  goal: 'A unique key settles a race between two sign-ups with the same email. Watch the second INSERT wait for the first transaction, then fail with a unique violation once it commits.',
  title: 'Two sign-ups with the same email',
  options: { sessions: ['s1', 's2'], setup: ['CREATE TABLE users (email text PRIMARY KEY, name text);'] },
  steps: [
    step('s1', 'BEGIN', 'Ana signs up.'),
    step('s2', 'BEGIN', 'Someone signs up with the same email.'),
    step(
      's1',
      "INSERT INTO users VALUES ('ana@example.com', 'Ana')",
      "s1 inserts the email; the primary key index now has an entry whose tuple's xmin is still in progress.",
    ),
    step(
      's2',
      "INSERT INTO users VALUES ('ana@example.com', 'Ana B.')",
      "s2 finds that entry and cannot know yet whether it is a duplicate: it waits for s1's xid.",
    ),
    step(
      's1',
      'COMMIT',
      's1 commits: s2 wakes and raises duplicate key value violates unique constraint "users_pkey". (Had s1 rolled back, s2 would have succeeded.)',
    ),
    step('s2', 'ROLLBACK', 's2 ends its failed transaction.'),
  ],
  expect: {
    rows: { users: [['ana@example.com', 'Ana']] },
    errors: [{ session: 's2', code: '23505' }],
    noOtherErrors: true,
    ended: { s2: 'aborted' },
  },
});

void ACCOUNTS;

/** The presets after the first five (see presets.ts). */
export const moreTransactionsPresets: readonly TxnScenario[] = [coupon, oversell, cascade, recipe, writeSkew, deadlock, uniqueRace];
