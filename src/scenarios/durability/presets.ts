import type * as v from 'valibot';
import type { ActionSchema, ExpectedSchema, OptionsSchema } from '../../engine/durability/schema';
import { recipeTables } from '../recipe';

/** A Durability-lab scenario (the `durability` variant of the scenario schema). */
export interface DurabilityScenario {
  v: 1;
  lab: 'durability';
  title: string;
  seed: number;
  preset: string;
  options: v.InferOutput<typeof OptionsSchema>;
  steps: { do: v.InferOutput<typeof ActionSchema>; say?: string }[];
  expect?: v.InferOutput<typeof ExpectedSchema>;
}

const accounts = [
  { key: 'alice', values: { balance: 100 } },
  { key: 'bob', values: { balance: 50 } },
];

/** A row padded to about 2.6 kB (2,644 bytes with its header and line pointer): three fill a page. */
const wide = (key: string, balance: number) => ({ key, values: { balance, note: 'x'.repeat(2600) } });
const walRuleRows = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm'].map((k, i) => wide(k, 100 + i));

type Step = DurabilityScenario['steps'][number];
const transfer = (tx: string, amount: number, from = 'alice', to = 'bob'): Step[] => [
  { do: { type: 'begin', tx } },
  { do: { type: 'update', tx, table: 'accounts', key: from, add: { balance: -amount } } },
  { do: { type: 'update', tx, table: 'accounts', key: to, add: { balance: amount } } },
];

const bankTransfer: DurabilityScenario = {
  v: 1,
  lab: 'durability',
  title: 'The bank transfer survives the crash',
  seed: 1,
  preset: 'pg-bank-transfer-survives',
  options: { tables: { accounts } },
  steps: [
    { do: { type: 'begin', tx: 'T1' }, say: 'Alice sends Bob 30. Transaction T1 gets xid 750. The accounts table is one 8 kB heap page on disk, not yet in shared buffers.' },
    {
      do: { type: 'update', tx: 'T1', table: 'accounts', key: 'alice', add: { balance: -30 } },
      say: "The page is read into a buffer frame. UPDATE never changes a row in place: it stamps xmax = 750 on Alice's old tuple and adds a new tuple (0,3) with xmin = 750. An UPDATE record goes into the WAL buffers, with a full-page image because this is the page's first change since the last checkpoint.",
    },
    {
      do: { type: 'update', tx: 'T1', table: 'accounts', key: 'bob', add: { balance: 30 } },
      say: "Bob's row gets the same treatment. This record is small: the page image is already in the WAL since the checkpoint.",
    },
    {
      do: { type: 'commit', tx: 'T1' },
      say: 'COMMIT appends a 34-byte commit record and flushes the WAL up to it: one fsync. Only now does COMMIT return. The data page is still dirty in memory: the WAL is enough.',
    },
    { do: { type: 'crash' }, say: 'Power cut. Shared buffers and the WAL buffers vanish. On disk: the old page (100 and 50) and the WAL, flushed through the commit record.' },
    {
      do: { type: 'recover' },
      say: 'pg_control says: replay from REDO 0/1000028. The full-page image rebuilds the page, the next record is reapplied because the page LSN is older, and the commit record marks xid 750 committed in pg_xact. Alice has 70, Bob 80.',
    },
  ],
  expect: {
    rows: { accounts: [{ key: 'alice', values: { balance: 70 } }, { key: 'bob', values: { balance: 80 } }] },
    committed: ['T1'],
    counters: { recordsReplayed: { min: 4, max: 4 } },
  },
};

const beforeCommit: DurabilityScenario = {
  v: 1,
  lab: 'durability',
  title: 'Crash before the commit record is flushed: the transfer never happened',
  seed: 1,
  preset: 'pg-crash-before-commit',
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
    // The checkpoint wrote T1's page; recovery starts at its REDO point, past T1's records.
    counters: { writesByCheckpointer: { min: 1, max: 1 }, recordsReplayed: { max: 1 } },
  },
};

