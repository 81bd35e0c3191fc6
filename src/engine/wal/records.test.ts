import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lowerBound, reserve } from './log';
import { FIRST_BYTE_POS, formatLsn } from './lsn';
import {
  assembleSize,
  checkpointLength,
  dataOnlySize,
  imageSize,
  MAIN_DATA,
  pageImageBytes,
  recordSize,
  runningXactsLength,
  xactLength,
} from './records';

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

describe('When a record is assembled block by block (PostgreSQL 15, pg_waldump rec/tot)', () => {
  const block = (data: number, image = 0, sameRel = false) => ({ data, image, sameRel });

  it('gives the bank transfer: HOT_UPDATE 65/213 with the page image, 71/71 without, COMMIT 34', () => {
    // The page after the update: 3 line pointers (pd_lower 36), 112 bytes of tuples.
    const image = pageImageBytes(8192, 36, 8192 - 112);
    expect(image).toBe(148);
    expect(assembleSize(MAIN_DATA.HEAP_UPDATE, [block(0, image)])).toEqual({ rec: 65, tot: 213 });
    // prefix and suffix lengths (4) + xl_heap_header (5) + padding to t_hoff (1) + 1 changed byte.
    expect(assembleSize(MAIN_DATA.HEAP_UPDATE, [block(4 + 5 + 1 + 1)])).toEqual({ rec: 71, tot: 71 });
    expect(xactLength()).toEqual({ rec: 34, tot: 34 });
  });

  it('gives INSERT 67, INSERT_LEAF 53/153 with the leaf image, DELETE 59/287, the checkpoint 50 + 114', () => {
    expect(assembleSize(MAIN_DATA.HEAP_INSERT, [block(5 + 1 + 12)]).tot).toBe(67);
    expect(assembleSize(MAIN_DATA.BTREE_INSERT, [block(16, pageImageBytes(8192, 36, 8128))])).toEqual({ rec: 53, tot: 153 });
    expect(assembleSize(MAIN_DATA.BTREE_INSERT, [block(16)]).tot).toBe(64);
    expect(assembleSize(MAIN_DATA.HEAP_DELETE, [block(0, pageImageBytes(8192, 44, 8192 - 184))])).toEqual({ rec: 59, tot: 287 });
    expect(runningXactsLength(0).tot).toBe(50);
    expect(runningXactsLength(2).tot).toBe(58);
    expect(checkpointLength().tot).toBe(114);
  });

  it('drops the RelFileLocator of a second block of the same relation', () => {
    const one = assembleSize(MAIN_DATA.HEAP_UPDATE, [block(20)]).tot;
    expect(assembleSize(MAIN_DATA.HEAP_UPDATE, [block(20), block(0, 0, true)]).tot - one).toBe(8);
  });

  it('keeps the whole page when its header does not describe a hole', () => {
    expect(pageImageBytes(8192, 0, 0)).toBe(8192);
  });
});
