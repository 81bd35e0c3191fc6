/** Pruning on access: HOT updates fill a page, and the next read prunes it in place, without VACUUM. */
import type { DurabilityScenario } from './steps';

/** Two accounts with a 1.9 kB memo (under the toaster's 2 kB): together they fill half of block 0. */
const memo = (key: string, balance: number) => ({ key, values: { balance, memo: `${key}: `.padEnd(1900, '.') } });
const rows = [memo('alice', 100), memo('bob', 50)];

export const pruneOnRead: DurabilityScenario = {
  v: 1,
  lab: 'durability',
  title: 'HOT updates fill a page; the next read prunes it',
  seed: 1,
  preset: 'pg-prune-on-access',
  focus: ['heap-items'],
  goal: 'Every UPDATE leaves the old version behind. Watch two HOT updates of one row fill its page, then a plain SELECT prune the page in place, without VACUUM: a redirect and a free slot appear in the line-pointer array.',
  options: { tables: { accounts: rows } },
  steps: [
    {
      do: { type: 'begin', tx: 'T1' },
      say: 'Alice and Bob each have a 1.9 kB memo: their two tuples, (0,1) and (0,2), take half of heap block 0. Each UPDATE of a row writes a whole new version, memo included.',
    },
    {
      do: { type: 'update', tx: 'T1', table: 'accounts', key: 'alice', add: { balance: 10 } },
      say: "A HOT update: alice's new tuple (0,3) fits on block 0, and her old version (0,1) gets xmax and a t_ctid pointing at it. The page header's pd_prune_xid now names T1: from here on, the page may hold a version nobody needs.",
    },
    { do: { type: 'commit', tx: 'T1' } },
    { do: { type: 'begin', tx: 'T2' } },
    {
      do: { type: 'update', tx: 'T2', table: 'accounts', key: 'alice', add: { balance: 10 } },
      say: "Another HOT update: new tuple (0,4). Block 0 now holds four tuples, two of them alice's dead past, and only 380 bytes are free: less than a tenth of the page (819 bytes).",
    },
    { do: { type: 'commit', tx: 'T2' } },
    {
      do: { type: 'read', table: 'accounts', key: 'alice' },
      say: 'A SELECT reads alice. Before it looks at the row, heap_page_prune_opt checks the page: pd_prune_xid (T1) is older than every running transaction, and under 819 bytes are free, so it prunes now. (0,1) becomes a redirect to (0,4), the live version; (0,3) becomes unused; the tuples are packed together again and 4,268 bytes are free. A Heap2 PRUNE record logs it. The index entry for alice still says (0,1) and reaches her row through the redirect.',
    },
    { do: { type: 'begin', tx: 'T3' } },
    {
      do: { type: 'update', tx: 'T3', table: 'accounts', key: 'alice', add: { balance: 10 } },
      say: 'The next update fits again: its new tuple (0,3) reuses the slot pruning freed, and (0,4) points to it. No VACUUM ran; the page made its own room, and the table stays one page long.',
    },
    {
      do: { type: 'commit', tx: 'T3' },
      say: 'Pruning on access only frees heap-only versions inside a page. It never touches the index and never records the free space in the free space map: that, and dead line pointers, stay VACUUM’s job.',
    },
  ],
  expect: {
    committed: ['T1', 'T2', 'T3'],
    rows: { accounts: [memo('alice', 130), memo('bob', 50)] },
    tables: { accounts: { pages: { min: 1, max: 1 } } },
  },
};

export const pruneCards: Record<string, { teaser: string; tags: readonly string[] }> = {
  'pg-prune-on-access': {
    teaser: 'Two HOT updates fill a page; a plain SELECT prunes it in place, leaving a redirect and a free slot.',
    tags: ['HOT', 'pruning', 'redirect'],
  },
};
