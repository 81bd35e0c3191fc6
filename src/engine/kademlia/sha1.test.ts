import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha1Hex } from './sha1';

describe('When SHA-1 hashes a string', () => {
  it('gives the FIPS 180 test vectors', () => {
    expect(sha1Hex('')).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    expect(sha1Hex('abc')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(sha1Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('84983e441c3bd26ebaae4aa1f95129e5e54670f1');
  });

  it('gives the article peers their IDs (first bytes of SHA-1 of "localhost:800x")', () => {
    expect(['8000', '8001', '8002', '8003', '8004'].map((p) => sha1Hex(`localhost:${p}`).slice(0, 4))).toEqual([
      '7f5a',
      'e7a3',
      '09bf',
      '790f',
      '4759',
    ]);
  });

  it('agrees with node:crypto on any string, padding boundaries included (seed 1)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        expect(sha1Hex(s)).toBe(createHash('sha1').update(s, 'utf8').digest('hex'));
      }),
      { seed: 1, numRuns: 300 },
    );
  });
});
