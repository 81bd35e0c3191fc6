import { scaleLinear, scaleLog } from 'd3-scale';
import { line } from 'd3-shape';
import type { SurveyPoint } from '../../../engine/kademlia/types';
import { YGrid } from '../../components/YGrid';
import { useWidth } from './use-width';
import { ChartSvg } from '../../components/ChartSvg';

/** A chart's widest and narrowest drawing (CSS pixels); between them it takes its box's width, one unit per pixel. */
const MAX_W = 560;
const MIN_W = 280;
const H = 250;
const M = { top: 28, right: 24, bottom: 44, left: 60 };
const SHAPES = ['circle', 'square', 'triangle'] as const;

/** One line of a chart: the points of one k (and size), in x order. */
export interface Series {
  readonly key: string;
  readonly label: string;
  readonly points: readonly SurveyPoint[];
}

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

function Marker({ shape, x, y }: { shape: (typeof SHAPES)[number]; x: number; y: number }) {
  if (shape === 'square') return <rect x={x - 4.5} y={y - 4.5} width={9} height={9} />;
  if (shape === 'triangle') return <path d={`M${x},${y - 6}L${x + 6},${y + 4.5}L${x - 6},${y + 4.5}Z`} />;
  return <circle cx={x} cy={y} r={5} />;
}

/** The legend glyph of series `i`, matching its marker. */
const seriesGlyph = (i: number): string => ['●', '■', '▲'][i % 3];

function Axes({
  W,
  yTicks,
  y,
  yFormat,
  xTitle,
  yTitle,
}: {
  W: number;
  yTicks: number[];
  y: (v: number) => number;
  yFormat: (v: number) => string;
  xTitle: string;
  yTitle: string;
}) {
  return (
    <>
      <YGrid ticks={yTicks} y={y} left={M.left} right={W - M.right} format={yFormat} />
      <line className="chart-axis" x1={M.left} x2={W - M.right} y1={H - M.bottom} y2={H - M.bottom} />
      <text className="axis-title" x={(M.left + W - M.right) / 2} y={H - 6} textAnchor="middle">
        {xTitle}
      </text>
      <text className="axis-title" transform={`translate(12,${(M.top + H - M.bottom) / 2}) rotate(-90)`} textAnchor="middle">
        {yTitle}
      </text>
    </>
  );
}

/** Mean hops per lookup against network size on a log2 axis, with log2(N) itself for reference. */
export function HopsChart({ series }: { series: readonly Series[] }) {
  const [box, boxWidth] = useWidth<HTMLDivElement>(MAX_W);
  const W = Math.max(MIN_W, Math.min(MAX_W, boxWidth));
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
  const path = line<SurveyPoint>()
    .x((p) => x(p.nodes))
    .y((p) => y(p.meanHops));
  const summary = series
    .map((s) => `${s.label}: ${s.points.map((p) => `${p.nodes} nodes ${p.meanHops.toFixed(2)} hops`).join(', ')}`)
    .join('; ');
  return (
    <figure className="survey-chart hops-chart">
      <h3>Mean hops per lookup against network size</h3>
      <p className="legend">
        {series.map((s, i) => (
          <span key={s.key} className={`series-key series-${i % 3}`}>
            <span className="key-glyph">{seriesGlyph(i)}</span> mean hops, {s.label} ·{' '}
          </span>
        ))}
        <span className="key-glyph bound">╱</span> log₂(N), the bound.
      </p>
      <div ref={box} className="kad-fit">
        <ChartSvg
          className="kad-svg chart-svg"
          width={W}
          height={H}
          sized
          label={`Mean hops against network size with log2(N) for reference. ${summary}`}
        >
          <Axes
            W={W}
            yTicks={y.ticks(5)}
            y={y}
            yFormat={(t) => `${t}`}
            xTitle="network size N (nodes, log scale)"
            yTitle="hops per lookup"
          />
          {sizes.map((n) => (
            <text key={n} className="axis-tick" x={x(n)} y={H - M.bottom + 20} textAnchor="middle">
              {n.toLocaleString('en')}
            </text>
          ))}
          <line className="log2-line" x1={x(d0)} x2={x(d1)} y1={y(Math.log2(d0))} y2={y(Math.log2(d1))} />
          <text className="log2-label" x={x(hi) - 6} y={y(Math.log2(hi)) - 10} textAnchor="end">
            log₂N = {Math.log2(hi).toFixed(0)}
          </text>
          {series.map((s, i) => (
            <g key={s.key} className={`series series-${i % 3}`} data-k={s.points[0].k}>
              <path className="series-line" d={path(s.points) ?? ''} />
              {s.points.map((p) => (
                <g key={p.nodes} className="point" data-nodes={p.nodes} data-value={p.meanHops.toFixed(2)}>
                  <title>{`${p.nodes.toLocaleString('en')} nodes, ${s.label}: ${p.meanHops.toFixed(2)} hops and ${p.meanMessages.toFixed(1)} RPCs per lookup over ${p.lookups} lookups (log2 N = ${Math.log2(p.nodes).toFixed(1)})`}</title>
                  <Marker shape={SHAPES[i % 3]} x={x(p.nodes)} y={y(p.meanHops)} />
                  <text className="point-label" x={x(p.nodes)} y={y(p.meanHops) - 10} textAnchor="middle">
                    {p.meanHops.toFixed(1)}
                  </text>
                </g>
              ))}
            </g>
          ))}
        </ChartSvg>
      </div>
    </figure>
  );
}

