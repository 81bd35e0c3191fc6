/** Presets on VACUUM: the xmin horizon an idle transaction holds, the free space map and truncation, autovacuum. */
import { pruneCards } from './presets-prune';
import type { DurabilityScenario, Step } from './steps';

/** Rows of about 1.9 kB (1,944 bytes with the tuple header and line pointer): four fill a heap page. */
const row = (key: string, balance: number) => ({ key, values: { balance, note: 'x'.repeat(1900) } });
const bloatRows = ['a', 'b', 'c', 'd'].map((k, i) => row(k, 100 * (i + 1)));

/** One transaction that updates every row once: four new versions, four dead ones once it commits. */
const updateAll = (tx: string, amount: number, say: string, done?: string, begin = true): Step[] => [
  ...(begin ? [{ do: { type: 'begin', tx } } as const] : []),
  ...['a', 'b', 'c', 'd'].map((key, i): Step => ({
    do: { type: 'update', tx, table: 'accounts', key, add: { balance: amount } },
    ...(i === 0 ? { say } : {}),
  })),
  { do: { type: 'commit', tx }, ...(done ? { say: done } : {}) },
];

export const idleBlocksVacuum: DurabilityScenario = {
  v: 1,
  lab: 'durability',
  title: 'An idle-in-transaction session blocks cleanup: the table bloats',
  seed: 1,
  preset: 'pg-idle-blocks-vacuum',
  focus: ['horizon', 'table-size'],
  goal: 'VACUUM may remove a dead version only once no snapshot can still see it. Watch an idle REPEATABLE READ session hold the xmin horizon while the table bloats; find it in the horizon panel, end it, and VACUUM reclaims.',
  options: { tables: { accounts: bloatRows } },
  steps: [
    {
      do: { type: 'begin', tx: 'REPORT', isolation: 'repeatable read' },
      say: 'accounts holds four rows of about 1.9 kB: one full 8 kB page. A reporting session opens a REPEATABLE READ transaction. Watch the xmin horizon panel and the table-size chart.',
    },
    {
      do: { type: 'read', tx: 'REPORT', table: 'accounts', key: 'a' },
      say: 'Its first statement takes the snapshot it keeps until it ends. Then the session goes quiet: "idle in transaction". Its snapshot xmin, 751, is now the xmin horizon: a version deleted by a transaction from 751 on must stay, REPORT might still read it.',
    },
    ...updateAll(
      'T1',
      10,
      'The application keeps working: T1 updates every row. The new version of a does not fit beside the old one on the full page, so it goes on a new page 1 (an UPDATE across pages: a LOCK, then the UPDATE, and a new index entry).',
      'T1 commits: the four old versions on page 0 are now dead, and n_dead_tup is 4. Nobody can see them except REPORT, whose snapshot predates T1.',
    ),
    {
      do: { type: 'vacuum', table: 'accounts' },
      say: 'VACUUM finds the four old versions dead, but REPORT could still need them: "4 are dead but not yet removable", removable cutoff 751. Nothing is removed; n_dead_tup stays 4.',
    },
    ...updateAll('T2', 10, 'More updates: page 1 is full, so the new versions go on a new page 2.'),
    ...updateAll(
      'T3',
      10,
      'And again, on a new page 3: the table grows to four pages although it still holds four live rows.',
      'n_dead_tup reaches 12: three of the four pages hold only dead versions.',
    ),
    {
      do: { type: 'vacuum', table: 'accounts' },
      say: 'VACUUM again: 12 are dead but not yet removable. The horizon panel names the culprit: REPORT, idle in transaction, holding xmin 751 under every other session.',
    },
    {
      do: { type: 'commit', tx: 'REPORT' },
      say: 'Someone ends the forgotten session (COMMIT, or pg_terminate_backend). No snapshot is left: the horizon is 754, the next xid.',
    },
    {
      do: { type: 'vacuum', table: 'accounts' },
      say: 'Now VACUUM removes the 12 dead versions: pages 0, 1 and 2 are empty, n_dead_tup is 0, and the free space map records their room for new rows. The table keeps its four pages: free space is not given back to the operating system (only empty pages at the very end are cut off).',
    },
  ],
  expect: {
    committed: ['T1', 'T2', 'T3', 'REPORT'],
    tables: { accounts: { pages: { min: 4, max: 4 }, live: { min: 4, max: 4 }, dead: { max: 0 } } },
  },
};

