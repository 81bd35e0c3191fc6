import type { Scenario } from '../../engine/scenario/schema';
import { recipeTables, thirdWrite, threeWrites } from '../recipe';

const allOrNone: Scenario = {
  v: 1,
  lab: 'intent-log',
  title: 'Recipe platform: all three writes or none',
  seed: 1,
  preset: 'recipe-all-or-none',
  goal: 'A transaction is all or nothing: a crash after two of its three writes must leave none of them. Watch the log at recovery: T1 has no COMMIT record, so its before images undo both writes.',
  options: { tables: recipeTables },
  steps: [
    ...threeWrites,
    {
      do: { type: 'crash' },
      say: 'The power fails after the second write. On disk: the new ingredient and the new date are there, the count is not. The recipe is half-changed.',
    },
    {
      do: { type: 'recover' },
      say: 'On restart, recovery reads the log. T1 has no COMMIT record, so its records are discarded: the before images undo both writes, newest first. None of the three writes is left.',
    },
  ],
  expect: {
    rows: recipeTables,
    committed: [],
    rolledBack: ['T1'],
  },
};

const afterCommit: Scenario = {
  v: 1,
  lab: 'intent-log',
  title: 'Crash after commit: all three survive',
  seed: 1,
  preset: 'recipe-crash-after-commit',
  goal: "Once its COMMIT record is in the log, a transaction survives any crash. Watch recovery find T1's COMMIT and keep all three writes.",
  options: { tables: recipeTables },
  steps: [
    ...threeWrites,
    thirdWrite,
    {
      do: { type: 'commit', tx: 'T1' },
      say: 'T1 appends its COMMIT record. The moment it is in the log, the transaction is committed: the application can tell Ana her change is saved.',
    },
    { do: { type: 'crash' }, say: 'The power fails right after the commit.' },
    {
      do: { type: 'recover' },
      say: 'Recovery finds the COMMIT record of T1, so all five of its records (BEGIN, the three writes, COMMIT) are kept. Nothing is undone: the saffron, the new date and the count of 4 all survive.',
    },
  ],
  expect: {
    rows: {
      recipes: [{ key: '42', values: { title: 'Paella', last_modified: '2024-05-02' } }],
      ingredients: [...recipeTables.ingredients, { key: 'saffron', values: { recipe_id: 42, qty: '1 pinch' } }],
      users: [{ key: 'ana', values: { name: 'Ana', recipes_count: 4 } }],
    },
    committed: ['T1'],
    rolledBack: [],
  },
};

const twoCooks: Scenario = {
  v: 1,
  lab: 'intent-log',
  title: 'Two cooks, one crash: keep the committed, undo the rest',
  seed: 1,
  preset: 'two-cooks-one-crash',
  goal: "Recovery sorts an interleaved log by transaction: it keeps what committed and undoes the rest. Watch T2's COMMIT record, then which writes are left after the crash.",
  options: { tables: recipeTables },
  steps: [
    { do: { type: 'begin', tx: 'T1' }, say: 'Ana starts T1 to add saffron.' },
    { do: { type: 'begin', tx: 'T2' }, say: 'At the same time Ben starts T2 to fix the stock quantity.' },
    {
      do: { type: 'insert', tx: 'T1', table: 'ingredients', key: 'saffron', values: { recipe_id: 42, qty: '1 pinch' } },
    },
    { do: { type: 'update', tx: 'T2', table: 'ingredients', key: 'stock', set: { qty: '1.2 l' } } },
    { do: { type: 'commit', tx: 'T2' }, say: "Ben's T2 commits: its COMMIT record is in the log." },
    { do: { type: 'update', tx: 'T1', table: 'recipes', key: '42', set: { last_modified: '2024-05-02' } } },
    {
      do: { type: 'crash' },
      say: "Crash while Ana's T1 is still open. The log interleaves records of both transactions.",
    },
    {
      do: { type: 'recover' },
      ask: { q: 'Recovery reads the interleaved log. Which transactions does it keep?', about: 'recoveryKeeps' },
      say: "Recovery sorts the log by transaction: T2 committed, so its records are kept; T1 did not, so its three records are discarded and its two writes undone, newest first. Ben's fix survives, Ana's half-done change does not.",
    },
  ],
  expect: {
    rows: {
      recipes: recipeTables.recipes,
      ingredients: [
        { key: 'rice', values: { recipe_id: 42, qty: '400 g' } },
        { key: 'stock', values: { recipe_id: 42, qty: '1.2 l' } },
      ],
    },
    committed: ['T2'],
    rolledBack: ['T1'],
  },
};

/** The Durability lab's presets that run on the simple intent log. */
export const intentLogPresets = [allOrNone, afterCommit, twoCooks];