const commitNoPages: DurabilityScenario = {
  v: 1,
  lab: 'durability',
  title: 'Commit does not write data pages (dirty pages stay in memory)',
  seed: 1,
  preset: 'pg-commit-no-data-pages',
  options: { tables: { accounts } },
  steps: [
    ...transfer('T1', 10).map((s, i) => (i === 0 ? { ...s, say: 'T1 moves 10 from Alice to Bob: the accounts page is read into shared buffers and changed there.' } : s)),
    { do: { type: 'commit', tx: 'T1' }, say: 'T1 commits: one WAL flush, zero data page writes.' },
    ...transfer('T2', 5, 'bob', 'alice'),
    { do: { type: 'commit', tx: 'T2' }, say: 'T2 commits: another WAL flush. The page, changed four times, is still only in shared buffers, marked dirty.' },
    { do: { type: 'begin', tx: 'T3' } },
    { do: { type: 'insert', tx: 'T3', table: 'accounts', key: 'carol', values: { balance: 20 } }, say: 'A new account fits on the same page.' },
    { do: { type: 'commit', tx: 'T3' }, say: 'Three commits, three small sequential WAL writes, and still no random write to a data file: that is why databases log.' },
    { do: { type: 'checkpoint' }, say: 'The page finally reaches its file when the checkpointer writes it, once for all those changes, then fsyncs it.' },
  ],
  expect: {
    rows: { accounts: [{ key: 'alice', values: { balance: 95 } }, { key: 'bob', values: { balance: 55 } }, { key: 'carol', values: { balance: 20 } }] },
    committed: ['T1', 'T2', 'T3'],
    counters: { writesByCheckpointer: { min: 1, max: 1 }, writesByBackend: { max: 0 }, walFlushes: { min: 4, max: 4 } },
  },
};

const manyTransfers = (from: number, n: number): Step[] =>
  Array.from({ length: n }, (_, i) => [...transfer(`T${from + i}`, 1), { do: { type: 'commit', tx: `T${from + i}` } } as Step]).flat();

const checkpointShortens: DurabilityScenario = {
  v: 1,
  lab: 'durability',
  title: 'A checkpoint shortens recovery',
  seed: 1,
  preset: 'pg-checkpoint-shortens-recovery',
  options: { tables: { accounts } },
  steps: [
    ...manyTransfers(1, 6).map((s, i) => (i === 0 ? { ...s, say: 'Six transfers of 1 from Alice to Bob, each committed: 18 WAL records.' } : s)),
    {
      do: { type: 'checkpoint' },
      say: 'CHECKPOINT: the REDO point is the current WAL position; the dirty page is written and fsync\'d, and pg_control now points here. Everything before the REDO point is in the data files.',
    },
    ...manyTransfers(7, 2).map((s, i) => (i === 0 ? { ...s, say: 'Two more transfers after the checkpoint.' } : s)),
    { do: { type: 'crash' } },
    {
      do: { type: 'recover' },
      say: 'Recovery reads pg_control and starts at the REDO point: it replays only the checkpoint record and the 6 records after it, not the 18 before. A checkpoint bounds recovery time.',
    },
  ],
  expect: {
    rows: { accounts: [{ key: 'alice', values: { balance: 92 } }, { key: 'bob', values: { balance: 58 } }] },
    counters: { recordsReplayed: { min: 7, max: 7 } },
  },
};

const asyncCommit: DurabilityScenario = {
  v: 1,
  lab: 'durability',
  title: 'synchronous_commit = off loses the last commits, never consistency',
  seed: 1,
  preset: 'pg-async-commit',
  options: { tables: { accounts }, synchronous_commit: false, wal_writer_delay: 3 },
  steps: [
    ...transfer('T1', 10).map((s, i) => (i === 0 ? { ...s, say: 'synchronous_commit is off: COMMIT returns without waiting for the WAL flush.' } : s)),
    { do: { type: 'commit', tx: 'T1' }, say: 'T1 commits and the client hears "COMMIT" at once. Its commit record is only in the WAL buffers.' },
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
    rows: { accounts: [{ key: 'alice', values: { balance: 90 } }, { key: 'bob', values: { balance: 60 } }] },
    committed: ['T1'],
    lost: ['T2', 'T3'],
  },
};

const walRule: DurabilityScenario = {
  v: 1,
  lab: 'durability',
  title: 'Eviction forces a WAL flush (the WAL rule)',
  seed: 1,
  preset: 'pg-wal-rule',
  options: { frames: 4, tables: { accounts: walRuleRows } },
  steps: [
    { do: { type: 'begin', tx: 'T1' }, say: 'Four buffer frames, thirteen wide rows: three to a page, so five pages on disk.' },
    {
      do: { type: 'update', tx: 'T1', table: 'accounts', key: 'm', add: { balance: -100 } },
      say: "T1 changes row m (block 4). The page is dirty; its LSN points at the UPDATE record, which sits in the WAL buffers, not yet flushed.",
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
      say: "The power fails while the kernel is still writing that page: only its first 4 kB reach the disk, so block 4 is torn. T1's WAL record is safe on disk: the WAL rule flushed it before the write. T1 never committed.",
    },
    {
      do: { type: 'recover' },
      say: "Recovery replays T1's UPDATE record. It carries a full-page image (the page's first change since the checkpoint), so block 4 is rebuilt whole from the WAL, which repairs the torn page. There is no commit record: pg_xact marks xid 750 aborted, T1's new tuple is dead, and row m keeps its old balance.",
    },
  ],
  expect: {
    rows: { accounts: walRuleRows },
    lost: ['T1'],
    tornPage: true,
    counters: { writesByBackend: { min: 1, max: 1 }, walFlushes: { min: 1 }, fpiCount: { min: 1, max: 1 } },
  },
};

