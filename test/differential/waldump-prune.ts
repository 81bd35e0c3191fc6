import type { DurabilityScenario } from '../../src/scenarios/durability/presets';
import { lcg } from '../support/lcg';

/*
 * Workloads that make PostgreSQL prune on access (heap_page_prune_opt), for the pg_waldump
 * comparison: HOT updates of the same rows, one transaction each, until a page's free space falls
 * under BLCKSZ / 10 and the next index fetch of a row on it prunes it (Heap2 PRUNE).
 */

type Step = DurabilityScenario['steps'][number];

const update = (tx: string, key: string, table = 'accounts'): Step[] => [
  { do: { type: 'begin', tx } },
  { do: { type: 'update', tx, table, key, add: { balance: 1 } } },
  { do: { type: 'commit', tx } },
];

/**
 * The bank table (alice, bob): 170 updates of alice. PostgreSQL 15 prunes at the 167th (780 bytes
 * free); a CHECKPOINT just before it, so that PRUNE is the page's first change and carries its image.
 */
export const pruneBank: DurabilityScenario = {
  v: 1,
  lab: 'durability',
  title: 'HOT updates of one row until the page is pruned',
  seed: 1,
  preset: 'waldump-prune-bank',
  options: {
    tables: {
      accounts: [
        { key: 'alice', values: { balance: 100 } },
        { key: 'bob', values: { balance: 50 } },
      ],
    },
  },
  steps: Array.from({ length: 170 }, (_, i) => [
    ...(i === 166 ? [{ do: { type: 'checkpoint' } } satisfies Step] : []),
    ...update(`T${i + 1}`, 'alice'),
  ]).flat(),
};

const memo = (key: string, balance: number) => ({ key, values: { balance, memo: `${key}: `.padEnd(1500, '.') } });

/**
 * Four accounts with 1.5 kB memos (five fit a page): seeded HOT updates, reads, a delete (its chain's
 * root becomes dead when pruned), checkpoints (a PRUNE with a page image), and now and then a
 * transaction that writes elsewhere and stays open for a while (no pruning past its xid meanwhile;
 * updates that find no room move their row to another page, leaving the old page marked full).
 */
export function pruneRandom(seed: number, length = 150): DurabilityScenario {
  const rnd = lcg(seed);
  const keys = ['a', 'b', 'c', 'd'];
  const steps: Step[] = [];
  let n = 0;
  let old: string | null = null;
  let oldLeft = 0;
  let deleted = false;
  while (steps.length < length) {
    if (old === null && rnd() < 0.08) {
      old = `OLD${++n}`;
      oldLeft = 1 + Math.floor(rnd() * 2);
      steps.push({ do: { type: 'begin', tx: old } }, { do: { type: 'update', tx: old, table: 'other', key: 'x', add: { balance: 1 } } });
    }
    const r = rnd();
    const live = keys.filter((k) => !(deleted && k === 'd'));
    const key = live[Math.floor(rnd() * live.length)];
    if (r < 0.1) steps.push({ do: { type: 'checkpoint' } });
    else if (r < 0.25) steps.push({ do: { type: 'read', table: 'accounts', key } });
    else if (r < 0.28 && !deleted) {
      deleted = true;
      const tx = `T${++n}`;
      steps.push(
        { do: { type: 'begin', tx } },
        { do: { type: 'delete', tx, table: 'accounts', key: 'd' } },
        { do: { type: 'commit', tx } },
      );
    } else steps.push(...update(`T${++n}`, key));
    if (old !== null && --oldLeft <= 0) {
      steps.push({ do: { type: 'commit', tx: old } });
      old = null;
    }
  }
  if (old !== null) steps.push({ do: { type: 'commit', tx: old } });
  return {
    v: 1,
    lab: 'durability',
    title: `Pruning on access, seed ${seed}`,
    seed: 1,
    preset: `waldump-prune-random-${seed}`,
    options: { tables: { accounts: keys.map((k, i) => memo(k, i)), other: [{ key: 'x', values: { balance: 0 } }] } },
    steps,
  };
}
