import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';

/**
 * The generator's state as plain numbers. It lives inside the engine state, so a
 * snapshot of the state is also a snapshot of the generator, and replay from a
 * snapshot draws the same numbers as running forward did.
 */
export type RngState = readonly number[];

/** One step of SplitMix32 (Steele, Lea and Flood's mixer, 32-bit variant): a well-spread word from a counter. */
function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) | 0;
}

/**
 * A fresh generator state for a scenario seed. The seed goes through SplitMix32 into all four
 * state words, as xoroshiro's authors advise: seeded directly, nearby small seeds start from
 * nearly equal states and the first draws are almost the same (a first float near 1.0 for every
 * small seed).
 */
export function seedRng(seed: number): RngState {
  const words: number[] = [];
  let x = seed | 0;
  for (let i = 0; i < 4; i++) {
    x = (x + 0x9e3779b9) | 0;
    words.push(splitmix32(x));
  }
  // An all-zero state would only ever yield zeros; SplitMix32 never gives four zeros, but be sure.
  if (!words.some((w) => w !== 0)) words[0] = 1;
  return xoroshiro128plusFromState(words).getState();
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
