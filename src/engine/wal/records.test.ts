import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lowerBound, reserve } from './log';
import { FIRST_BYTE_POS, formatLsn } from './lsn';
import { dataOnlySize, imageSize, recordSize } from './records';

describe('When a record is sized', () => {
  it('gives the sizes pg_waldump prints for PostgreSQL 15 (COMMIT 34, DELETE 54, CHECKPOINT 114)', () => {
    expect(recordSize('COMMIT')).toBe(34);
    expect(recordSize('ABORT')).toBe(34);
    expect(recordSize('DELETE')).toBe(54);
    expect(recordSize('CHECKPOINT_ONLINE')).toBe(114);
  });

  it('grows with the tuple data, and by one block reference when an UPDATE moves the row', () => {
    expect(recordSize('INSERT', 10) - recordSize('INSERT', 0)).toBe(10);
    expect(recordSize('UPDATE', 10, true) - recordSize('UPDATE', 10, false)).toBe(20);
  });

  it('adds a page image as the page minus its hole, plus the image header', () => {
    expect(imageSize(8192, 8000)).toBe(197);
    expect(dataOnlySize(6)).toBe(32);
  });
});

describe('When WAL space is reserved', () => {
  it('puts the first record of a fresh cluster at 0/1000028 and the next one MAXALIGNed after it', () => {
    const at = { bytePos: FIRST_BYTE_POS };
    const first = reserve(at, 34);
    expect(formatLsn(first.lsn)).toBe('0/1000028');
    expect(formatLsn(first.end)).toBe('0/1000050');
    expect(formatLsn(reserve(at, 34).lsn)).toBe('0/1000050');
  });

  it('finds the first record at or after any LSN (seed 7)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 9000 }), { maxLength: 60 }), fc.nat(400_000), (sizes, probe) => {
        const at = { bytePos: FIRST_BYTE_POS };
        const records = sizes.map((n) => reserve(at, n));
        const i = lowerBound(records, records.length > 0 ? records[0].lsn + probe : probe);
        const target = records.length > 0 ? records[0].lsn + probe : probe;
        expect(records.slice(0, i).every((r) => r.lsn < target)).toBe(true);
        expect(records.slice(i).every((r) => r.lsn >= target)).toBe(true);
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});
