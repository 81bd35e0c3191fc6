import type { CheckResult } from '../core/lab';
import { countText, type Outcome, outcome, rangeText } from '../scenario/outcome';
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

/** Each expected field as a reader would name it. */
const LABEL: Record<keyof ExpectedCounts, string> = {
  arrived: 'requests arrived',
  completed: 'requests completed',
  timedOut: 'requests timed out waiting for a client',
  refused: 'connections refused by the server',
  failed: 'requests failed by a terminated backend',
  opened: 'connections opened',
  removed: 'idle clients closed',
  poolErrors: 'pool errors',
  leaked: 'clients never released',
  peakBackends: 'server backends at the peak',
  peakWaiting: 'requests waiting at the peak',
  peakClients: 'pool clients at the peak',
  clients: 'pool clients at the end',
  idle: 'idle clients at the end',
  waiting: 'requests still waiting at the end',
  backends: 'server backends at the end',
  p50Ms: 'median latency, ms',
  p99Ms: '99th-percentile latency, ms',
  meanMs: 'mean latency, ms',
};

/** Failures a preset may be about: when it expects some, the outcome says why they are the lesson. */
const LESSON: Partial<Record<keyof ExpectedCounts, string>> = {
  refused: 'Refused, as this lesson expects: past max_connections the server turns new connections away (SQLSTATE 53300).',
  timedOut: 'Timed out, as this lesson expects: a request waits for a free client only connectionTimeoutMillis, then fails.',
  leaked: 'Leaked, as this lesson expects: a client that is never released stays checked out for good.',
  failed: 'Failed, as this lesson expects: terminating a backend fails the query running on it.',
};

const fmt = (n: number) => n.toLocaleString('en');

function checkCounts(v: SimView, expected: ExpectedCounts, who: string, out: Outcome): void {
  for (const [key, bound] of Object.entries(expected) as [keyof ExpectedCounts, Bound | undefined][]) {
    if (bound === undefined) continue;
    const got = actual(v, key);
    const [min, max] = typeof bound === 'number' ? [bound, bound] : [bound.min, bound.max];
    const ok = got !== null && (min === undefined || got >= min) && (max === undefined || got <= max);
    const some = (min ?? 0) > 0 ? LESSON[key] : undefined;
    out.add(`${who}${LABEL[key]}: ${rangeText(min, max, fmt)}`, got === null ? 'none' : countText(got, fmt), ok, some);
  }
}

/** Compare a run's views with a preset's expected outcome, one expectation in words each. */
export function check(main: SimView, withoutPool: SimView | null, expected: Expected): CheckResult {
  const out = outcome();
  const { withoutPool: other, ...counts } = expected;
  checkCounts(main, counts, main.pooled ? '' : 'without a pool, ', out);
  if (other) {
    if (withoutPool) checkCounts(withoutPool, other, 'without a pool, ', out);
    else out.add('a run without a pool to compare with', 'the options do not ask for the comparison (compare: true)', false);
  }
  return out.result();
}
