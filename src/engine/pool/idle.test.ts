import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dueTimers, startIdleTimer } from './idle';
import { createSim } from './sim';
import type { Conn, SimConfig } from './types';

const cfg: SimConfig = {
  pooled: true,
  max: 10,
  idleTimeoutUs: 1000,
  connectionTimeoutUs: 0,
  maxConnections: 10,
  rttUs: 12,
  authRoundTrips: 2,
  backendStartUs: 100,
  lanes: 4,
  windowUs: 1000,
};

describe('When the meter counts idle timers as the clock passes them (fast-check, seed 13)', () => {
  it('counts each timer started once, by its due time, over thousands of timers', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12_000 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.array(fc.integer({ min: 0, max: 3000 }), { maxLength: 30 }),
        (count, spread, steps) => {
          // Releases 0 to 3 µs apart, several often in the same µs.
          const gaps = Array.from({ length: count }, (_, i) => ((i * spread) >> 3) % 4);
          const sim = createSim(cfg, 1, 100_000);
          const c: Conn = {
            id: 1,
            slot: 0,
            state: 2,
            req: -1,
            reqId: 0,
            idleGen: -1,
            idleDue: 0,
            idleOrder: 0,
            backend: true,
            openedAt: 0,
            segs: [],
          };
          const due: number[] = [];
          for (const g of gaps) {
            sim.now += g;
            startIdleTimer(sim, c);
            due.push(sim.now + cfg.idleTimeoutUs);
          }
          let until = 0;
          let counted = 0;
          for (const s of [...steps, Infinity]) {
            until += s;
            const n = dueTimers(sim.idleTimers, until);
            const want = due.filter((d) => d <= until).length - counted;
            expect(n).toBe(want);
            counted += n;
          }
          expect(counted).toBe(gaps.length);
        },
      ),
      { seed: 13, numRuns: 60 },
    );
  });
});
