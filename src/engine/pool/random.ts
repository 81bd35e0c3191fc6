import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { RngState } from '../core/rng';

/**
 * Draws from the simulation's seeded generator (the same xoroshiro128+ as core/rng.ts,
 * whose state lives in the simulation's state). Exponential times for Poisson arrivals
 * and think times, uniform ones for staggering.
 */
export function draw(sim: { rng: RngState }, kind: 'exp' | 'uniform', meanUs: number): number {
  const g = xoroshiro128plusFromState(sim.rng);
  const u = uniformFloat64(g);
  sim.rng = g.getState();
  // Whole µs keep the clock on integers; an exponential time is at least 1 µs.
  return kind === 'exp' ? Math.max(1, Math.round(-Math.log(1 - u) * meanUs)) : Math.round(u * meanUs);
}
