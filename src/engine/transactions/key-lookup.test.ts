import { describe, expect, it } from 'vitest';
import { tuplesWithKey } from './key-lookup';
import type { Column, Tuple } from './types';

const col = (type: Column['type']): Column => ({ name: 'id', type, scale: null, notNull: true });
const tuple = (id: number, key: number | string | null): Tuple => ({
  id,
  row: id,
  values: [key],
  xmin: 3,
  cmin: 0,
  xmax: 0,
  cmax: 0,
  xmaxMode: 'update',
  next: -1,
  locks: [],
  hints: 0,
});

describe('When a scan looks a key up instead of reading every version', () => {
  it('finds every version with the key, in ctid order, including versions appended after an earlier lookup', () => {
    const tuples = [tuple(0, 1), tuple(1, 2), tuple(2, 1)];
    expect(tuplesWithKey(tuples, col('integer'), 0, 1)).toEqual([0, 2]);
    tuples.push(tuple(3, 2), tuple(4, 1), tuple(5, null));
    expect(tuplesWithKey(tuples, col('integer'), 0, 1)).toEqual([0, 2, 4]);
    expect(tuplesWithKey(tuples, col('integer'), 0, 2)).toEqual([1, 3]);
    expect(tuplesWithKey(tuples, col('integer'), 0, 7)).toEqual([]);
  });

  it('finds keys far apart, negative, fractional or large, and keys that become dense after the table grows', () => {
    const keys = [5000, -3, 1, 2.5, 2 ** 40, 7, 5000];
    const tuples = keys.map((k, i) => tuple(i, k));
    const ids = (k: number) => tuplesWithKey(tuples, col('bigint'), 0, k);
    expect(ids(5000)).toEqual([0, 6]);
    expect(ids(-3)).toEqual([1]);
    expect(ids(2.5)).toEqual([3]);
    expect(ids(2 ** 40)).toEqual([4]);
    expect(ids(3)).toEqual([]);
    // Enough rows that 5000 falls in the dense range: its versions move there, and more are added.
    for (let i = tuples.length; i < 3000; i++) tuples.push(tuple(i, i));
    tuples.push(tuple(3000, 5000));
    expect(ids(5000)).toEqual([0, 6, 3000]);
    expect(ids(7)).toEqual([5, 7]);
    expect(ids(2999)).toEqual([2999]);
    expect(ids(-3)).toEqual([1]);
    expect(ids(1)).toEqual([2]);
  });

  it('declines a bound of another type (the scan compares with coercion instead), and NULL', () => {
    const tuples = [tuple(0, 1)];
    expect(tuplesWithKey(tuples, col('integer'), 0, '1')).toBeNull();
    expect(tuplesWithKey(tuples, col('text'), 0, 1)).toBeNull();
    expect(tuplesWithKey(tuples, col('integer'), 0, null)).toBeNull();
    expect(tuplesWithKey(tuples, col('numeric'), 0, 1)).toBeNull();
  });

  it('keeps a separate map for a cloned table, so a snapshot never sees the other timeline', () => {
    const a = [tuple(0, 5)];
    const b = a.slice();
    b.push(tuple(1, 5));
    expect(tuplesWithKey(a, col('integer'), 0, 5)).toEqual([0]);
    expect(tuplesWithKey(b, col('integer'), 0, 5)).toEqual([0, 1]);
  });
});
