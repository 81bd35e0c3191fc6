import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatLsn } from './lsn';
import { isFlushed, logCrash, logFlush, logInsert, logSince, lowerBound, lowerBoundBefore, newLog } from './log';

describe('When records go into a small WAL', () => {
  it('the first starts at 0/1000028 and each starts where the previous one ended, MAXALIGNed', () => {
    const log = newLog<{ n: number }>();
    const a = logInsert(log, { n: 1 }, 34);
    const b = logInsert(log, { n: 2 }, 81);
    expect(formatLsn(a.lsn)).toBe('0/1000028');
    expect(b.lsn).toBe(a.end);
    expect(a.end - a.lsn).toBe(40);
    expect(log.insert).toBe(b.end);
  });

  it('a crash keeps only flushed records, and the next insert reuses the lost space', () => {
    const log = newLog<{ n: number }>();
    logInsert(log, { n: 1 }, 40);
    expect(logFlush(log)).toBe(true);
    expect(logFlush(log)).toBe(false);
    const lost = logInsert(log, { n: 2 }, 40);
    expect(isFlushed(log, lost)).toBe(false);
    expect(logCrash(log).map((r) => r.n)).toEqual([2]);
    expect(log.records.map((r) => r.n)).toEqual([1]);
    const again = logInsert(log, { n: 3 }, 40);
    expect(again.lsn).toBe(lost.lsn);
    expect(logSince(log, again.lsn).map((r) => r.n)).toEqual([3]);
    expect(log.fsyncs).toBe(1);
  });
});

describe('When a position is searched back from the end of the records (lowerBoundBefore)', () => {
  it('finds what the binary search over the whole log finds, capped at the end it was given (fast-check, seed 20261207)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 400 }), { maxLength: 70 }),
        fc.integer({ min: -5, max: 405 }),
        fc.nat(),
        (lsns, ptr, cut) => {
          const records = [...lsns].sort((a, b) => a - b).map((lsn) => ({ lsn }));
          const end = records.length === 0 ? 0 : cut % (records.length + 1);
          expect(lowerBoundBefore(records, ptr, end)).toBe(Math.min(lowerBound(records, ptr), end));
          expect(lowerBoundBefore(records, ptr)).toBe(lowerBound(records, ptr));
        },
      ),
      { seed: 20261207, numRuns: 2000 },
    );
  });
});
