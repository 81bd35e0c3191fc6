import { scaleLinear } from 'd3-scale';
import { memo, useId, useMemo } from 'react';
import type { Lane, SimView } from '../../../engine/pool/view';
import { fmtClock, STATE_WORD } from './format';
import { useD3Behaviour } from '../../d3-behaviour';
import { laneSlide, type SlideProps } from './lane-slide';
import { ChartSvg } from '../../components/ChartSvg';
import { useWidth } from '../../components/use-width';

const ROW = 22;
const M = { top: 6, right: 118, bottom: 26, left: 40 };

/** The hatch and fill patterns of the lane states (shared ids, one set per page is enough). */
export function LanePatterns() {
  return (
    <svg width="0" height="0" aria-hidden="true" style={{ position: 'absolute' }}>
      <defs>
        <pattern id="pool-hatch-connecting" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" className="pat-connecting-bg" />
          <line x1="0" y1="0" x2="0" y2="6" className="pat-connecting-line" />
        </pattern>
        <pattern id="pool-hatch-leaked" width="6" height="6" patternUnits="userSpaceOnUse">
          <rect width="6" height="6" className="pat-leaked-bg" />
          <path d="M0 0 L6 6 M6 0 L0 6" className="pat-leaked-line" />
        </pattern>
      </defs>
    </svg>
  );
}

function laneText(l: Lane): string {
  if (l.state === 'busy' && l.req !== null) return `busy · r${l.req}`;
  if (l.state === 'connecting' && l.req !== null) return `connecting · r${l.req}`;
  return STATE_WORD[l.state];
}

/**
 * One swimlane per connection over the last `windowMs`: connecting (hatched), busy running a
 * query (solid), idle in the pool (outlined), checked out and never released (cross-hatched);
 * a closed connection's lane ends with a bar. The state is also written at the right.
 */
export const Swimlanes = memo(function Swimlanes({
  sim,
  now,
  windowMs,
  label,
  duration,
}: {
  sim: SimView;
  now: number;
  windowMs: number;
  label: string;
  duration: number;
}) {
  const [box, W] = useWidth<HTMLDivElement>(560, { min: 320 });
  const lanes = sim.lanes;
  const clip = `pool-lanes-clip-${useId().replace(/:/g, '')}`;
  const slideProps = useMemo<SlideProps>(() => ({ now, windowMs, duration, width: W - M.right - M.left }), [now, windowMs, duration, W]);
  // Created at mount from the time then shown: the first step slides from there.
  const body = useD3Behaviour<SVGGElement, SlideProps>((el) => laneSlide(el, now), slideProps);
  const from = Math.max(0, now - windowMs);
  const x = scaleLinear()
    .domain([from, Math.max(now, from + 1e-6)])
    .range([M.left, W - M.right]);
  const h = M.top + Math.max(1, lanes.length) * ROW + M.bottom;
  // About one time label per 110 px, so they never run into each other.
  const ticks = x.ticks(Math.max(2, Math.floor((W - M.left - M.right) / 110)));
  const summary =
    lanes.length === 0
      ? `${label}: no connections in the last ${fmtClock(windowMs)}`
      : `${label}: ${lanes.length} connections shown; ${lanes.map((l) => `connection ${l.conn} ${laneText(l)}`).join(', ')}`;
  return (
    <div className="pool-svg-box" ref={box}>
      <ChartSvg className="pool-svg swimlanes" width={W} height={h} sized label={summary}>
        <defs>
          <clipPath id={clip}>
            <rect x={M.left} y={0} width={W - M.right - M.left + 1} height={h} />
          </clipPath>
        </defs>
        {ticks.map((t) => (
          <g key={t} className="grid">
            <line x1={x(t)} x2={x(t)} y1={M.top} y2={h - M.bottom} />
            <text x={x(t)} y={h - M.bottom + 14} textAnchor="middle">
              {fmtClock(t)}
            </text>
          </g>
        ))}
        {lanes.length === 0 && (
          <text className="empty-lanes" x={(M.left + W - M.right) / 2} y={M.top + 15} textAnchor="middle">
            no connections
          </text>
        )}
        <g clipPath={`url(#${clip})`}>
          <g ref={body} className="lanes-body">
            {lanes.map((l, i) => {
              const y = M.top + i * ROW;
              const last = l.segments[l.segments.length - 1];
              return (
                <g key={l.conn} className={`lane-track lane-${l.state}`}>
                  {l.segments.map((s) => {
                    const x0 = x(s.from);
                    const w = Math.max(1.5, x(s.to) - x0);
                    return (
                      <rect key={`${s.from}-${s.state}`} className={`seg seg-${s.state}`} x={x0} y={y + 4} width={w} height={ROW - 8}>
                        <title>{`connection ${l.conn}: ${STATE_WORD[s.state]} from ${fmtClock(s.from)} to ${fmtClock(s.to)}`}</title>
                      </rect>
                    );
                  })}
                  {l.state === 'closed' && last && (
                    <line className="lane-end" x1={x(last.to)} x2={x(last.to)} y1={y + 2} y2={y + ROW - 2} />
                  )}
                </g>
              );
            })}
          </g>
        </g>
        {lanes.map((l, i) => {
          const y = M.top + i * ROW;
          return (
            <g key={l.conn} className={`lane lane-${l.state}`} data-conn={l.conn}>
              <text className="lane-name" x={M.left - 6} y={y + 15} textAnchor="end">
                c{l.conn}
              </text>
              <text className="lane-state" x={W - M.right + 8} y={y + 15}>
                {laneText(l)}
              </text>
            </g>
          );
        })}
      </ChartSvg>
    </div>
  );
});
