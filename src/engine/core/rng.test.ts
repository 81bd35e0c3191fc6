import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randFloat, randInt, type RngState, seedRng } from './rng';

/** `n` draws in [0, 1e9] from a seed, and the state after them. */
function draws(rng: RngState, n: number): { values: number[]; rng: RngState } {
  const values: number[] = [];
  let r = rng;
  for (let i = 0; i < n; i++) {
    const [value, next] = randInt(r, 0, 1e9);
    values.push(value);
    r = next;
  }
  return { values, rng: r };
}

describe('When two generators start from the same seed', () => {
  it('they draw the same sequence', () => {
    expect(draws(seedRng(42), 100).values).toEqual(draws(seedRng(42), 100).values);
  });

  it('drawing does not change the state it was given (the generator is pure)', () => {
    const start = seedRng(7);
    const copy = [...start];
    const [a] = randInt(start, 0, 1e9);
    const [b] = randInt(start, 0, 1e9);
    expect(a).toBe(b);
    expect(start).toEqual(copy);
    const [f1] = randFloat(start);
    const [f2] = randFloat(start);
    expect(f1).toBe(f2);
  });
});

describe('When two generators start from different seeds', () => {
  it('they draw different sequences', () => {
    expect(draws(seedRng(1), 20).values).not.toEqual(draws(seedRng(2), 20).values);
  });

  it('any two distinct 32-bit seeds start different sequences (seed 11)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 2 ** 30 }), (seed, delta) => {
        const other = (seed + delta) | 0;
        fc.pre(other !== seed);
        expect(draws(seedRng(seed), 8).values).not.toEqual(draws(seedRng(other), 8).values);
      }),
      { seed: 11, numRuns: 200 },
    );
  });

  it('each step of a sequence is not simply repeated', () => {
    const { values } = draws(seedRng(3), 50);
    expect(new Set(values).size).toBeGreaterThan(45);
  });
});

describe('When the generator state crosses a copy boundary', () => {
  it('is an array of plain 32-bit integers', () => {
    const { rng } = draws(seedRng(99), 5);
    expect(Array.isArray(rng)).toBe(true);
    for (const n of rng) expect(Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 32).toBe(true);
  });

  it('continues identically after structuredClone and after a JSON round trip (seed 5)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.nat({ max: 50 }), (seed, warmup) => {
        const { rng } = draws(seedRng(seed), warmup);
        const expected = draws(rng, 20).values;
        expect(draws(structuredClone(rng), 20).values).toEqual(expected);
        expect(draws(JSON.parse(JSON.stringify(rng)) as RngState, 20).values).toEqual(expected);
      }),
      { seed: 5, numRuns: 200 },
    );
  });
});

describe('When drawing bounded numbers', () => {
  it('randInt stays within [from, to] inclusive (seed 2024)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: 0, max: 1e6 }), (seed, from, width) => {
        let rng = seedRng(seed);
        for (let i = 0; i < 20; i++) {
          const [value, next] = randInt(rng, from, from + width);
          expect(Number.isInteger(value)).toBe(true);
          expect(value).toBeGreaterThanOrEqual(from);
          expect(value).toBeLessThanOrEqual(from + width);
          rng = next;
        }
      }),
      { seed: 2024, numRuns: 300 },
    );
  });

  it('randInt reaches both ends of a small range', () => {
    let rng = seedRng(8);
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const [value, next] = randInt(rng, 1, 3);
      seen.add(value);
      rng = next;
    }
    expect([...seen].sort()).toEqual([1, 2, 3]);
  });

  it('randFloat stays within [0, 1) (seed 31)', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        let rng = seedRng(seed);
        for (let i = 0; i < 20; i++) {
          const [value, next] = randFloat(rng);
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThan(1);
          rng = next;
        }
      }),
      { seed: 31, numRuns: 200 },
    );
  });
});

describe('When scenarios use small neighbouring seeds (1, 2, 3 …)', () => {
  it('their first draws are spread out, not nearly equal', () => {
    const firstFloats = Array.from({ length: 1000 }, (_, seed) => randFloat(seedRng(seed))[0]);
    const mean = firstFloats.reduce((a, b) => a + b, 0) / firstFloats.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
    // Seeded directly, xoroshiro128+ gave a first float above 0.999 for every seed below 1,000.
    expect(firstFloats.filter((x) => x > 0.99).length).toBeLessThan(30);
    const firstInts = new Set(Array.from({ length: 100 }, (_, seed) => randInt(seedRng(seed + 1), 0, 99)[0]));
    expect(firstInts.size).toBeGreaterThan(50);
  });
});
