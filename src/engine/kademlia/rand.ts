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
  /** Write the 4 state words at `out[at..at+3]`, so `resumed(out, at)` continues from here. */
  save(out: Int32Array, at: number): void;
  /** Continue from the 4 state words at `state[at..at+3]` (as `save` wrote them). */
  load(state: Int32Array, at: number): void;
}

/** A stream seeded by one draw from `rng`, and the advanced generator state. */
export function streamFrom(rng: RngState): [Stream, RngState] {
  const [seed, next] = randInt(rng, -(2 ** 31), 2 ** 31 - 1);
  return [sfc32(seed), next];
}

/** A stream for a fixed seed (tests, and places with no engine state). */
export function sfc32(seed: number): Stream {
  const s = Int32Array.of(0x9e3779b9, 0x243f6a88, 0xb7e15162, seed | 0);
  const stream = resumed(s, 0);
  for (let i = 0; i < 12; i++) stream.int(1);
  return stream;
}

/** The stream whose state `save` wrote at `state[at..at+3]` (the array is not kept). */
function resumed(state: Int32Array, at: number): Stream {
  let a = state[at];
  let b = state[at + 1];
  let c = state[at + 2];
  let d = state[at + 3];
  const u32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  return {
    int: (n) => Math.floor((u32() / 4294967296) * n),
    float: () => u32() / 4294967296,
    save: (out, i) => {
      out[i] = a;
      out[i + 1] = b;
      out[i + 2] = c;
      out[i + 3] = d;
    },
    load: (state, i) => {
      a = state[i];
      b = state[i + 1];
      c = state[i + 2];
      d = state[i + 3];
    },
  };
}
