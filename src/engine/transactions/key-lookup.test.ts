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
