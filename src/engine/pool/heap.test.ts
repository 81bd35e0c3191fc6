import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHeap, peekTime, pop, push, pushReserved, reserve } from './heap';
import { BUCKET_CAP } from './ring';

type Heap = ReturnType<typeof createHeap>;
interface Pushed {
  t: number;
  n: number;
}

/** Pops one event and checks it is the model's first by (time, push number); the model loses it. */
function popFirst(h: Heap, model: Pushed[]): { want: Pushed; rec: number } {
  model.sort((x, y) => x.t - y.t || x.n - y.n);
  const want = model.shift()!;
  expect(peekTime(h)).toBe(want.t);
  const rec = pop(h);
  expect([h.time[rec], h.a[rec]]).toEqual([want.t, want.n]);
  return { want, rec };
}

function expectEmpty(h: Heap) {
  expect(h.size).toBe(0);
  expect(peekTime(h)).toBe(Infinity);
}

describe('When events go through the event heap (fast-check, seed 11)', () => {
  it('they come out by time, ties in push order, across growth and interleaved pops', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.boolean()), { maxLength: 400 }), (ops) => {
        const h = createHeap(2);
        const model: Pushed[] = [];
        let n = 0;
        for (const [t, alsoPop] of ops) {
          push(h, t, 1, n, 1000 - n);
          model.push({ t, n: n++ });
          if (alsoPop) {
            const { want, rec } = popFirst(h, model);
            expect(h.b[rec]).toBe(1000 - want.n);
          }
        }
        while (model.length > 0) popFirst(h, model);
        expectEmpty(h);
      }),
      { seed: 11, numRuns: 200 },
    );
  });
});

describe('When an event is pushed later with a sequence number reserved earlier (fast-check, seed 12)', () => {
  it('it comes out where it would have had it been pushed when the number was taken', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.boolean(), fc.boolean()), { maxLength: 400 }), (ops) => {
        const h = createHeap(2);
        const model: Pushed[] = [];
        // Reserved, not pushed yet: pushed just before the clock could pass them, as idle timers are.
        const held: { t: number; order: number; n: number }[] = [];
        let n = 0;
        let now = 0;
        const popOne = () => {
          while (held.length > 0 && (h.size === 0 || held[0].t <= peekTime(h))) {
            const e = held.shift()!;
            pushReserved(h, e.t, e.order, 2, e.n, 1000 - e.n);
          }
          const { want, rec } = popFirst(h, model);
          expect(h.b[rec]).toBe(1000 - want.n);
          now = want.t;
        };
        for (const [dt, later, alsoPop] of ops) {
          const t = now + dt;
          if (later) held.push({ t, order: reserve(h), n });
          else push(h, t, 1, n, 1000 - n);
          held.sort((x, y) => x.t - y.t || x.order - y.order);
          model.push({ t, n: n++ });
          if (alsoPop) popOne();
        }
        while (model.length > 0) popOne();
        expectEmpty(h);
      }),
      { seed: 12, numRuns: 200 },
    );
  });
});

describe('When events land both within the calendar and beyond it (fast-check, seed 13)', () => {
  it('they come out by time, ties in push order, wherever each one waited', () => {
    // Ahead of the clock by a few µs (one bucket), by half a µs, by a few ms, or by seconds (past the calendar, into the heap).
    const ahead = fc.oneof(
      fc.integer({ min: 0, max: 3 }),
      fc.constant(0.5),
      fc.integer({ min: 0, max: 5_000 }),
      fc.integer({ min: 900_000, max: 5_000_000 }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(ahead, fc.option(fc.nat()), fc.constantFrom(0, 0, 0, 1, 2)), { maxLength: 600 }), (ops) => {
        const h = createHeap(4);
        const model: Pushed[] = [];
        let now = 0;
        let n = 0;
        const popOne = () => {
          now = popFirst(h, model).want.t;
        };
        for (const [dt, tie, pops] of ops) {
          // Or at the very time of an event already waiting, maybe on the other side.
          const t = tie === null || model.length === 0 ? now + dt : model[tie % model.length].t;
          push(h, t, 1, n, 0);
          model.push({ t, n: n++ });
          for (let k = 0; k < pops && model.length > 0; k++) popOne();
        }
        while (model.length > 0) popOne();
        expectEmpty(h);
      }),
      { seed: 13, numRuns: 200 },
    );
  });
});

describe('When a burst of events comes due at one instant', () => {
  it('a bucket holds at most BUCKET_CAP of them, the rest wait in the heap, and all come out in push order', () => {
    const h = createHeap(8);
    const burst = 5_000;
    for (let i = 0; i < burst; i++) push(h, 1_000, 1, i, 0);
    // Without the cap every push walked the whole bucket: 200,000 at one instant never finished.
    expect(h.ringCount).toBeLessThanOrEqual(BUCKET_CAP);
    expect(h.heapSize).toBe(burst - h.ringCount);
    const out: number[] = [];
    for (let i = 0; i < burst; i++) out.push(h.a[pop(h)]);
    expect(out).toEqual(Array.from({ length: burst }, (_, i) => i));
  });
});
