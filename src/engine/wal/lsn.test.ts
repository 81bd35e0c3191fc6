import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bytePosToEndRecPtr,
  bytePosToRecPtr,
  FIRST_BYTE_POS,
  formatLsn,
  parseLsn,
  recPtrToBytePos,
  segmentFileName,
  segmentOf,
  WAL_PAGE_SIZE,
  WAL_SEGMENT_SIZE,
} from './lsn';

describe('LSN formatting', () => {
  it('prints high and low 32 bits in uppercase hex, as PostgreSQL does', () => {
    expect(formatLsn(0x16b3f28)).toBe('0/16B3F28');
    expect(formatLsn(0)).toBe('0/0');
    expect(formatLsn(2 ** 32 + 0xff)).toBe('1/FF');
  });

  it('parses what it prints, in either case', () => {
    expect(parseLsn('0/16b3f28')).toBe(0x16b3f28);
    expect(parseLsn('1/FF')).toBe(2 ** 32 + 0xff);
    expect(parseLsn('nope')).toBeNull();
  });

  it('names segment files like XLogFileName', () => {
    expect(segmentFileName(1)).toBe('000000010000000000000001');
    expect(segmentFileName(256)).toBe('000000010000000100000000');
    expect(segmentOf(0x1000028)).toBe(1);
  });
});

describe('LSN arithmetic (usable bytes to record pointers)', () => {
  it('puts the first record of a fresh cluster at 0/1000028, after the long page header', () => {
    expect(formatLsn(bytePosToRecPtr(FIRST_BYTE_POS))).toBe('0/1000028');
  });

  it('skips the 24-byte header of every later WAL page', () => {
    const endOfFirstPage = FIRST_BYTE_POS + WAL_PAGE_SIZE - 40;
    expect(bytePosToRecPtr(endOfFirstPage)).toBe(WAL_SEGMENT_SIZE + WAL_PAGE_SIZE + 24);
    // A record ending exactly at the page boundary ends there, not after the next header.
    expect(bytePosToEndRecPtr(endOfFirstPage)).toBe(WAL_SEGMENT_SIZE + WAL_PAGE_SIZE);
  });

  it('round-trips between byte positions and LSNs (1,000 random positions)', () => {
    fc.assert(
      fc.property(fc.integer({ min: FIRST_BYTE_POS, max: 2 ** 40 }), (pos) => {
        expect(recPtrToBytePos(bytePosToRecPtr(pos))).toBe(pos);
        expect(recPtrToBytePos(bytePosToEndRecPtr(pos))).toBe(pos);
      }),
      { numRuns: 1000 },
    );
  });

  it('is monotonic: a later byte position is a later LSN', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 36 }), fc.integer({ min: 1, max: 100_000 }), (a, d) => {
        expect(bytePosToRecPtr(a + d)).toBeGreaterThan(bytePosToRecPtr(a));
      }),
    );
  });
});
