import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { RngState } from '../core/rng';

type Generator = ReturnType<typeof xoroshiro128plusFromState>;

/**
 * While a simulation runs its event loop, one generator object serves all its draws and
 * its state is written back at the end (`withGenerator`); a draw outside the loop makes
 * its own. Either way the numbers are those of the state kept in the simulation.
 */
let running: { owner: object; g: Generator } | null = null;

/** Run `f` with one generator for `sim`'s draws; the state goes back into `sim.rng` after. */
export function withGenerator<T>(sim: { rng: RngState }, f: () => T): T {
  if (running) return f();
  running = { owner: sim, g: xoroshiro128plusFromState(sim.rng) };
  try {
    return f();
  } finally {
    sim.rng = running.g.getState();
    running = null;
  }
}

/**
 * Draws from the simulation's seeded generator (the same xoroshiro128+ as core/rng.ts,
 * whose state lives in the simulation's state). Exponential times for Poisson arrivals
 * and think times, uniform ones for staggering.
 */
export function draw(sim: { rng: RngState }, kind: 'exp' | 'uniform', meanUs: number): number {
  let u: number;
  if (running && running.owner === sim) u = uniformFloat64(running.g);
  else {
    const g = xoroshiro128plusFromState(sim.rng);
    u = uniformFloat64(g);
    sim.rng = g.getState();
  }
  // Whole µs keep the clock on integers; an exponential time is at least 1 µs.
  return kind === 'exp' ? Math.max(1, Math.round(-Math.log(1 - u) * meanUs)) : Math.round(u * meanUs);
}
