import { describe, expect, it } from 'vitest';
import { dateOfDay, dayNumber, toDateTime } from './datetime';
import { showTimestamptz, toTimestamptz, withTimeZone } from './tz';

/* PostgreSQL's own answers for these are in test/differential/specs (types*.spec, timestamptz*.spec). */
describe('When dates are counted in days', () => {
  it('leap years follow the Gregorian rules, and years below 100 are not taken as 19xx', () => {
    expect(toDateTime('2000-02-29', 'date')).toBe('2000-02-29');
    expect(() => toDateTime('1900-02-29', 'date')).toThrow('date/time field value out of range');
    expect(dateOfDay(dayNumber('0099-12-31') + 1)).toBe('0100-01-01');
    expect(toDateTime('2024-12-31 24:00:00', 'timestamp')).toBe('2025-01-01 00:00:00');
  });
});

describe('When a timestamptz meets a time zone', () => {
  it('a fall-back fold takes the later instant and a spring-forward gap the offset before it', () => {
    withTimeZone('America/New_York', () => {
      expect(showTimestamptz(toTimestamptz('2026-11-01 01:30'))).toBe('2026-11-01 01:30:00-05');
      expect(showTimestamptz(toTimestamptz('2026-03-08 02:30'))).toBe('2026-03-08 03:30:00-04');
    });
  });

  it('is stored as UTC whatever zone read it, and shown with half-hour offsets', () => {
    const stored = withTimeZone('Asia/Kolkata', () => toTimestamptz('2026-01-01 10:00'));
    expect(stored).toBe('2026-01-01 04:30:00+00');
    expect(withTimeZone('Asia/Kolkata', () => showTimestamptz(stored))).toBe('2026-01-01 10:00:00+05:30');
    expect(withTimeZone('-03', () => showTimestamptz(stored))).toBe('2026-01-01 01:30:00-03');
  });
});
