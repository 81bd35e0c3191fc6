import { scaleBand, scaleLinear } from 'd3-scale';
import { useMemo } from 'react';
import { useD3Behaviour } from '../../d3-behaviour';
import type { View } from '../../../engine/kademlia/view';
import { Figures } from '../../components/Figures';
import { YGrid } from '../../components/YGrid';
import { barRise, type RiseProps } from './bar-rise';
import { ChartSvg } from '../../components/ChartSvg';
import { Panel } from '../../components/Panel';
import { useWidth } from '../../components/use-width';

/** The chart's widest and narrowest drawing (CSS pixels); between them it takes its box's width. */
const MAX_W = 520;
const MIN_W = 280;
const H = 170;
const M = { top: 16, right: 14, bottom: 34, left: 44 };

/**
 * Every lookup so far: how many hops each took (bars), the mean, and log2(N), the bound
 * Kademlia promises. With k contacts per bucket the lookups land well under it.
 */
export function LookupStats({ view, duration }: { view: View; duration: number }) {
  const s = view.stats;
  if (s.lookups < 2) return null;
  return (
    <Panel
      name="lookup-stats"
      title="Lookup statistics vs log₂(N)"
      legend={
        <>
          Share of lookups by hops (bars) · <span className="key-glyph mean">┆</span> mean · <span className="key-glyph bound">┃</span>{' '}
          log₂(N) = {s.log2N.toFixed(1)}.
        </>
      }
      touchedBy={['lookup.finished', 'lookups.measured']}
      className="kad-stats-panel"
    >
      <Figures
        className="stat-tiles stat-grid"
        items={[
          { term: 'lookups', value: s.lookups.toLocaleString('en') },
          { term: 'success', value: `${(100 * s.successRate).toFixed(s.successRate === 1 ? 0 : 1)}%` },
          { term: 'mean hops', value: s.meanHops.toFixed(2) },
          { term: 'mean RPCs', value: s.meanMessages.toFixed(1) },
        ]}
      />
      <HopBars s={s} duration={duration} />
    </Panel>
  );
}

/** The histogram: share of lookups by hops, the mean and the log2(N) bound. Bars grow to their height as a step lands. */
function HopBars({ s, duration }: { s: View['stats']; duration: number }) {
  const [box, W] = useWidth<HTMLDivElement>(MAX_W, { min: MIN_W, max: MAX_W });
  const maxHop = Math.max(Math.ceil(s.log2N), s.hops.length - 1, 1);
  const hops = Array.from({ length: maxHop + 1 }, (_, i) => i);
  const x = scaleBand<number>()
    .domain(hops)
    .range([M.left, W - M.right])
    .padding(0.2);
  const pct = (n: number) => (s.lookups === 0 ? 0 : (100 * n) / s.lookups);
  const y = scaleLinear()
    .domain([0, Math.max(10, ...s.hops.map(pct))])
    .nice()
    .range([H - M.bottom, M.top]);
  const centre = (h: number) => (x(Math.floor(h)) ?? 0) + x.bandwidth() * (0.5 + (h - Math.floor(h)));
  // Two-digit hop counts (log2 N ≈ 20 at a million nodes) need about 15 px each: on a narrow chart, label every other bar.
  const labelEvery = maxHop >= 10 && x.step() < 15 ? 2 : 1;
  const riseProps = useMemo<RiseProps>(() => ({ duration, lookups: s.lookups, hops: s.hops }), [duration, s.lookups, s.hops]);
  const svg = useD3Behaviour<SVGSVGElement, RiseProps>((el) => barRise(el, H - M.bottom), riseProps);
  return (
    <div ref={box} className="kad-fit">
      <ChartSvg
        ref={svg}
        className="kad-svg stats-svg"
        width={W}
        height={H}
        sized
        label={`${s.lookups} lookups: mean ${s.meanHops.toFixed(2)} hops against log2(N) = ${s.log2N.toFixed(1)}; ${(100 * s.successRate).toFixed(1)}% found their target`}
      >
        <YGrid ticks={y.ticks(4)} y={y} left={M.left} right={W - M.right} format={(t) => `${t}%`} />
        {hops.map((h) => {
          const n = s.hops[h] ?? 0;
          const top = y(pct(n));
          return (
            <g key={h}>
              <rect className="bar" data-y={top} x={x(h)} width={x.bandwidth()} y={H - M.bottom} height={0}>
                <title>{`${h} hop(s): ${n.toLocaleString('en')} lookups`}</title>
              </rect>
              {h % labelEvery === 0 && (
                <text className="axis-tick" x={(x(h) ?? 0) + x.bandwidth() / 2} y={H - M.bottom + 14} textAnchor="middle">
                  {h}
                </text>
              )}
            </g>
          );
        })}
        <line className="mean-line" x1={centre(s.meanHops)} x2={centre(s.meanHops)} y1={M.top - 6} y2={H - M.bottom} />
        <line className="bound-line" x1={centre(s.log2N)} x2={centre(s.log2N)} y1={M.top - 6} y2={H - M.bottom} />
        <text className="bound-label" x={centre(s.log2N) - 4} y={M.top + 4} textAnchor="end">
          log₂N
        </text>
        <text className="axis-title" x={(M.left + W - M.right) / 2} y={H - 4} textAnchor="middle">
          hops per lookup
        </text>
      </ChartSvg>
    </div>
  );
}
