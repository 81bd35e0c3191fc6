import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dht, type DhtDriver } from '../../../test/support/kademlia';
import { compareDistance } from './id';
import { closest } from './table-queries';
import type { LookupTrace } from './types';

const lastLookup = (d: DhtDriver): LookupTrace => d.state.lastLookup!;

/** All live nodes sorted by XOR distance to `target` (the brute-force answer). */
function bruteForce(d: DhtDriver, target: Uint32Array, n: number, skip = -1): number[] {
  const { ids, words, alive } = d.state;
  const all = Array.from({ length: d.state.n }, (_, i) => i).filter((i) => alive[i] === 1 && i !== skip);
  return all.sort((a, b) => compareDistance(ids, words, a, b, target, 0)).slice(0, n);
}

describe('When a node looks up another in a settled network', () => {
  it('finds it, and each hop of the path gets closer to the target', () => {
    const d = dht({}, 5).run({ type: 'build', nodes: 500 }, { type: 'lookup', from: 1, target: 321 });
    const l = lastLookup(d);
    expect(l.found).toBe(true);
    expect(l.path[0]).toBe(1);
    expect(l.path.at(-1)).toBe(321);
    const target = d.state.ids.slice(321 * 5, 321 * 5 + 5);
    for (let i = 2; i < l.path.length; i++) expect(compareDistance(d.state.ids, 5, l.path[i], l.path[i - 1], target, 0)).toBeLessThan(0);
  });

  it('terminates once the k closest it has seen have all answered, and they are the true k closest', () => {
    const d = dht({ k: 8 }, 9).run({ type: 'build', nodes: 400 }, { type: 'lookup', from: 0, id: 'a'.repeat(40) });
    const l = lastLookup(d);
    const target = Uint32Array.of(0xaaaaaaaa, 0xaaaaaaaa, 0xaaaaaaaa, 0xaaaaaaaa, 0xaaaaaaaa);
    expect(l.closest).toEqual(bruteForce(d, target, 8, 0));
    const asked = new Set(l.rounds.flatMap((r) => r.queried));
    for (const c of l.closest) expect(asked.has(c)).toBe(true);
    // The last round brought nothing new closer: it only confirmed the k closest.
    const last = l.rounds.at(-1)!;
    expect(last.timedOut).toEqual([]);
    expect(l.rounds.length).toBeLessThan(20);
  });

  it('in the sequential (article) mode asks one peer per round and stops at the target', () => {
    const d = dht({ lookup: 'sequential' }, 5).run({ type: 'build', nodes: 300 }, { type: 'lookup', from: 2, target: 250 });
    const l = lastLookup(d);
    expect(l.found).toBe(true);
    for (const r of l.rounds) expect(r.queried).toHaveLength(1);
    expect(l.rounds.at(-1)!.queried).toEqual([250]);
  });

  it('emits one rpc and one lookupHop per query, and rounds with who answered', () => {
    const d = dht({}, 5).run({ type: 'build', nodes: 200 }, { type: 'lookup', from: 0, target: 100 });
    const l = lastLookup(d);
    const hops = d.events.filter((e) => e.type === 'lookup.hopped');
    const finds = d.events.filter((e) => e.type === 'rpc.sent' && e.kind === 'FIND_NODE');
    expect(hops).toHaveLength(l.messages);
    expect(finds).toHaveLength(l.messages);
    expect(d.events.filter((e) => e.type === 'round.completed')).toHaveLength(l.rounds.length);
  });

  it('routes around failed nodes: they time out and drop out of the k closest', () => {
    const d = dht({}, 5).run({ type: 'build', nodes: 1000 }, { type: 'fail', fraction: 0.3 }, { type: 'lookups', count: 200 });
    expect(d.state.stats.found).toBe(200);
    const timedOut = d.events.length; // silent batch: one summary event
    expect(timedOut).toBe(1);
  });
});

describe('When a routing table answers "the n closest contacts"', () => {
  it('matches a brute-force XOR sort of what it holds when nothing was evicted (seed 99)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(8, 16, 32, 64, 160),
        fc.integer({ min: 2, max: 80 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer(),
        (bits, m, n, seed) => {
          const size = Math.min(m, 2 ** bits - 1);
          const d = dht({ bits: bits as 160, k: 64, table: seed % 2 === 0 ? 'tree' : 'per-bit' }, seed).run({
            type: 'build',
            nodes: size + 1,
            fill: 'empty',
          });
          for (let c = 1; c <= size; c++) d.run({ type: 'add-contact', node: 0, contact: c });
          const { ids, words } = d.state;
          for (const target of fc.sample(fc.uint32Array({ minLength: words, maxLength: words }), { seed, numRuns: 5 })) {
            if (bits < 32) target[0] &= 2 ** bits - 1;
            expect(closest(d.state.table, ids, words, 0, target, 0, n, -1, [])).toEqual(bruteForce(d, target, n, 0));
          }
        },
      ),
      { seed: 99, numRuns: 60 },
    );
  });
});

describe('When the network is connected and nothing fails', () => {
  // Connected in Kademlia's sense: every node knows at least one node in each subtree that
  // holds nodes. Settled tables have that by construction; tables grown by joins have it in
  // practice from k = 3 (with k <= 2 an early node can miss a later subtree, and a lookup
  // toward it may fail: the paper's join makes no promise there).
  it('every lookup finds its target, whatever the width, k, α, table and search mode (seed 314)', () => {
    const options = fc.record({
      bits: fc.constantFrom(16, 32, 64, 160),
      k: fc.integer({ min: 1, max: 8 }),
      alpha: fc.integer({ min: 1, max: 4 }),
      table: fc.constantFrom('per-bit', 'tree'),
      lookup: fc.constantFrom('parallel', 'sequential'),
      eviction: fc.constantFrom('lru', 'oldest-seen'),
    } as const);
    fc.assert(
      fc.property(
        options,
        fc.integer({ min: 2, max: 150 }),
        fc.constantFrom('converged', 'joins'),
        fc.integer(),
        (opts, nodes, fill, seed) => {
          const k = fill === 'joins' ? Math.max(3, opts.k) : opts.k;
          const d = dht({ ...opts, k }, seed).run({ type: 'build', nodes, fill }, { type: 'lookups', count: 30 });
          expect(d.state.stats.found).toBe(d.state.stats.lookups);
        },
      ),
      { seed: 314, numRuns: 80 },
    );
  });
});
