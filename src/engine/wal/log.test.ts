import { describe, expect, it } from 'vitest';
import { formatLsn } from './lsn';
import { isFlushed, logCrash, logFlush, logInsert, logSince, newLog } from './log';

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