export const vacuumMakesRoom: DurabilityScenario = {
  v: 1,
  lab: 'durability',
  title: 'VACUUM makes room; the table does not shrink (then it does, at the tail)',
  seed: 1,
  preset: 'pg-vacuum-makes-room',
  focus: ['fsm', 'table-size'],
  goal: 'VACUUM records freed space in the free space map, where new versions go next, but the file keeps its size. Watch the free space map and visibility map beside the heap pages: only empty pages at the end are given back.',
  options: { tables: { accounts: bloatRows } },
  steps: [
    {
      do: { type: 'begin', tx: 'T1' },
      say: 'accounts holds four rows of about 1.9 kB: one full 8 kB page. Watch the free space map panel beside the heap pages, and the table size.',
    },
    ...updateAll(
      'T1',
      10,
      'T1 updates each row: a new version cannot fit beside its old one, so it goes on a new page 1.',
      'T1 commits: page 0 holds only dead versions (n_dead_tup is 4), page 1 the live ones. The table now has two pages.',
      false,
    ),
    {
      do: { type: 'vacuum', table: 'accounts' },
      say: 'VACUUM removes the four dead versions and their index entries. Page 0 is empty, its whole 8 kB recorded in the free space map, and both pages are all-visible in the visibility map. The table keeps its two pages: the empty one is not at the end.',
    },
    ...updateAll(
      'T2',
      10,
      'T2 updates the rows again. Page 1 has no room, so the new version goes where the free space map points: page 0. The table does not grow.',
      'T2 commits: now page 1, the last page, holds only dead versions, and the table still has two pages.',
    ),
    {
      do: { type: 'vacuum', table: 'accounts' },
      say: 'VACUUM frees page 1, and an empty page at the end of the file can go: it logs a Storage TRUNCATE record, flushes the WAL, and cuts the file. VACUUM VERBOSE reports pages: 1 removed, 1 remain. The table now has one page; the rows never moved.',
    },
  ],
  expect: { committed: ['T1', 'T2'], tables: { accounts: { pages: { max: 1 }, dead: { max: 0 } } } },
};

const ten = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].map((key, i) => ({ key, values: { balance: 10 * (i + 1) } }));
const updates = (tx: string, keys: string[], say: string, done: string, begin = true): Step[] => [
  ...(begin ? [{ do: { type: 'begin', tx } } as const] : []),
  ...keys.map((key, i): Step => ({ do: { type: 'update', tx, table: 'accounts', key, add: { balance: 1 } }, ...(i === 0 ? { say } : {}) })),
  { do: { type: 'commit', tx }, say: done },
];

export const autovacuumThreshold: DurabilityScenario = {
  v: 1,
  lab: 'durability',
  title: 'Autovacuum wakes at its threshold',
  seed: 1,
  preset: 'pg-autovacuum-threshold',
  focus: ['table-size'],
  goal: 'Nobody runs VACUUM: the launcher wakes each autovacuum_naptime and vacuums a table once n_dead_tup passes threshold + scale factor × reltuples. Watch n_dead_tup climb in the table-size panel.',
  options: { tables: { accounts: ten }, autovacuum: true, autovacuum_naptime: 10, autovacuum_vacuum_threshold: 2 },
  steps: [
    {
      do: { type: 'begin', tx: 'T1' },
      say: 'accounts has ten rows (reltuples 10) and autovacuum is on, waking every 10 ticks. PostgreSQL’s default threshold is 50 + 20% of the rows; here the base is lowered to 2, so it is 2 + 0.2 × 10 = 4 dead versions. Watch n_dead_tup in the table-size panel.',
    },
    ...updates(
      'T1',
      ['a', 'b', 'c'],
      'T1 updates three rows (HOT updates: the new versions stay on the page).',
      'T1 commits: n_dead_tup is 3.',
      false,
    ),
    {
      do: { type: 'tick', n: 10 },
      say: 'Ten ticks pass. The launcher wakes and checks accounts: 3 dead versions, not over the threshold of 4. Nothing to do.',
    },
    ...updates(
      'T2',
      ['d', 'e'],
      'T2 updates two more rows.',
      'T2 commits: n_dead_tup is 5, over the threshold, but nothing happens until the launcher wakes.',
    ),
    {
      do: { type: 'tick', n: 10 },
      say: 'The launcher wakes again: 5 dead versions, over 4. An autovacuum worker vacuums accounts: it prunes the five HOT chains to redirects (PRUNE) and marks the page all-visible (VISIBLE), exactly as a VACUUM by hand. n_dead_tup is 0 again.',
    },
  ],
  expect: { committed: ['T1', 'T2'], tables: { accounts: { dead: { max: 0 } } } },
};

/** Gallery card text for these presets (merged into the durability cards by src/scenarios/index.ts). */
export const vacuumCards: Record<string, { teaser: string; tags: readonly string[] }> = {
  ...pruneCards,
  'pg-idle-blocks-vacuum': {
    teaser: 'A forgotten REPEATABLE READ session holds the xmin horizon: dead versions pile up and the table grows.',
    tags: ['VACUUM', 'xmin horizon', 'bloat'],
  },
  'pg-vacuum-makes-room': {
    teaser: 'VACUUM frees space for reuse through the free space map; only empty pages at the end are given back.',
    tags: ['VACUUM', 'free space map', 'truncation'],
  },
  'pg-autovacuum-threshold': {
    teaser: 'Nobody runs VACUUM: the launcher wakes each naptime and vacuums once n_dead_tup passes its threshold.',
    tags: ['autovacuum', 'n_dead_tup', 'threshold'],
  },
};
