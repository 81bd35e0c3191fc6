/** Presets on VACUUM: the xmin horizon an idle transaction holds, the free space map and truncation, autovacuum. */
import type { DurabilityScenario, Step } from './steps';

/** Rows of about 1.9 kB (1,944 bytes with the tuple header and line pointer): four fill a heap page. */
const row = (key: string, balance: number) => ({ key, values: { balance, note: 'x'.repeat(1900) } });
export const bloatRows = ['a', 'b', 'c', 'd'].map((k, i) => row(k, 100 * (i + 1)));

/** One transaction that updates every row once: four new versions, four dead ones once it commits. */
const updateAll = (tx: string, amount: number, say?: string): Step[] => [
  { do: { type: 'begin', tx }, ...(say ? { say } : {}) },
  ...['a', 'b', 'c', 'd'].map((key): Step => ({ do: { type: 'update', tx, table: 'accounts', key, add: { balance: amount } } })),
  { do: { type: 'commit', tx } },
];

export const idleBlocksVacuum: DurabilityScenario = {
  v: 1,
  lab: 'durability',
  title: 'An idle-in-transaction session blocks cleanup: the table bloats',
  seed: 1,
  preset: 'pg-idle-blocks-vacuum',
  goal: 'VACUUM may only remove a dead row version once no transaction could still see it: the oldest snapshot still held sets the xmin horizon. Watch one forgotten REPEATABLE READ session hold the horizon while updates pile up dead versions and the table grows page by page; find it in the horizon panel, end it, and VACUUM reclaims.',
  options: { tables: { accounts: bloatRows } },
  steps: [
    {
      do: { type: 'begin', tx: 'REPORT', isolation: 'repeatable read' },
      say: 'accounts holds four rows of about 1.9 kB: one full 8 kB page. A reporting session opens a REPEATABLE READ transaction. Watch the xmin horizon panel and the table-size chart.',
    },
    {
      do: { type: 'read', tx: 'REPORT', table: 'accounts', key: 'a' },
      say: 'Its first statement takes the snapshot it keeps until it ends. Then the session goes quiet: "idle in transaction". Its snapshot xmin, 751, is now the xmin horizon: no version that xid 751 or later deleted may be removed.',
    },
    ...updateAll(
      'T1',
      10,
      'The application keeps working. T1 updates every row. No row fits beside its old version on the full page, so each new version goes to a new page 1.',
    ),
    {
      do: { type: 'vacuum', table: 'accounts' },
      say: 'VACUUM finds the four old versions dead, but REPORT could still need them: "4 are dead but not yet removable", removable cutoff 751. Nothing is removed; n_dead_tup stays 4.',
    },
    ...updateAll('T2', 10, 'More updates: four more versions, on a new page 2. Three pages for four rows.'),
    ...updateAll('T3', 10, 'And again: page 3. The table keeps growing although it still holds four live rows.'),
    {
      do: { type: 'vacuum', table: 'accounts' },
      say: 'VACUUM again: 12 are dead but not yet removable. The horizon panel names the culprit: REPORT, idle in transaction, holding xmin 751 under every other session.',
    },
    {
      do: { type: 'commit', tx: 'REPORT' },
      say: 'Someone ends the forgotten session (COMMIT, or pg_terminate_backend). No snapshot is left: the horizon jumps to the next xid.',
    },
    {
      do: { type: 'vacuum', table: 'accounts' },
      say: 'Now VACUUM removes the 12 dead versions: pages 0, 1 and 2 are empty, n_dead_tup is 0. The table keeps its four pages: the space is free for new rows, not given back to the operating system (only empty pages at the end could be cut off).',
    },
  ],
  expect: { committed: ['T1', 'T2', 'T3', 'REPORT'], counters: { walRecords: { min: 1 } } },
};
