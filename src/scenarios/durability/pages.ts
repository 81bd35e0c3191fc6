/** Presets on pages: the WAL rule at eviction, a torn page, the background writer, the recipe's three writes. */
import { recipeTables } from '../recipe';
import { accounts, type DurabilityScenario, type Step, walRuleRows } from './steps';

export const walRule: DurabilityScenario = {
  v: 1,
  lab: 'durability',
  title: 'Eviction forces a WAL flush (the WAL rule)',
  seed: 1,
  preset: 'pg-wal-rule',
  goal: 'The WAL rule: a dirty page may be written only after the WAL that describes it is on disk. Watch evicting a dirty page force a WAL flush first, and a full-page image repair a torn page after the crash.',
  options: { frames: 4, tables: { accounts: walRuleRows } },
  steps: [
    { do: { type: 'begin', tx: 'T1' }, say: 'Four buffer frames, thirteen wide rows: three to a page, so five pages on disk.' },
    {
      do: { type: 'update', tx: 'T1', table: 'accounts', key: 'm', add: { balance: -100 } },
      say: 'T1 changes row m (block 4). A row this wide goes past the toaster, so PostgreSQL first logs a LOCK on the old version (with the page image), then the HOT_UPDATE. The page is dirty; its LSN points at the HOT_UPDATE record, which sits in the WAL buffers, not yet flushed.',
    },
    { do: { type: 'read', table: 'accounts', key: 'a' }, say: 'Other sessions read rows on other pages; frames fill up.' },
    { do: { type: 'read', table: 'accounts', key: 'd' } },
    { do: { type: 'read', table: 'accounts', key: 'g' } },
    {
      do: { type: 'read', table: 'accounts', key: 'j' },
      say: "No free frame: the clock sweep picks T1's dirty page. Before writing it, the backend must flush the WAL up to the page's LSN: no change reaches a data file before its log record is durable. Then the page is written.",
    },
    {
      do: { type: 'crash' },
      say: "The power fails while the kernel is still writing that page: only its first 4 kB reach the disk, so block 4 is torn. T1's WAL records are safe on disk: the WAL rule flushed them before the write. T1 never committed.",
    },
    {
      do: { type: 'recover' },
      say: "Recovery replays T1's LOCK and HOT_UPDATE records. The LOCK carries a full-page image (the page's first change since the checkpoint), so block 4 is rebuilt whole from the WAL before the update is reapplied, which repairs the torn page. There is no commit record: pg_xact marks xid 750 aborted, T1's new tuple is dead, and row m keeps its old balance.",
    },
  ],
  expect: {
    rows: { accounts: walRuleRows },
    lost: ['T1'],
    tornPage: true,
    counters: { writesByBackend: { min: 1, max: 1 }, walFlushes: { min: 1 }, fpiCount: { min: 1, max: 1 } },
  },
};

export const tornPage: DurabilityScenario = {
  v: 1,
  lab: 'durability',
  title: 'Torn page without full_page_writes',
  seed: 1,
  preset: 'pg-torn-page',
  goal: 'A power cut in the middle of an 8 kB page write leaves a torn page, and without full_page_writes nothing can repair it. Watch recovery stop on the bad checksum: that failure is the lesson.',
  options: { full_page_writes: false, tables: { accounts, ledger: [{ key: '1', values: { note: 'opening balances' } }] } },
  steps: [
    {
      do: { type: 'begin', tx: 'T1' },
      say: 'full_page_writes is off: the first change to a page after a checkpoint logs only the change, not the whole page.',
    },
    {
      do: { type: 'update', tx: 'T1', table: 'accounts', key: 'alice', add: { balance: -30 } },
      say: "Alice's old tuple, stored at the very end of the accounts page (its second 4 kB), gets xmax; the new version goes in front of it.",
    },
    {
      do: { type: 'insert', tx: 'T1', table: 'ledger', key: '2', values: { note: 'alice pays 30' } },
      say: 'A ledger line, on another table: a second dirty page.',
    },
    { do: { type: 'commit', tx: 'T1' } },
    {
      do: { type: 'checkpoint', spread: true },
      say: 'A spread checkpoint starts (as a timed one would): it paces its writes, one page per tick here.',
    },
    {
      do: { type: 'tick' },
      say: 'The checkpointer hands the accounts page to the kernel. The kernel starts writing its 8 kB to disk, 4 kB at a time.',
    },
    {
      do: { type: 'crash' },
      say: "The power fails mid-write: the page's first 4 kB are new, its last 4 kB old, so Alice's old tuple lost its xmax. The page is torn.",
    },
    {
      do: { type: 'recover' },
      say: 'Replay needs the accounts page and reads it: the checksum does not match. Without a full-page image in the WAL there is nothing to rebuild it from, and PostgreSQL refuses to start: restore a backup. With full_page_writes on, the image logged after the checkpoint would have replaced the page whole.',
    },
  ],
  expect: { phase: 'failed', tornPage: true },
};

/** Eight one-row tables: eight pages, each with room to update in place. */
const branches = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`branch${i}`, [{ key: '1', values: { balance: 1000 } }]]));
const touch = (tx: string, i: number): Step => ({ do: { type: 'update', tx, table: `branch${i}`, key: '1', add: { balance: 1 } } });
const look = (i: number, say?: string): Step => ({ do: { type: 'read', table: `branch${i}`, key: '1' }, ...(say ? { say } : {}) });

