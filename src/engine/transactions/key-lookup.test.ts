import { describe, expect, it } from 'vitest';
import { keyedValues, tuplesWithKey } from './key-lookup';
import type { Column, Tuple } from './types';

const col = (type: Column['type']): Column => ({ name: 'id', type, scale: null, notNull: true });
const tuple = (id: number, key: number | string | null, ...rest: (number | string | null)[]): Tuple => ({
  id,
  row: id,
  values: [key, ...rest],
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

  it("gives the values of a key's one version from its copy beside the slot, and none once the key has several versions", () => {
    const tuples = [tuple(0, 1, 'a', 10), tuple(1, 2, 'b', 20)];
    expect(tuplesWithKey(tuples, col('integer'), 0, 2)).toEqual([1]);
    expect(keyedValues(tuples, 0, 2)).toEqual([2, 'b', 20]);
    expect(keyedValues(tuples, 0, 1)).toEqual([1, 'a', 10]);
    expect(keyedValues(tuples, 0, 3)).toBeUndefined();
    // A second version of key 1 (an update): the reader takes each version's own values.
    tuples.push(tuple(2, 1, 'c', 30), tuple(3, 3, 'd', 40));
    expect(tuplesWithKey(tuples, col('integer'), 0, 1)).toEqual([0, 2]);
    expect(keyedValues(tuples, 0, 1)).toBeUndefined();
    expect(keyedValues(tuples, 0, 3)).toEqual([3, 'd', 40]);
    // Keys outside the dense array have no copy.
    tuples.push(tuple(4, 2 ** 40, 'e', 50));
    expect(tuplesWithKey(tuples, col('bigint'), 0, 2 ** 40)).toEqual([4]);
    expect(keyedValues(tuples, 0, 2 ** 40)).toBeUndefined();
  });

  it('keeps the copies right when keys far apart become dense after the table grows', () => {
    const tuples = [tuple(0, 5000, 'far')];
    expect(tuplesWithKey(tuples, col('integer'), 0, 5000)).toEqual([0]);
    expect(keyedValues(tuples, 0, 5000)).toBeUndefined();
    for (let i = 1; i < 3000; i++) tuples.push(tuple(i, i, `v${i}`));
    // A key past the dense array's room grows it: 5000 moves in from the map.
    tuples.push(tuple(3000, 4500, 'grow'));
    expect(tuplesWithKey(tuples, col('integer'), 0, 5000)).toEqual([0]);
    expect(keyedValues(tuples, 0, 4500)).toEqual([4500, 'grow']);
    expect(keyedValues(tuples, 0, 5000)).toEqual([5000, 'far']);
    expect(keyedValues(tuples, 0, 2999)).toEqual([2999, 'v2999']);
  });
});
