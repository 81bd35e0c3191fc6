import { scaleLinear, scaleLog } from 'd3-scale';
import type { SurveyPoint } from '../../../engine/kademlia/types';
import { H, M, type Series, SeriesKeys, SeriesLines, SurveyFigure, useChartWidth } from './SurveyFrame';

const group = (points: readonly SurveyPoint[], by: (p: SurveyPoint) => string, label: (p: SurveyPoint) => string): Series[] => {
  const out = new Map<string, SurveyPoint[]>();
  for (const p of points) out.set(by(p), [...(out.get(by(p)) ?? []), p]);
  // Largest k first: the paper's k = 20 is the reference line, smaller buckets come after it.
  return [...out.entries()]
    .map(([key, ps]) => ({ key, label: label(ps[0]), points: ps }))
    .sort((a, b) => b.points[0].k - a.points[0].k || a.points[0].nodes - b.points[0].nodes);
};

/** Fault-free points by k, for hops against N: only series with at least two sizes. */
export function hopSeries(points: readonly SurveyPoint[]): Series[] {
  return group(
    points.filter((p) => p.failed === 0),
    (p) => `${p.k}`,
    (p) => `k = ${p.k}`,
  )
    .map((s) => ({ ...s, points: [...s.points].sort((a, b) => a.nodes - b.nodes) }))
    .filter((s) => s.points.length >= 2);
}

/** Points by k and size, for success against failed nodes: only series with at least two fractions. */
export function churnSeries(points: readonly SurveyPoint[]): Series[] {
  return group(
    points,
    (p) => `${p.k}/${p.nodes}`,
    (p) => `k = ${p.k}, ${p.nodes.toLocaleString('en')} nodes`,
  )
    .map((s) => ({ ...s, points: [...s.points].sort((a, b) => a.failed - b.failed) }))
    .filter((s) => s.points.length >= 2);
}

const successRate = (p: SurveyPoint): number => p.found / Math.max(1, p.lookups);

/** Mean hops per lookup against network size on a log2 axis, with log2(N) itself for reference. */
export function HopsChart({ series }: { series: readonly Series[] }) {
  const [box, W] = useChartWidth();
  const all = series.flatMap((s) => s.points);
  const sizes = [...new Set(all.map((p) => p.nodes))].sort((a, b) => a - b);
  const lo = sizes[0];
  const hi = sizes[sizes.length - 1];
  const x = scaleLog()
    .base(2)
    .domain([lo / 1.4, hi * 1.4])
    .range([M.left, W - M.right]);
  const y = scaleLinear()
    .domain([0, Math.max(Math.log2(hi * 1.4), ...all.map((p) => p.meanHops))])
    .nice()
    .range([H - M.bottom, M.top]);
  const [d0, d1] = x.domain();
  const summary = series
    .map((s) => `${s.label}: ${s.points.map((p) => `${p.nodes} nodes ${p.meanHops.toFixed(2)} hops`).join(', ')}`)
    .join('; ');
  return (
    <SurveyFigure
      box={box}
      W={W}
      className="hops-chart"
      title="Mean hops per lookup against network size"
      legend={
        <>
          <SeriesKeys series={series} prefix="mean hops, " /> · <span className="key-glyph bound">╱</span> log₂(N), the bound.
        </>
      }
      label={`Mean hops against network size with log2(N) for reference. ${summary}`}
      axes={{
        yTicks: y.ticks(5),
        y,
        yFormat: (t) => `${t}`,
        xTicks: sizes.map((n) => ({ at: x(n), text: n.toLocaleString('en') })),
        xTitle: 'network size N (nodes, log scale)',
        yTitle: 'hops per lookup',
      }}
    >
      <line className="log2-line" x1={x(d0)} x2={x(d1)} y1={y(Math.log2(d0))} y2={y(Math.log2(d1))} />
      <text className="log2-label" x={x(hi) - 6} y={y(Math.log2(hi)) - 10} textAnchor="end">
        log₂N = {Math.log2(hi).toFixed(0)}
      </text>
      <SeriesLines
        series={series}
        plot={{
          x: (p) => x(p.nodes),
          y: (p) => y(p.meanHops),
          key: (p) => p.nodes,
          data: (p) => ({ 'data-nodes': p.nodes, 'data-value': p.meanHops.toFixed(2) }),
          title: (p, s) =>
            `${p.nodes.toLocaleString('en')} nodes, ${s.label}: ${p.meanHops.toFixed(2)} hops and ${p.meanMessages.toFixed(1)} RPCs per lookup over ${p.lookups} lookups (log2 N = ${Math.log2(p.nodes).toFixed(1)})`,
          label: (p) => (
            <text className="point-label" x={x(p.nodes)} y={y(p.meanHops) - 10} textAnchor="middle">
              {p.meanHops.toFixed(1)}
            </text>
          ),
        }}
      />
    </SurveyFigure>
  );
}

/** Share of lookups that found their (live) target against the share of nodes down, one line per k and size. */
export function ChurnChart({ series }: { series: readonly Series[] }) {
  const [box, W] = useChartWidth();
  const x = scaleLinear()
    .domain([0, 100])
    .range([M.left, W - M.right]);
  const y = scaleLinear()
    .domain([0, 100])
    .range([H - M.bottom, M.top]);
  const pct = (f: number) => `${(100 * f).toFixed(f === 1 ? 0 : 1)}%`;
  const summary = series
    .map((s) => `${s.label}: ${s.points.map((p) => `${Math.round(100 * p.failed)}% down ${pct(successRate(p))}`).join(', ')}`)
    .join('; ');
  return (
    <SurveyFigure
      box={box}
      W={W}
      className="churn-chart"
      title="Lookup success rate against failed nodes"
      legend={
        <>
          Lookups between live nodes that found their target: <SeriesKeys series={series} />.
        </>
      }
      label={`Lookup success rate against the share of nodes down. ${summary}`}
      axes={{
        yTicks: y.ticks(5),
        y,
        yFormat: (t) => `${t}%`,
        xTicks: x.ticks(5).map((t) => ({ at: x(t), text: `${t}%` })),
        xTitle: 'nodes down (%), nobody told',
        yTitle: 'target found (%)',
      }}
    >
      <SeriesLines
        series={series}
        plot={{
          x: (p) => x(100 * p.failed),
          y: (p) => y(100 * successRate(p)),
          key: (p) => p.failed,
          data: (p) => ({ 'data-failed': p.failed, 'data-value': successRate(p).toFixed(3) }),
          title: (p, s) =>
            `${s.label}, ${Math.round(100 * p.failed)}% down: ${p.found} of ${p.lookups} lookups found their target (${pct(successRate(p))}), ${p.meanMessages.toFixed(1)} RPCs each`,
          // Label the points below 100%; the flat run at the top needs none.
          label: (p, i) =>
            successRate(p) < 0.995 && (
              <text
                className="point-label"
                x={x(100 * p.failed) + 8}
                y={y(100 * successRate(p)) + (i % 2 === 0 ? -8 : 16)}
                textAnchor="start"
              >
                {pct(successRate(p))}
              </text>
            ),
        }}
      />
    </SurveyFigure>
  );
}
