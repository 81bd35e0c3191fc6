/** Small statistics helpers for the benchmarks. */
import type { Figure } from './types';

/** The q-quantile (0..1) of the samples by linear interpolation between closest ranks. */
function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export const median = (samples: readonly number[]): number => quantile(samples, 0.5);
export const p95 = (samples: readonly number[]): number => quantile(samples, 0.95);
export const max = (samples: readonly number[]): number =>
  samples.length === 0 ? Number.NaN : samples.reduce((a, b) => (b > a ? b : a), Number.NEGATIVE_INFINITY);

/** Round for printing and JSON: a few significant decimals are plenty. */
export const round = (n: number, digits = 2): number => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

/**
 * The three figures of a timed run repeated several times: the first run (the engine's JIT
 * warm-up included), the median of the warm runs, both against `targetMs`, and the median
 * cost per item (a permutation, a run) in µs.
 */
export function coldWarmFigures(
  what: string,
  times: readonly number[],
  targetMs: number,
  per: { readonly name: string; readonly count: number; readonly note: string },
  coldNote: string,
): Figure[] {
  const [cold, ...warm] = times;
  const target = { op: '<', value: targetMs } as const;
  return [
    { name: `${what}, first run`, value: round(cold, 0), unit: 'ms', target, note: coldNote },
    { name: `${what}, median`, value: round(median(warm), 0), unit: 'ms', target, note: `median of ${warm.length} warm runs` },
    { name: per.name, value: round((median(warm) * 1000) / per.count, 0), unit: 'µs', note: per.note },
  ];
}
