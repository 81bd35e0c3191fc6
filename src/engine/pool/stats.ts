/**
 * Latency histograms and the per-bucket history the panels draw. Latencies go into
 * log-scale bins (16 per doubling, about 4.4 % wide), so percentiles cost a fixed 512-entry
 * scan and the state stays a few typed arrays whatever the number of requests.
 */
export const LAT_BINS = 512;
const PER_DOUBLING = 16;

function binOf(us: number): number {
  if (us <= 1) return 0;
  const b = Math.floor(Math.log2(us) * PER_DOUBLING);
  return b >= LAT_BINS ? LAT_BINS - 1 : b;
}

/** The bins of whole latencies under 65.536 ms, worked out once: a logarithm per request costs more than a look-up. */
const SMALL = 1 << 16;
const SMALL_BINS = new Uint16Array(SMALL);
for (let us = 0; us < SMALL; us++) SMALL_BINS[us] = binOf(us);

/** The bin of a latency in µs. */
export function latencyBin(us: number): number {
  return us >= 0 && us < SMALL && (us | 0) === us ? SMALL_BINS[us] : binOf(us);
}

/** A bin's representative latency in µs (its geometric middle). */
const binValueUs = (bin: number): number => 2 ** ((bin + 0.5) / PER_DOUBLING);

/** The p-th percentile (0..1) of a histogram in ms, or null when it is empty. */
export function percentileMs(hist: Uint32Array, count: number, p: number): number | null {
  if (count === 0) return null;
  const rank = Math.max(1, Math.ceil(p * count));
  let seen = 0;
  for (let b = 0; b < LAT_BINS; b++) {
    seen += hist[b];
    if (seen >= rank) return Math.round(binValueUs(b)) / 1000;
  }
  return Math.round(binValueUs(LAT_BINS - 1)) / 1000;
}

/** One closed time bucket of the history. */
export interface Bucket {
  /** Bucket start, ms since the start of the run. */
  readonly t: number;
  /** Requests that finished their query in the bucket. */
  readonly completed: number;
  readonly timedOut: number;
  readonly refused: number;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  /** At the end of the bucket: requests waiting in the pool's queue, server backends, pool clients. */
  readonly waiting: number;
  readonly backends: number;
  readonly clients: number;
}

/** Buckets kept for the charts. */
const HISTORY_BUCKETS = 120;

export interface History {
  bucketUs: number;
  /** Index (start / bucketUs) of the bucket being filled. */
  current: number;
  completed: number;
  timedOut: number;
  refused: number;
  hist: Uint32Array;
  closed: Bucket[];
}

export const createHistory = (bucketUs: number): History => ({
  bucketUs,
  current: 0,
  completed: 0,
  timedOut: 0,
  refused: 0,
  hist: new Uint32Array(LAT_BINS),
  closed: [],
});

/** Close every bucket that ends at or before `nowUs`, with the gauges as they are now. */
export function rollHistory(h: History, nowUs: number, gauges: { waiting: number; backends: number; clients: number }): void {
  const target = Math.floor(nowUs / h.bucketUs);
  if (target <= h.current) return;
  // Long quiet stretches: only the last HISTORY_BUCKETS buckets are kept anyway.
  const first = Math.max(h.current, target - HISTORY_BUCKETS);
  for (let i = first; i < target; i++) {
    const filled = i === h.current;
    const n = filled ? h.completed : 0;
    h.closed.push({
      t: (i * h.bucketUs) / 1000,
      completed: n,
      timedOut: filled ? h.timedOut : 0,
      refused: filled ? h.refused : 0,
      p50: filled ? percentileMs(h.hist, n, 0.5) : null,
      p95: filled ? percentileMs(h.hist, n, 0.95) : null,
      p99: filled ? percentileMs(h.hist, n, 0.99) : null,
      ...gauges,
    });
  }
  if (h.closed.length > HISTORY_BUCKETS) h.closed.splice(0, h.closed.length - HISTORY_BUCKETS);
  h.current = target;
  h.completed = 0;
  h.timedOut = 0;
  h.refused = 0;
  h.hist.fill(0);
}
