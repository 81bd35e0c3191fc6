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
  /** Write the 4 state words at `out[at..at+3]`, so `load(out, at)` continues from here. */
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
  const stream = new Sfc32();
  stream.load(Int32Array.of(0x9e3779b9, 0x243f6a88, 0xb7e15162, seed | 0), 0);
  for (let i = 0; i < 12; i++) stream.u32();
  return stream;
}

/**
 * sfc32's four state words, stepped in place. The hot loops that settle a million routing
 * tables keep one and call `u32`, which V8 inlines.
 */
export class Sfc32 implements Stream {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;

  /** The next 32 bits, as an unsigned integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  int(n: number): number {
    return Math.floor((this.u32() / 4294967296) * n);
  }

  float(): number {
    return this.u32() / 4294967296;
  }

  save(out: Int32Array, at: number): void {
    out[at] = this.a;
    out[at + 1] = this.b;
    out[at + 2] = this.c;
    out[at + 3] = this.d;
  }

  load(state: Int32Array, at: number): void {
    this.a = state[at];
    this.b = state[at + 1];
    this.c = state[at + 2];
    this.d = state[at + 3];
  }
}
