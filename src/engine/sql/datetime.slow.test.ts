import { describe, expect, it } from 'vitest';
import { dateOfDay, dayNumber } from './datetime';

/* A sweep of 3.65 million days: in the slow project (vitest.config.ts); datetime.test.ts has the quick cases. */
describe('When dates are counted in days', () => {
  it('every day from year 1 to 9999 maps to its number and back', () => {
    const wrong: number[] = [];
    for (let n = dayNumber('0001-01-01'); n <= dayNumber('9999-12-31'); n += 1) if (dayNumber(dateOfDay(n)) !== n) wrong.push(n);
    expect(wrong).toEqual([]);
  });
});
