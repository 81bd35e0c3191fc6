/** Presets on the primary-key btree: HOT updates that never touch it, and a leaf that splits. */
import type { DurabilityScenario, Step } from './steps';

/** Six accounts with a memo of 1.9 kB (under the toaster's 2 kB): four fill block 0, two sit in block 1. */
const memo = (key: string, balance: number) => ({ key, values: { balance, memo: `${key}: `.padEnd(1900, '.') } });
const hotRows = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'].map((k, i) => memo(k, 100 + 10 * i));

const hotUpdate: DurabilityScenario = {
  v: 1,
  lab: 'durability',
  title: 'HOT update: the index never hears of it',
  seed: 1,
  preset: 'pg-hot-update',
  focus: ['heap-items', 'index'],
  goal: 'An UPDATE that changes no indexed column and fits on its page is heap-only (HOT): the index is not touched. Watch the index entry keep its old ctid, VACUUM leave a redirect, and an update that moves pages add an index entry.',
  options: { tables: { accounts: hotRows } },
  steps: [
    {
      do: { type: 'begin', tx: 'T1' },
      say: 'Six accounts with 1.9 kB memos: alice, bob, carol and dave fill heap block 0; erin and frank sit in block 1 with room to spare. The primary-key index is one leaf page: six entries, each pointing at a heap ctid.',
    },
    {
      do: { type: 'update', tx: 'T1', table: 'accounts', key: 'erin', add: { balance: 5 } },
      say: "Erin's new version fits on block 1, and the update changes no indexed column: a HOT_UPDATE. The new tuple (1,3) is heap-only; the old one (1,1) gets xmax and a t_ctid pointing at it. No Btree record: the index entry for erin still says (1,1), and a lookup follows the chain from there.",
    },
    { do: { type: 'commit', tx: 'T1' } },
    {
      do: { type: 'begin', tx: 'T2' },
      say: 'Now an update that cannot be HOT: block 0 is full, so the new version must go to another page.',
    },
    {
      do: { type: 'update', tx: 'T2', table: 'accounts', key: 'alice', add: { balance: -5 } },
      say: "Alice's new version goes to block 1: PostgreSQL logs a LOCK on the old version, then an UPDATE naming both pages. A chain cannot cross pages, so the index must learn of (1,4): an INSERT_LEAF adds a second entry for alice. The entry for (0,1) stays until VACUUM.",
    },
    { do: { type: 'commit', tx: 'T2' } },
    {
      do: { type: 'vacuum', table: 'accounts' },
      say: "VACUUM prunes: erin's old version is gone and its line pointer (1,1) becomes a redirect to (1,3), so the index entry still leads to the live row. Alice's old version at (0,1) is dead and reached only from the index: Btree VACUUM removes that entry, then the line pointer is set unused.",
    },
  ],
  expect: {
    committed: ['T1', 'T2'],
    rows: {
      accounts: hotRows.map((r) => (r.key === 'erin' ? memo('erin', 145) : r.key === 'alice' ? memo('alice', 95) : r)),
    },
    // VACUUM's six records: two PRUNEs, two VISIBLEs, Btree VACUUM and Heap2 VACUUM.
    counters: { walRecords: { min: 12, max: 12 } },
  },
};

/** 405 accounts c0000..c0404: their primary-key entries (16 bytes each) all but fill the root leaf (407 fit). */
const splitRows = Array.from({ length: 405 }, (_, i) => ({ key: `c${String(i).padStart(4, '0')}`, values: { balance: 100 } }));
const add = (tx: string, key: string): Step['do'] => ({ type: 'insert', tx, table: 'accounts', key, values: { balance: 100 } });

const indexSplit: DurabilityScenario = {
  v: 1,
  lab: 'durability',
  title: 'An index page splits',
  seed: 1,
  preset: 'pg-index-split',
  focus: ['index'],
  goal: "A btree page holds about 400 short keys. Watch the primary key's only leaf fill up, the next insert split it (rising keys leave the left page 90 % full), and a new root appear above the two leaves.",
  options: { tables: { accounts: splitRows } },
  steps: [
    {
      do: { type: 'begin', tx: 'T1' },
      say: 'The accounts table has 405 rows, c0000 to c0404. Its primary-key index is a metapage (block 0) and one leaf (block 1) that is also the root: 405 entries of 16 bytes plus a 4-byte line pointer each. 407 fit on an 8 kB page.',
    },
    {
      do: add('T1', 'c0405'),
      say: "A heap INSERT, then an INSERT_LEAF: the leaf's 406th entry. It is the leaf's first change since the checkpoint, so the record carries the leaf's full-page image.",
    },
    { do: add('T1', 'c0406'), say: 'The 407th entry: the leaf is full.' },
    {
      do: add('T1', 'c0407'),
      say: 'No room for the 408th: the leaf splits. The keys are rising and the leaf is the rightmost, so _bt_findsplitloc leaves it 90 % full: 366 entries stay on block 1, 41 move to a new block 2 with the new key (SPLIT_R: the new item went right). The left page gets a high key, c0366. Then NEWROOT: block 3 becomes the root, with a downlink to each leaf, and the metapage points at it.',
    },
    {
      do: add('T1', 'c0408'),
      say: 'The next insert starts at the root: c0408 is past the high key c0366, so it goes down to block 2 and lands there as an INSERT_LEAF.',
    },
    {
      do: { type: 'commit', tx: 'T1' },
      say: 'The tree now has a root and two leaves; every leaf entry points at its row in the heap. Searches take one more page read, and the next 365 rising keys fill block 2 until it splits in turn.',
    },
  ],
  expect: {
    committed: ['T1'],
    rows: { accounts: [...splitRows, ...['c0405', 'c0406', 'c0407', 'c0408'].map((key) => ({ key, values: { balance: 100 } }))] },
  },
};

export const btreePresets: DurabilityScenario[] = [hotUpdate, indexSplit];
