import type { ScenarioOf } from '../engine/scenario/schema';

/** The recipe platform from the Atomicity article: one recipe, its ingredients, its contributor. */
export const recipeTables = {
  recipes: [{ key: '42', values: { title: 'Paella', last_modified: '2024-05-01' } }],
  ingredients: [
    { key: 'rice', values: { recipe_id: 42, qty: '400 g' } },
    { key: 'stock', values: { recipe_id: 42, qty: '1 l' } },
  ],
  users: [{ key: 'ana', values: { name: 'Ana', recipes_count: 3 } }],
};

type Steps = ScenarioOf<'intent-log'>['steps'];

/** The three writes of "add an ingredient", each with its narration. */
export const threeWrites: Steps = [
  {
    do: { type: 'begin', tx: 'T1' },
    say: 'Ana adds saffron to her paella. The application opens transaction T1: three writes must happen together or not at all.',
  },
  {
    do: { type: 'insert', tx: 'T1', table: 'ingredients', key: 'saffron', values: { recipe_id: 42, qty: '1 pinch' } },
    say: 'Write 1 of 3: before touching the ingredients table, T1 appends its intent to the log (with the before image: no row). Only then is the row inserted.',
  },
  {
    do: { type: 'update', tx: 'T1', table: 'recipes', key: '42', set: { last_modified: '2024-05-02' } },
    say: "Write 2 of 3: the recipe's last_modified changes. The log keeps the old date as the before image.",
  },
];

export const thirdWrite: Steps[number] = {
  do: { type: 'update', tx: 'T1', table: 'users', key: 'ana', add: { recipes_count: 1 } },
  say: "Write 3 of 3: Ana's contribution count goes from 3 to 4.",
};