const tornPage: DurabilityScenario = {
  v: 1,
  lab: 'durability',
  title: 'Torn page without full_page_writes',
  seed: 1,
  preset: 'pg-torn-page',
  options: { full_page_writes: false, tables: { accounts, ledger: [{ key: '1', values: { note: 'opening balances' } }] } },
  steps: [
    { do: { type: 'begin', tx: 'T1' }, say: 'full_page_writes is off: the first change to a page after a checkpoint logs only the change, not the whole page.' },
    {
      do: { type: 'update', tx: 'T1', table: 'accounts', key: 'alice', add: { balance: -30 } },
      say: "Alice's old tuple, stored at the very end of the accounts page (its second 4 kB), gets xmax; the new version goes in front of it.",
    },
    { do: { type: 'insert', tx: 'T1', table: 'ledger', key: '2', values: { note: 'alice pays 30' } }, say: 'A ledger line, on another table: a second dirty page.' },
    { do: { type: 'commit', tx: 'T1' } },
    { do: { type: 'checkpoint', spread: true }, say: 'A spread checkpoint starts (as a timed one would): it paces its writes, one page per tick here.' },
    { do: { type: 'tick' }, say: 'The checkpointer hands the accounts page to the kernel. The kernel starts writing its 8 kB to disk, 4 kB at a time.' },
    { do: { type: 'crash' }, say: "The power fails mid-write: the page's first 4 kB are new, its last 4 kB old, so Alice's old tuple lost its xmax. The page is torn." },
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

const bgwriter: DurabilityScenario = {
  v: 1,
  lab: 'durability',
  title: 'The background writer smooths I/O',
  seed: 1,
  preset: 'pg-bgwriter',
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

const recipe: DurabilityScenario = {
  v: 1,
  lab: 'durability',
  title: 'Recipe platform: three writes, all or none, on real pages',
  seed: 1,
  preset: 'pg-recipe-all-or-none',
  options: { tables: recipeTables },
  steps: [
    { do: { type: 'begin', tx: 'T1' }, say: 'Ana adds saffron to her paella: three writes on three tables, each table a file of 8 kB pages.' },
    {
      do: { type: 'insert', tx: 'T1', table: 'ingredients', key: 'saffron', values: { recipe_id: 42, qty: '1 pinch' } },
      say: "Write 1: a new tuple on the ingredients page, xmin = T1's xid; an INSERT record in the WAL.",
    },
    {
      do: { type: 'update', tx: 'T1', table: 'recipes', key: '42', set: { last_modified: '2024-05-02' } },
      say: 'Write 2: the recipe gets a new version; the old one gets xmax.',
    },
    { do: { type: 'crash' }, say: 'The power fails before write 3 and before any commit.' },
    {
      do: { type: 'recover' },
      say: 'Nothing of T1 survives. Its two WAL records were still in the WAL buffers and died with the server, so recovery replays only the checkpoint record, and the pages on disk never saw its tuples. Had a page been written out first, T1 would still have no commit record: pg_xact marks its xid aborted, so its tuples would be dead. No undo is needed: PostgreSQL keeps old versions, so "undo" is a bit in the commit log.',
    },
    { do: { type: 'begin', tx: 'T2' }, say: 'Ana tries again.' },
    { do: { type: 'insert', tx: 'T2', table: 'ingredients', key: 'saffron', values: { recipe_id: 42, qty: '1 pinch' } } },
    { do: { type: 'update', tx: 'T2', table: 'recipes', key: '42', set: { last_modified: '2024-05-02' } } },
    { do: { type: 'update', tx: 'T2', table: 'users', key: 'ana', add: { recipes_count: 1 } }, say: 'Write 3: her contribution count goes to 4.' },
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
    // One record (the checkpoint) at the first restart, five at the second.
    counters: { recordsReplayed: { min: 6, max: 6 } },
  },
};

/** The Durability lab's presets, in gallery order. */
export const durabilityPresets: DurabilityScenario[] = [
  bankTransfer,
  beforeCommit,
  commitNoPages,
  checkpointShortens,
  asyncCommit,
  walRule,
  tornPage,
  bgwriter,
  recipe,
];
