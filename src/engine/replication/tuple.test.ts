import { describe, expect, it } from 'vitest';
import { commonPrefixSuffix } from '../wal/tuple';
import { insertData, updateData } from './tuple';

/** The data area of (key text, value int4) as heap_fill_tuple lays it out: short varlena, zero padding to 4, little-endian int4. */
function row(key: string, value: number): number[] {
  const bytes = [((key.length + 1) << 1) | 1, ...Array.from(key, (c) => c.charCodeAt(0))];
  while (bytes.length % 4 !== 0) bytes.push(0);
  for (let i = 0; i < 4; i++) bytes.push((value >> (8 * i)) & 255);
  return bytes;
}

/** log_heap_update's rule on those bytes: prefix and suffix of 3 bytes or more left out, 2 bytes logged for each. */
function logged(key: string, before: number, after: number): number {
  const n = row(key, after);
  const { prefix, suffix } = commonPrefixSuffix(row(key, before), n);
  return n.length - prefix - suffix + (prefix ? 2 : 0) + (suffix ? 2 : 0);
}

describe('When an int4 value replaces another after a short ASCII key', () => {
  it('the UPDATE logs what the byte-level comparison of the two tuples gives, for any pair of values', () => {
    let seed = 20261207;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    const values = () => [
      next() | 0,
      (next() % 512) - 256,
      next() % 70_000,
      [0, -1, 255, 256, 65_536, 2 ** 31 - 1, -(2 ** 31) + 1][next() % 7],
    ];
    const wrong: string[] = [];
    for (const key of ['a', 'abc', 'abcd', 'alice', 'x'.repeat(126)])
      for (let i = 0; i < 2_000; i++) {
        const [a, b] = [values()[next() % 4], values()[next() % 4]];
        if (updateData(key, a, b) !== logged(key, a, b)) wrong.push(`${key.length} ${a} → ${b}`);
        if (insertData(key, b) !== row(key, b).length) wrong.push(`INSERT ${key.length} ${b}`);
      }
    expect(wrong).toEqual([]);
  });
});
