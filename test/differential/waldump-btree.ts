import type { DurabilityScenario } from '../../src/scenarios/durability/presets';
import { lcg } from '../support/lcg';

/*
 * Workloads that split the primary-key btree, for the pg_waldump comparison: a table loaded
 * with 400 rows (its root leaf all but full; the SQL side inserts them in the same order before
 * its setup checkpoint), then transactions of inserts with rising or random keys, checkpoints
 * between them so that split pages, their right siblings and the root go with their images.
 */

type Step = DurabilityScenario['steps'][number];

/**
 * A row whose heap tuple has the same size whatever its key's length (a note pads the key to 20
 * letters): PostgreSQL's free space map would put a shorter row into an earlier page's leftover
 * space, and the lab has no free space map.
 */
const row = (key: string, i: number) => ({ note: 'x'.repeat(20 - key.length), balance: i });

const txn = (tx: string, keys: readonly string[]): Step[] => [
  { do: { type: 'begin', tx } },
  ...keys.map((key, i): Step => ({ do: { type: 'insert', tx, table: 'accounts', key, values: row(key, i) } })),
  { do: { type: 'commit', tx } },
];

const pad = (p: string, n: number, w: number) => Array.from({ length: n }, (_, i) => p + String(i).padStart(w, '0'));

/** Rising keys: the rightmost leaf splits 90/10 twice (SPLIT_R, NEWROOT, then INSERT_UPPER), a crash, recovery. */
export const btreeRising: DurabilityScenario = {
  v: 1,
  lab: 'durability',
  title: 'Rising keys split the rightmost leaf',
  seed: 1,
  preset: 'waldump-btree-rising',
  options: { tables: { accounts: pad('a', 400, 3).map((key, i) => ({ key, values: row(key, i) })) } },
  steps: [
    ...txn('T1', pad('b', 10, 3)),
    { do: { type: 'checkpoint' } },
    ...txn(
      'T2',
      pad('b', 390, 3).map((k) => k.replace(/^b/, 'c')),
    ),
    { do: { type: 'crash' } },
    { do: { type: 'recover' } },
    ...txn('T3', ['d']),
  ],
};

/** Random keys of 3 to 20 letters: SPLIT_L and SPLIT_R of inner leaves, with their right siblings' images. */
export function btreeRandom(seed: number): DurabilityScenario {
  const rnd = lcg(seed);
  const used = new Set<string>();
  const key = () => {
    for (;;) {
      const n = 3 + Math.floor(rnd() * 18);
      const k = Array.from({ length: n }, () => String.fromCharCode(97 + Math.floor(rnd() * 26))).join('');
      if (!used.has(k)) return (used.add(k), k);
    }
  };
  const rows = Array.from({ length: 400 }, (_, i) => {
    const k = key();
    return { key: k, values: row(k, i) };
  });
  const batch = (n: number) => Array.from({ length: n }, key);
  return {
    v: 1,
    lab: 'durability',
    title: `Random keys split inner leaves (seed ${seed})`,
    seed: 1,
    preset: `waldump-btree-random-${seed}`,
    options: { tables: { accounts: rows } },
    steps: [
      ...txn('T1', batch(60)),
      { do: { type: 'checkpoint' } },
      ...txn('T2', batch(150)),
      { do: { type: 'checkpoint' } },
      ...txn('T3', batch(150)),
    ],
  };
}