export const bgwriter: DurabilityScenario = {
  v: 1,
  lab: 'durability',
  title: 'The background writer smooths I/O',
  seed: 1,
  preset: 'pg-bgwriter',
  goal: 'The background writer cleans dirty buffers ahead of need, so backends rarely have to write pages themselves. Watch who writes each evicted page: a backend first, then the background writer.',
  options: { frames: 6, bgwriter_lru_maxpages: 4, bgwriter_delay: 1, tables: branches },
  steps: [
    { do: { type: 'begin', tx: 'T1' }, say: 'Six buffer frames, eight tables of one page each. T1 changes the first four.' },
    touch('T1', 0),
    touch('T1', 1),
    touch('T1', 2),
    touch('T1', 3),
    { do: { type: 'commit', tx: 'T1' }, say: 'Four dirty pages in shared buffers, each with usage count 1.' },
    look(4, 'Reads fill the last two frames.'),
    look(5),
    look(
      6,
      'The pool is full. The clock sweep goes round lowering every usage count to 0 and takes the first frame: a dirty page, so this backend must write it itself before reading its own page. That write on the query path is what the background writer exists to avoid.',
    ),
    {
      do: { type: 'tick' },
      say: 'The background writer wakes. Just ahead of the clock hand it finds unpinned pages with usage count 0; the dirty ones (three) it writes now, in the background.',
    },
    look(7, 'The next reads find clean victims: no write on the query path.'),
    look(0),
    look(1),
  ],
  expect: {
    committed: ['T1'],
    // Four evictions, only the first with a write on the query path: the last reads took clean victims.
    counters: { writesByBackend: { min: 1, max: 1 }, writesByBgwriter: { min: 3, max: 3 }, evictions: { min: 4, max: 4 } },
  },
};

export const recipe: DurabilityScenario = {
  v: 1,
  lab: 'durability',
  title: 'Recipe platform: three writes, all or none, on real pages',
  seed: 1,
  preset: 'pg-recipe-all-or-none',
  goal: "The recipe story on heap pages: a crash before COMMIT leaves nothing of T1, and the retry T2 survives whole. Watch T1's WAL records die in the WAL buffers, then T2's commit flush make all three writes durable together.",
  options: { tables: recipeTables },
  steps: [
    {
      do: { type: 'begin', tx: 'T1' },
      say: 'Ana adds saffron to her paella: three writes on three tables, each table a file of 8 kB pages.',
    },
    {
      do: { type: 'insert', tx: 'T1', table: 'ingredients', key: 'saffron', values: { recipe_id: 42, qty: '1 pinch' } },
      say: "Write 1: a new tuple on the ingredients page, xmin = T1's xid; an INSERT record in the WAL, then an INSERT_LEAF for the new key in the primary-key index.",
    },
    {
      do: { type: 'update', tx: 'T1', table: 'recipes', key: '42', set: { last_modified: '2024-05-02' } },
      say: 'Write 2: the recipe gets a new version; the old one gets xmax.',
    },
    { do: { type: 'crash' }, say: 'The power fails before write 3 and before any commit.' },
    {
      do: { type: 'recover' },
      say: 'Nothing of T1 survives. Its three WAL records were still in the WAL buffers and died with the server, so recovery replays only the checkpoint record, and the pages on disk never saw its tuples. Had a page been written out first, T1 would still have no commit record: pg_xact marks its xid aborted, so its tuples would be dead. No undo is needed: PostgreSQL keeps old versions, so "undo" is a bit in the commit log.',
    },
    { do: { type: 'begin', tx: 'T2' }, say: 'Ana tries again.' },
    { do: { type: 'insert', tx: 'T2', table: 'ingredients', key: 'saffron', values: { recipe_id: 42, qty: '1 pinch' } } },
    { do: { type: 'update', tx: 'T2', table: 'recipes', key: '42', set: { last_modified: '2024-05-02' } } },
    {
      do: { type: 'update', tx: 'T2', table: 'users', key: 'ana', add: { recipes_count: 1 } },
      say: 'Write 3: her contribution count goes to 4.',
    },
    { do: { type: 'commit', tx: 'T2' }, say: 'The commit record is flushed: all three writes are now durable together.' },
    { do: { type: 'crash' } },
    { do: { type: 'recover' }, say: 'All three survive: the saffron, the new date and the count of 4.' },
  ],
  expect: {
    rows: {
      recipes: [{ key: '42', values: { title: 'Paella', last_modified: '2024-05-02' } }],
      ingredients: [...recipeTables.ingredients, { key: 'saffron', values: { recipe_id: 42, qty: '1 pinch' } }],
      users: [{ key: 'ana', values: { name: 'Ana', recipes_count: 4 } }],
    },
    committed: ['T2'],
    lost: ['T1'],
    // One record (the checkpoint) at the first restart; at the second, the end-of-recovery checkpoint
    // and T2's insert, index entry, two updates and commit.
    counters: { recordsReplayed: { min: 7, max: 7 } },
  },
};
