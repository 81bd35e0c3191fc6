import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketIndex, compareDistance, distanceHex, fromHex, hashId, ID_WIDTHS, toBigInt, toHex, wordsFor } from './id';

const W = 5;
const id160 = fc.uint32Array({ minLength: W, maxLength: W });
const big = (a: Uint32Array) => toBigInt(a, 0, W);
const xor = (a: Uint32Array, b: Uint32Array) => big(a) ^ big(b);

describe('When two IDs are compared by XOR', () => {
  it('the bucket index is the position of the most significant differing bit', () => {
    const a = Uint32Array.of(0b1011_0000);
    expect(bucketIndex(a, 1, 0, Uint32Array.of(0b1011_0001), 0)).toBe(0);
    expect(bucketIndex(a, 1, 0, Uint32Array.of(0b0011_0000), 0)).toBe(7);
    expect(bucketIndex(a, 1, 0, Uint32Array.of(0b1010_0000), 0)).toBe(4);
    expect(bucketIndex(a, 1, 0, a, 0)).toBe(-1);
    const x = new Uint32Array(5);
    const y = Uint32Array.of(0, 0, 0, 0, 1);
    expect(bucketIndex(x, 5, 0, y, 0)).toBe(0);
    expect(bucketIndex(x, 5, 0, Uint32Array.of(0x80000000, 0, 0, 0, 0), 0)).toBe(159);
    expect(bucketIndex(x, 5, 0, Uint32Array.of(0, 1, 0, 0, 0), 0)).toBe(96);
  });

  it('distances are shown in hex at the ID width (the article: d(B, E) = e7a3 XOR 4759 = a0fa)', () => {
    const b = fromHex('e7a3', 16)!;
    const e = fromHex('4759', 16)!;
    expect(distanceHex(b, 1, 16, 0, e, 0)).toBe('a0fa');
    expect(toHex(b, 0, 1, 16)).toBe('e7a3');
    expect(toHex(fromHex('0x00ff', 16)!, 0, 1, 16)).toBe('00ff');
    expect(fromHex('abc', 16)).toBeNull();
    expect(fromHex('zzzz', 16)).toBeNull();
  });

  it('IDs hash "host:port" with SHA-1 truncated to the width', () => {
    expect(toHex(hashId('localhost:8000', 16), 0, 1, 16)).toBe('7f5a');
    expect(toHex(hashId('localhost:8000', 8), 0, 1, 8)).toBe('7f');
    for (const w of ID_WIDTHS) expect(toHex(hashId('localhost:8000', w), 0, wordsFor(w), w)).toHaveLength(w / 4);
    expect(toHex(hashId('localhost:8000', 160), 0, 5, 160).startsWith('7f5a')).toBe(true);
  });

  it('compareDistance orders by the XOR value read as a number (seed 11)', () => {
    fc.assert(
      fc.property(id160, id160, id160, (a, b, t) => {
        const ids = new Uint32Array(10);
        ids.set(a, 0);
        ids.set(b, 5);
        const want = Math.sign(Number(xor(a, t) - xor(b, t)));
        expect(Math.sign(compareDistance(ids, 5, 0, 1, t, 0))).toBe(want);
        const i = bucketIndex(ids, 5, 0, t, 0);
        const d = xor(a, t);
        expect(i).toBe(d === 0n ? -1 : d.toString(2).length - 1);
      }),
      { seed: 11, numRuns: 300 },
    );
  });
});

describe('When XOR is checked as a metric (seed 42, bigint arithmetic)', () => {
  it('d(a, a) = 0 and d(a, b) > 0 for a != b', () => {
    fc.assert(
      fc.property(id160, id160, (a, b) => {
        expect(xor(a, a)).toBe(0n);
        if (big(a) !== big(b)) expect(xor(a, b) > 0n).toBe(true);
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('is symmetric and satisfies the triangle inequality d(a, c) <= d(a, b) + d(b, c)', () => {
    fc.assert(
      fc.property(id160, id160, id160, (a, b, c) => {
        expect(xor(a, b)).toBe(xor(b, a));
        expect(xor(a, c) <= xor(a, b) + xor(b, c)).toBe(true);
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it('keeps the triangle inequality for IDs sharing long prefixes, where it is tight', () => {
    const near = fc.tuple(
      id160,
      fc.nat(160),
      fc.nat(160),
      fc.bigInt({ min: 0n, max: (1n << 160n) - 1n }),
      fc.bigInt({ min: 0n, max: (1n << 160n) - 1n }),
    );
    fc.assert(
      fc.property(near, ([a, lb, lc, mb, mc]) => {
        const x = big(a);
        const y = x ^ (mb & ((1n << BigInt(lb)) - 1n));
        const z = x ^ (mc & ((1n << BigInt(lc)) - 1n));
        expect(x ^ z).toBe(z ^ x);
        expect((x ^ z) <= (x ^ y) + (y ^ z)).toBe(true);
        expect((x ^ y) <= (x ^ z) + (z ^ y)).toBe(true);
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it('gives every other ID a different distance from a node (unidirectional)', () => {
    fc.assert(
      fc.property(id160, id160, id160, (a, b, c) => {
        if (big(b) !== big(c)) expect(xor(a, b)).not.toBe(xor(a, c));
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});