/** Share of lookups that found their (live) target against the share of nodes down, one line per k and size. */
export function ChurnChart({ series }: { series: readonly Series[] }) {
  const [box, boxWidth] = useWidth<HTMLDivElement>(MAX_W);
  const W = Math.max(MIN_W, Math.min(MAX_W, boxWidth));
  const x = scaleLinear()
    .domain([0, 100])
    .range([M.left, W - M.right]);
  const y = scaleLinear()
    .domain([0, 100])
    .range([H - M.bottom, M.top]);
  const path = line<SurveyPoint>()
    .x((p) => x(100 * p.failed))
    .y((p) => y(100 * successRate(p)));
  const pct = (f: number) => `${(100 * f).toFixed(f === 1 ? 0 : 1)}%`;
  const summary = series
    .map((s) => `${s.label}: ${s.points.map((p) => `${Math.round(100 * p.failed)}% down ${pct(successRate(p))}`).join(', ')}`)
    .join('; ');
  return (
    <figure className="survey-chart churn-chart">
      <h3>Lookup success rate against failed nodes</h3>
      <p className="legend">
        Lookups between live nodes that found their target:{' '}
        {series.map((s, i) => (
          <span key={s.key} className={`series-key series-${i % 3}`}>
            {i > 0 ? ' · ' : ''}
            <span className="key-glyph">{seriesGlyph(i)}</span> {s.label}
          </span>
        ))}
        .
      </p>
      <div ref={box} className="kad-fit">
        <ChartSvg
          className="kad-svg chart-svg"
          width={W}
          height={H}
          sized
          label={`Lookup success rate against the share of nodes down. ${summary}`}
        >
          <Axes W={W} yTicks={y.ticks(5)} y={y} yFormat={(t) => `${t}%`} xTitle="nodes down (%), nobody told" yTitle="target found (%)" />
          {x.ticks(5).map((t) => (
            <text key={t} className="axis-tick" x={x(t)} y={H - M.bottom + 20} textAnchor="middle">
              {t}%
            </text>
          ))}
          {series.map((s, i) => (
            <g key={s.key} className={`series series-${i % 3}`} data-k={s.points[0].k}>
              <path className="series-line" d={path(s.points) ?? ''} />
              {s.points.map((p) => (
                <g key={p.failed} className="point" data-failed={p.failed} data-value={successRate(p).toFixed(3)}>
                  <title>{`${s.label}, ${Math.round(100 * p.failed)}% down: ${p.found} of ${p.lookups} lookups found their target (${pct(successRate(p))}), ${p.meanMessages.toFixed(1)} RPCs each`}</title>
                  <Marker shape={SHAPES[i % 3]} x={x(100 * p.failed)} y={y(100 * successRate(p))} />
                  {/* Label the points below 100%; the flat run at the top needs none. */}
                  {successRate(p) < 0.995 && (
                    <text
                      className="point-label"
                      x={x(100 * p.failed) + 8}
                      y={y(100 * successRate(p)) + (i % 2 === 0 ? -8 : 16)}
                      textAnchor="start"
                    >
                      {pct(successRate(p))}
                    </text>
                  )}
                </g>
              ))}
            </g>
          ))}
        </ChartSvg>
      </div>
    </figure>
  );
}
