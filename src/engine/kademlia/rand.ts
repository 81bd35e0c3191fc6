/**
 * A fast seeded stream for the hot paths (building 100,000 routing tables draws millions of
 * numbers). It is seeded from the engine state's generator (core/rng.ts) at the start of
 * each action and lives only for that action, so the engine state still holds the only
 * generator state and replay from a snapshot draws the same numbers.
 */
import { randInt, type RngState } from '../core/rng';

/** sfc32 (Chris Doty-Humphrey's Small Fast Counter), 32-bit state words. */
export interface Stream {
  /** A uniform integer in [0, n). */
  int(n: number): number;
  /** A uniform float in [0, 1). */
  float(): number;
}

/** A stream seeded by one draw from `rng`, and the advanced generator state. */
export function streamFrom(rng: RngState): [Stream, RngState] {
  const [seed, next] = randInt(rng, -(2 ** 31), 2 ** 31 - 1);
  return [sfc32(seed), next];
}

/** A stream for a fixed seed (tests, and places with no engine state). */
export function sfc32(seed: number): Stream {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed | 0;
  const u32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) u32();
  return {
    int: (n) => Math.floor((u32() / 4294967296) * n),
    float: () => u32() / 4294967296,
  };
}
