import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';

/**
 * The generator's state as plain numbers. It lives inside the engine state, so a
 * snapshot of the state is also a snapshot of the generator, and replay from a
 * snapshot draws the same numbers as running forward did.
 */
export type RngState = readonly number[];

/** A fresh generator state for a scenario seed. */
export function seedRng(seed: number): RngState {
  return xoroshiro128plus(seed | 0).getState();
}

/** A uniform integer in [from, to] and the advanced generator state. */
export function randInt(rng: RngState, from: number, to: number): [number, RngState] {
  const g = xoroshiro128plusFromState(rng);
  const value = uniformInt(g, from, to);
  return [value, g.getState()];
}

/** A uniform float in [0, 1) and the advanced generator state. */
export function randFloat(rng: RngState): [number, RngState] {
  const g = xoroshiro128plusFromState(rng);
  const value = uniformFloat64(g);
  return [value, g.getState()];
}
