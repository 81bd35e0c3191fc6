import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHeap, peekTime, pop, push, pushLate } from './heap';

describe('When events go through the event heap (fast-check, seed 11)', () => {
  it('they come out by time, ties in push order, across growth and interleaved pops', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.boolean()), { maxLength: 400 }), (ops) => {
        const h = createHeap(2);
        const model: { t: number; n: number }[] = [];
        let n = 0;
        for (const [t, alsoPop] of ops) {
          push(h, t, 1, n, 1000 - n);
          model.push({ t, n: n++ });
          if (alsoPop) {
            model.sort((x, y) => x.t - y.t || x.n - y.n);
            const want = model.shift()!;
            expect(peekTime(h)).toBe(want.t);
            const rec = pop(h);
            expect([h.time[rec], h.a[rec], h.b[rec]]).toEqual([want.t, want.n, 1000 - want.n]);
          }
        }
        model.sort((x, y) => x.t - y.t || x.n - y.n);
        for (const want of model) expect(h.a[pop(h)]).toBe(want.n);
        expect(h.size).toBe(0);
        expect(peekTime(h)).toBe(Infinity);
      }),
      { seed: 11, numRuns: 200 },
    );
  });
});

describe('When some events go through the FIFO lane (fast-check, seed 12)', () => {
  it('they come out in the same order as through the heap alone, lane events late or not', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.boolean(), fc.boolean()), { maxLength: 400 }), (ops) => {
        const h = createHeap(2);
        const model: { t: number; n: number }[] = [];
        let n = 0;
        let laneT = 0;
        for (const [dt, late, alsoPop] of ops) {
          // Mostly non-decreasing lane times, as with a fixed timer delay, sometimes earlier.
          const t = late ? (laneT += dt % 7) - (dt === 50 ? 5 : 0) : dt;
          if (late) pushLate(h, t, 2, n, 1000 - n);
          else push(h, t, 1, n, 1000 - n);
          model.push({ t, n: n++ });
          if (alsoPop) {
            model.sort((x, y) => x.t - y.t || x.n - y.n);
            const want = model.shift()!;
            expect(peekTime(h)).toBe(want.t);
            const rec = pop(h);
            expect([h.time[rec], h.a[rec], h.b[rec]]).toEqual([want.t, want.n, 1000 - want.n]);
          }
        }
        model.sort((x, y) => x.t - y.t || x.n - y.n);
        for (const want of model) expect(h.a[pop(h)]).toBe(want.n);
        expect(h.size).toBe(0);
        expect(peekTime(h)).toBe(Infinity);
      }),
      { seed: 12, numRuns: 200 },
    );
  });
});
