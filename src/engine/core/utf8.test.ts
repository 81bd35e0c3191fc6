import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8 } from './utf8';

describe('When a string is encoded as UTF-8', () => {
  it("gives TextEncoder's bytes for any string, astral characters included (seed 3)", () => {
    const encoder = new TextEncoder();
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect([...utf8(s)]).toEqual([...encoder.encode(s)]);
      }),
      { seed: 3, numRuns: 500 },
    );
    expect([...utf8('é€😀')]).toEqual([0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80]);
  });
});
