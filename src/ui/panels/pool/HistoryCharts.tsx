import { scaleLinear, scaleLog } from 'd3-scale';
import { line } from 'd3-shape';
import { memo } from 'react';
import type { Bucket } from '../../../engine/pool/stats';
import { ChartSvg } from '../../components/ChartSvg';
import { YGrid } from '../../components/YGrid';
import { fmtCount, fmtMs } from './format';
import { useWidth } from '../../components/use-width';

const H = 150;
const TH = 110;
const M = { top: 10, right: 48, bottom: 24, left: 52 };

export interface ChartDomain {
  /** Time axis, ms. */
  readonly t: readonly [number, number];
  /** Latency axis, ms (log scale). */
  readonly latency: readonly [number, number];
  /** Requests per second. */
  readonly throughput: number;
}

/** One domain for both sides of a comparison, so their charts read on the same axes. */
export function chartDomain(histories: readonly (readonly Bucket[])[], bucketMs: number, now: number): ChartDomain {
  let lo = Infinity;
  let hi = 0;
  let top = 0;
  let t0 = now;
  for (const h of histories)
    for (const b of h) {
      t0 = Math.min(t0, b.t);
      for (const v of [b.p50, b.p95, b.p99])
        if (v !== null) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      top = Math.max(top, ((b.completed + b.timedOut + b.refused) * 1000) / bucketMs);
    }
  if (!Number.isFinite(lo)) {
    lo = 0.1;
    hi = 10;
  }
  return {
    t: [Math.min(t0, Math.max(0, now - bucketMs)), Math.max(now, t0 + bucketMs)],
    latency: [Math.max(0.01, lo / 1.5), Math.max(hi * 1.5, lo * 10)],
    throughput: Math.max(10, top),
  };
}

const PERCENTILES = [
  { key: 'p50', label: 'p50' },
  { key: 'p95', label: 'p95' },
  { key: 'p99', label: 'p99' },
] as const;

/** Latency percentiles per time bucket (log scale) and throughput: completed, and failed stacked on top. */
export const HistoryCharts = memo(function HistoryCharts({
  history,
  bucketMs,
  domain,
  label,
}: {
  history: readonly Bucket[];
  bucketMs: number;
  domain: ChartDomain;
  label: string;
}) {
  const [box, W] = useWidth<HTMLDivElement>(560, { min: 320 });
  const x = scaleLinear()
    .domain(domain.t)
    .range([M.left, W - M.right]);
  const y = scaleLog()
    .domain(domain.latency)
    .range([H - M.bottom, M.top])
    .clamp(true);
  const yr = scaleLinear()
    .domain([0, domain.throughput])
    .nice()
    .range([TH - M.bottom, M.top]);
  const bw = Math.max(1, x(domain.t[0] + bucketMs) - x(domain.t[0]) - 1);
  const last = history[history.length - 1];
  const rate = (n: number) => (n * 1000) / bucketMs;
  const latencyText = last
    ? `${label}: latest bucket p50 ${fmtMs(last.p50)}, p95 ${fmtMs(last.p95)}, p99 ${fmtMs(last.p99)}`
    : `${label}: no requests finished yet`;
  const tputText = last
    ? `${label}: latest bucket ${fmtCount(Math.round(rate(last.completed)))} completed per second, ${fmtCount(Math.round(rate(last.timedOut + last.refused)))} failed per second`
    : `${label}: no throughput yet`;
  // Log ticks 1-2-5 per decade, kept at least 16 px apart.
  const yTicks: number[] = [];
  for (const t of y.ticks()) {
    const m = t / 10 ** Math.floor(Math.log10(t) + 1e-9);
    if (![1, 2, 5].some((k) => Math.abs(m - k) < 1e-6)) continue;
    if (yTicks.length === 0 || Math.abs(y(yTicks[yTicks.length - 1]) - y(t)) >= 16) yTicks.push(t);
  }
  // Line labels at the right end, nudged apart so p95 and p99 do not print over each other.
  const ends = PERCENTILES.map(({ key }) => {
    const b = [...history].reverse().find((x) => x[key] !== null);
    return b ? y(b[key] as number) : null;
  });
  const labelY = [...ends];
  for (let i = 1; i < labelY.length; i++) {
    const prev = labelY[i - 1];
    const cur = labelY[i];
    if (prev !== null && cur !== null && prev - cur < 12) labelY[i] = prev - 12;
  }
  return (
    <div className="history pool-svg-box" ref={box}>
      {history.length === 0 ? (
        <p className="note history-empty">The first {fmtMs(bucketMs)} bucket has not closed yet.</p>
      ) : (
        <>
          <ChartSvg className="pool-svg latency-chart" width={W} height={H} sized label={latencyText}>
            <YGrid ticks={yTicks} y={y} left={M.left} right={W - M.right} format={fmtMs} />
            {PERCENTILES.map(({ key, label: name }, i) => {
              const pts = history
                .filter((b) => b[key] !== null)
                .map((b) => [x(b.t + bucketMs / 2), y(b[key] as number)] as [number, number]);
              const ly = labelY[i];
              return (
                <g key={key} className={`pct pct-${key}`}>
                  <path d={line()(pts) ?? ''} />
                  {pts.length === 1 && <circle cx={pts[0][0]} cy={pts[0][1]} r={2.5} />}
                  {ly !== null && (
                    <text x={W - M.right + 4} y={ly + 4}>
                      {name}
                    </text>
                  )}
                </g>
              );
            })}
            <text className="axis-title" x={4} y={H - 4}>
              latency of completed requests (log scale)
            </text>
          </ChartSvg>
          <ChartSvg className="pool-svg throughput-chart" width={W} height={TH} sized label={tputText}>
            <g>
              <YGrid ticks={yr.ticks(3)} y={yr} left={M.left} right={W - M.right} format={(t) => (t >= 1000 ? `${t / 1000}k` : `${t}`)} />
              {history.map((b) => {
                const done = rate(b.completed);
                const failed = rate(b.timedOut + b.refused);
                return (
                  <g key={b.t}>
                    {done > 0 && <rect className="bar-done" x={x(b.t)} width={bw} y={yr(done)} height={yr(0) - yr(done)} />}
                    {failed > 0 && (
                      <rect className="bar-failed" x={x(b.t)} width={bw} y={yr(done + failed)} height={yr(done) - yr(done + failed)} />
                    )}
                  </g>
                );
              })}
              <text className="axis-title" x={4} y={TH - 4}>
                requests/s: completed (solid), failed (hatched)
              </text>
            </g>
          </ChartSvg>
        </>
      )}
    </div>
  );
});
