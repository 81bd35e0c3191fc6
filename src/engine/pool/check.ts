import type { CheckResult } from '../core/lab';
import type { Expected, ExpectedCounts } from './schema';
import type { SimView } from './view';

type Bound = NonNullable<ExpectedCounts['completed']>;

/** The value of an expected field in a simulation's view. */
function actual(v: SimView, key: keyof ExpectedCounts): number | null {
  switch (key) {
    case 'clients':
    case 'idle':
    case 'waiting':
    case 'backends':
      return v[key];
    case 'p50Ms':
      return v.p50;
    case 'p99Ms':
      return v.p99;
    case 'meanMs':
      return v.meanMs;
    default:
      return v.counters[key];
  }
}

function checkCounts(v: SimView, expected: ExpectedCounts, who: string, failures: string[]): void {
  for (const [key, bound] of Object.entries(expected) as [keyof ExpectedCounts, Bound | undefined][]) {
    if (bound === undefined) continue;
    const got = actual(v, key);
    const shown = got === null ? 'none' : got.toLocaleString('en');
    if (typeof bound === 'number') {
      if (got !== bound) failures.push(`${who}${key} is ${shown}, expected ${bound.toLocaleString('en')}.`);
    } else {
      if (bound.min !== undefined && (got === null || got < bound.min))
        failures.push(`${who}${key} is ${shown}, expected at least ${bound.min.toLocaleString('en')}.`);
      if (bound.max !== undefined && (got === null || got > bound.max))
        failures.push(`${who}${key} is ${shown}, expected at most ${bound.max.toLocaleString('en')}.`);
    }
  }
}

/** Compare a run's views with a preset's expected outcome. */
export function check(main: SimView, withoutPool: SimView | null, expected: Expected): CheckResult {
  const failures: string[] = [];
  const { withoutPool: other, ...counts } = expected;
  checkCounts(main, counts, main.pooled ? '' : 'Without a pool, ', failures);
  if (other) {
    if (withoutPool) checkCounts(withoutPool, other, 'Without a pool, ', failures);
    else failures.push('The scenario expects a run without a pool, but its options do not ask for the comparison (compare: true).');
  }
  return { ok: failures.length === 0, failures };
}
