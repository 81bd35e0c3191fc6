import { describe, expect, it } from 'vitest';
import { columnsOf, commonPrefixSuffix, tupleDataLength, heapTupleLen, indexTupleSize, rowLayout, tupleData, tupleHoff } from './tuple';

// Figures from PostgreSQL 15 (pg_waldump and page images of accounts(name text primary key, balance int)).
describe('When a row is laid out as PostgreSQL lays out a heap tuple', () => {
  it('puts short text behind a 1-byte header and aligns an int4 to 4 bytes', () => {
    const alice = tupleData(rowLayout('alice', { balance: 100 }));
    // 0x0d = (6 << 1) | 1: a 1-byte varlena of 6 bytes; 2 bytes of padding; 100 little-endian.
    expect(alice).toEqual([0x0d, 0x61, 0x6c, 0x69, 0x63, 0x65, 0, 0, 100, 0, 0, 0]);
    expect(heapTupleLen(rowLayout('alice', { balance: 100 }))).toBe(36);
    expect(heapTupleLen(rowLayout('bob', { balance: 50 }))).toBe(32);
  });

  it('gives long text a 4-byte header aligned to 4, and int8 and float8 an 8-byte alignment', () => {
    const long = tupleData(rowLayout('a', { balance: 100, note: 'x'.repeat(2600) }));
    // 'a' (2) + pad (2) + int4 (4) + header (4) + 2600.
    expect(long.length).toBe(2612);
    expect(long.slice(8, 12)).toEqual([0xb0, 0x28, 0, 0]); // (2604 << 2) little-endian
    expect(tupleData(rowLayout('k', { big: 2 ** 40 })).length).toBe(16);
    expect(tupleData(rowLayout('k', { ratio: 0.5, ok: true })).length).toBe(17);
    // A float8 column keeps 8 bytes for a whole number: the table's type decides, not the value.
    expect(tupleData(rowLayout('k', { ratio: 3 }, [{ name: 'ratio', type: 'float8' }])).length).toBe(16);
    expect(tupleData(rowLayout('k', { ratio: 3 })).length).toBe(8);
  });

  it('lays a row out in its table’s column order, NULL where the row has no value', () => {
    const columns = columnsOf({ balance: 1, note: 'n' });
    expect(columns).toEqual([
      { name: 'balance', type: 'int4' },
      { name: 'note', type: 'text' },
    ]);
    expect(rowLayout('k', { note: 'n', balance: 2 }, columns).values).toEqual(['k', 2, 'n']);
    expect(rowLayout('k', { note: 'n' }, columns).values).toEqual(['k', null, 'n']);
  });

  it('measures the data area without building it, to the byte (seed 11)', () => {
    const cols = columnsOf({ a: 1, b: 'x', c: 0.5, d: true });
    const texts = ['', 'é', '€uro', '😀', 'q'.repeat(126), 'q'.repeat(127), 'ü'.repeat(70)];
    for (let i = 0; i < 200; i++) {
      const row = {
        a: i % 3 === 0 ? null : i * 7919 - 500,
        b: texts[(i * 5) % texts.length],
        c: i % 4 === 0 ? null : i / 3,
        d: i % 2 === 0,
      };
      const layout = rowLayout(`k${i}`, row, cols);
      expect(tupleDataLength(layout)).toBe(tupleData(layout).length);
    }
    // int8 -2^40 after 'k' and its padding: two's complement, little-endian.
    expect(tupleData(rowLayout('k', { big: -(2 ** 40) })).slice(8)).toEqual([0, 0, 0, 0, 0, 0xff, 0xff, 0xff]);
  });

  it('adds a null bitmap to the header only when a column is NULL', () => {
    expect(tupleHoff(rowLayout('k', { a: 1 }))).toBe(24);
    expect(tupleHoff(rowLayout('k', { a: null }))).toBe(24);
    expect(tupleHoff(rowLayout('k', { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: null }))).toBe(32);
  });

  it('sizes a btree entry as its header and key, MAXALIGNed', () => {
    expect(indexTupleSize('carol')).toBe(16);
    expect(indexTupleSize('bob')).toBe(16);
    expect(indexTupleSize('a'.repeat(8))).toBe(24);
  });

  it('finds the bytes an UPDATE shares with the old version, keeping only runs of 3 or more', () => {
    const before = tupleData(rowLayout('alice', { balance: 100 }));
    const after = tupleData(rowLayout('alice', { balance: 70 }));
    expect(commonPrefixSuffix(before, after)).toEqual({ prefix: 8, suffix: 3 });
    expect(commonPrefixSuffix([1, 2, 9, 4], [1, 2, 8, 4])).toEqual({ prefix: 0, suffix: 0 });
  });
});
