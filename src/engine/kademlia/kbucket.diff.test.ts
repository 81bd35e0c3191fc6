import fc from 'fast-check';
import KBucket from 'k-bucket';
import { describe, expect, it } from 'vitest';
import { dht } from '../../../test/support/kademlia';
import { closest } from './table-queries';

/** An ID as k-bucket wants it: big-endian bytes. */
function bytes(words: ArrayLike<number>, o: number, n: number): Uint8Array {
  const out = new Uint8Array(n * 4);
  for (let w = 0; w < n; w++) for (let b = 0; b < 4; b++) out[w * 4 + b] = (words[o + w] >>> (24 - 8 * b)) & 255;
  return out;
}

/** Node 0 hears from nodes 1..m in order, in our table and in k-bucket's; then both answer closest-n queries. */
function compare(bits: 32 | 64 | 160, k: number, m: number, table: 'per-bit' | 'tree', seed: number, queries: number, n: number) {
  const d = dht({ bits, k, table }, seed).run({ type: 'build', nodes: m + 1, fill: 'empty' });
  const { ids, words } = d.state;
  const kb = new KBucket<{ id: Uint8Array; node: number }>({ localNodeId: bytes(ids, 0, words), numberOfNodesPerKBucket: k });
  for (let c = 1; c <= m; c++) {
    d.run({ type: 'add-contact', node: 0, contact: c });
    kb.add({ id: bytes(ids, c * words, words), node: c });
  }
  const rnd = fc.sample(fc.uint32Array({ minLength: words, maxLength: words }), { seed, numRuns: queries });
  for (const target of rnd) {
    const ours = closest(d.state.table, ids, words, 0, target, 0, n, -1, []);
    const theirs = kb.closest(bytes(target, 0, words), n).map((c) => c.node);
    expect(ours).toEqual(theirs);
  }
  return { ours: d.view().focus!.node.contacts, theirs: kb.count() };
}

describe('When our routing table and the k-bucket package see the same contacts', () => {
  it('below capacity (one bucket per bit, nothing evicted) they give the same closest-n for random targets (seed 2024)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(32, 64, 160),
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 1, max: 25 }),
        fc.integer(),
        (bits, m, n, seed) => {
          const { ours, theirs } = compare(bits as 32 | 64 | 160, m, m, 'per-bit', seed, 8, n);
          expect(ours).toBe(m);
          expect(theirs).toBe(m);
        },
      ),
      { seed: 2024, numRuns: 40 },
    );
  });

  it('past capacity in tree mode they keep the same contacts: both split only the bucket covering the own ID (seed 7)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(32, 160),
        fc.integer({ min: 2, max: 8 }),
        fc.integer({ min: 10, max: 300 }),
        fc.integer(),
        (bits, k, m, seed) => {
          const { ours, theirs } = compare(bits as 32 | 160, k, m, 'tree', seed, 8, k * 3);
          expect(ours).toBe(theirs);
        },
      ),
      { seed: 7, numRuns: 40 },
    );
  });
});
