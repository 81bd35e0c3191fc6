import type { ScenarioOf } from '../../engine/scenario/schema';

/** A Durability-lab preset: the `durability` variant of the scenario schema, with its preset id. */
export type DurabilityScenario = ScenarioOf<'durability'> & { preset: string };

export type Step = DurabilityScenario['steps'][number];

export const accounts = [
  { key: 'alice', values: { balance: 100 } },
  { key: 'bob', values: { balance: 50 } },
];

/** A row padded to about 2.6 kB (2,644 bytes with its header and line pointer): three fill a page. */
const wide = (key: string, balance: number) => ({ key, values: { balance, note: 'x'.repeat(2600) } });
export const walRuleRows = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm'].map((k, i) => wide(k, 100 + i));

/** BEGIN and the two UPDATEs of a transfer (no COMMIT: the preset decides how it ends). */
export const transfer = (tx: string, amount: number, from = 'alice', to = 'bob'): Step[] => [
  { do: { type: 'begin', tx } },
  { do: { type: 'update', tx, table: 'accounts', key: from, add: { balance: -amount } } },
  { do: { type: 'update', tx, table: 'accounts', key: to, add: { balance: amount } } },
];
