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

const wide = (key: string, balance: number) => ({ key, values: { balance, note: 'y'.repeat(3000) } });

/**
 * The scan goes on after the row it changed: rows of 3 kB, two to a page (a, b on block 0; c, d on
 * block 1). b is deleted and vacuumed away; c moves to block 0 (its entries: (0,2), then (1,1));
 * after a checkpoint, a DELETE of c finds it through (0,2), logs DELETE, and only then fetches (1,1):
 * block 1 is pruned after the DELETE, with its image (PostgreSQL's index scan does not stop at the
 * first visible version of a unique key).
 */
export const pruneAfterHit: DurabilityScenario = {
  v: 1,
  lab: 'durability',
  title: 'An index scan prunes the page of an entry after the row it deleted',
  seed: 1,
  preset: 'waldump-prune-after-hit',
  options: { tables: { accounts: [wide('a', 1), wide('b', 2), wide('c', 3), wide('d', 4)] } },
  steps: [
    { do: { type: 'begin', tx: 'T1' } },
    { do: { type: 'delete', tx: 'T1', table: 'accounts', key: 'b' } },
    { do: { type: 'commit', tx: 'T1' } },
    { do: { type: 'vacuum', table: 'accounts' } },
    ...update('T2', 'c'),
    { do: { type: 'checkpoint' } },
    { do: { type: 'begin', tx: 'T3' } },
    { do: { type: 'delete', tx: 'T3', table: 'accounts', key: 'c' } },
    { do: { type: 'commit', tx: 'T3' } },
  ],
};
