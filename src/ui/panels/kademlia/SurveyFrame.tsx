/** The frame the survey charts share: size, axes, legend keys, and one line with markers per series. */
import { line } from 'd3-shape';
import type { ReactNode, RefObject } from 'react';
import type { SurveyPoint } from '../../../engine/kademlia/types';
import { ChartSvg } from '../../components/ChartSvg';
import { YGrid } from '../../components/YGrid';
import { useWidth } from '../../components/use-width';

/** A chart's widest and narrowest drawing (CSS pixels); between them it takes its box's width, one unit per pixel. */
const MAX_W = 560;
const MIN_W = 280;
export const H = 250;
export const M = { top: 28, right: 24, bottom: 44, left: 60 };
const SHAPES = ['circle', 'square', 'triangle'] as const;

/** One line of a chart: the points of one k (and size), in x order. */
export interface Series {
  readonly key: string;
  readonly label: string;
  readonly points: readonly SurveyPoint[];
}

function Marker({ shape, x, y }: { shape: (typeof SHAPES)[number]; x: number; y: number }) {
  if (shape === 'square') return <rect x={x - 4.5} y={y - 4.5} width={9} height={9} />;
  if (shape === 'triangle') return <path d={`M${x},${y - 6}L${x + 6},${y + 4.5}L${x - 6},${y + 4.5}Z`} />;
  return <circle cx={x} cy={y} r={5} />;
}

/** The legend glyph of series `i`, matching its marker. */
const seriesGlyph = (i: number): string => ['●', '■', '▲'][i % 3];

interface AxesProps {
  yTicks: number[];
  y: (v: number) => number;
  yFormat: (v: number) => string;
  /** The x axis' labels: where each stands and what it says. */
  xTicks: readonly { at: number; text: string }[];
  xTitle: string;
  yTitle: string;
}

/** About the width of one character of a tick label (12-13 px type), for spacing labels. */
const CHAR_W = 7.5;

/**
 * The x labels that fit side by side: from the right (the largest size is the one a survey
 * is about), a label is kept when it clears the last one kept. Eight sizes up to 1,000,000
 * do not all fit on a phone.
 */
function spaced(ticks: readonly { at: number; text: string }[]): { at: number; text: string }[] {
  const kept: { at: number; text: string }[] = [];
  let left = Infinity;
  for (let i = ticks.length - 1; i >= 0; i--) {
    const t = ticks[i];
    const half = (t.text.length * CHAR_W) / 2;
    if (t.at + half + 6 > left) continue;
    kept.unshift(t);
    left = t.at - half;
  }
  return kept;
}

function Axes({ W, yTicks, y, yFormat, xTicks, xTitle, yTitle }: AxesProps & { W: number }) {
  return (
    <>
      <YGrid ticks={yTicks} y={y} left={M.left} right={W - M.right} format={yFormat} />
      <line className="chart-axis" x1={M.left} x2={W - M.right} y1={H - M.bottom} y2={H - M.bottom} />
      {spaced(xTicks).map((t) => (
        <text key={t.text} className="axis-tick" x={t.at} y={H - M.bottom + 20} textAnchor="middle">
          {t.text}
        </text>
      ))}
      <text className="axis-title" x={(M.left + W - M.right) / 2} y={H - 6} textAnchor="middle">
        {xTitle}
      </text>
      <text className="axis-title" transform={`translate(12,${(M.top + H - M.bottom) / 2}) rotate(-90)`} textAnchor="middle">
        {yTitle}
      </text>
    </>
  );
}

/** A chart's drawing width: its box's, between MIN_W and MAX_W, one SVG unit per CSS pixel. */
export function useChartWidth(): [RefObject<HTMLDivElement | null>, number] {
  return useWidth<HTMLDivElement>(MAX_W, { min: MIN_W, max: MAX_W });
}

/** A survey chart: its title, its legend, and the SVG with its axes around what `children` draw. */
export function SurveyFigure({
  box,
  W,
  className,
  title,
  legend,
  label,
  axes,
  children,
}: {
  box: RefObject<HTMLDivElement | null>;
  W: number;
  className: string;
  title: string;
  legend: ReactNode;
  /** The chart's text alternative, with every value it draws. */
  label: string;
  axes: AxesProps;
  children: ReactNode;
}) {
  return (
    <figure className={`survey-chart ${className}`}>
      <h3>{title}</h3>
      <p className="legend">{legend}</p>
      <div ref={box} className="kad-fit">
        <ChartSvg className="kad-svg chart-svg" width={W} height={H} sized label={label}>
          <Axes W={W} {...axes} />
          {children}
        </ChartSvg>
      </div>
    </figure>
  );
}

/** The legend's entries: each series' glyph (its marker, in its colour) and its label, `prefix` first. */
export function SeriesKeys({ series, prefix = '' }: { series: readonly Series[]; prefix?: string }) {
  return series.map((s, i) => (
    <span key={s.key} className={`series-key series-${i % 3}`}>
      {i > 0 ? ' · ' : ''}
      <span className="key-glyph">{seriesGlyph(i)}</span> {prefix}
      {s.label}
    </span>
  ));
}

/** How a chart places and describes its points; the line through them uses the same x and y. */
interface PointPlot {
  x: (p: SurveyPoint) => number;
  y: (p: SurveyPoint) => number;
  /** The point's place along its series (its x value): the React key. */
  key: (p: SurveyPoint) => number;
  /** The point's `data-*` attributes, for tests and readers of the DOM. */
  data: (p: SurveyPoint) => Record<`data-${string}`, string | number>;
  /** The tooltip. */
  title: (p: SurveyPoint, s: Series) => string;
  /** The value printed beside the marker of series `i`, or nothing. */
  label: (p: SurveyPoint, i: number) => ReactNode;
}

/** One line per series, in its colour and dash, with a marker of its shape on every point. */
export function SeriesLines({ series, plot }: { series: readonly Series[]; plot: PointPlot }) {
  const path = line<SurveyPoint>().x(plot.x).y(plot.y);
  return series.map((s, i) => (
    <g key={s.key} className={`series series-${i % 3}`} data-k={s.points[0].k}>
      <path className="series-line" d={path(s.points) ?? ''} />
      {s.points.map((p) => (
        <g key={plot.key(p)} className="point" {...plot.data(p)}>
          <title>{plot.title(p, s)}</title>
          <Marker shape={SHAPES[i % 3]} x={plot.x(p)} y={plot.y(p)} />
          {plot.label(p, i)}
        </g>
      ))}
    </g>
  ));
}
