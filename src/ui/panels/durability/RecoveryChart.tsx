import { scaleLinear } from 'd3-scale';
import { select } from 'd3-selection';
import { useLayoutEffect, useRef } from 'react';
import type { View } from '../../../engine/durability/view';
import { formatBytes } from './format';
import { slideTo } from './motion';

const W = 440;
const H = 170;
const M = { top: 14, right: 16, bottom: 34, left: 40 };

/**
 * Recovery work against checkpoint distance, from the current view: each WAL record since the
 * REDO point is one more record a crash now would replay (the step line), and the last real
 * recovery is marked where it was. A checkpoint moves the REDO point and drops the line to 0.
 */
export function RecoveryChart({ view, duration }: { view: View; duration: number }) {
  const redo = view.control.redo;
  const recs = view.wal.records;
  const since = recs.filter((r) => r.lsn >= redo);
  // The tape holds the newest records only: if it starts after the REDO point, the count is a lower bound.
  const partial = recs.length > 0 && recs[0].lsn > redo && view.wal.total > recs.length;
  const distance = Math.max(0, view.wal.insert - redo);
  const last = view.recovery && !view.recovery.failed ? { d: Math.max(0, view.recovery.position - view.recovery.from), n: view.recovery.replayed } : null;
  // Ticks on round kB once the distance passes 2 kB (0, 2 kB, 4 kB… rather than 1.9 kB, 3.9 kB…).
  const widest = Math.max(distance, last?.d ?? 0, 512);
  const unit = widest >= 2048 ? 1024 : 1;
  const inUnits = scaleLinear().domain([0, widest / unit]).nice();
  const x = scaleLinear()
    .domain([0, inUnits.domain()[1] * unit])
    .range([M.left, W - M.right]);
  const xTicks = inUnits.ticks(4).map((t) => t * unit);
  const y = scaleLinear()
    .domain([0, Math.max(since.length, last?.n ?? 0, 4)])
    .range([H - M.bottom, M.top])
    .nice();
  let d = `M${x(0)},${y(0)}`;
  since.forEach((r, i) => {
    d += ` H${x(r.lsn - redo)} V${y(i + 1)}`;
  });
  d += ` H${x(distance)}`;
  const now = { x: x(distance), y: y(since.length) };

  const dot = useRef<SVGGElement>(null);
  useLayoutEffect(() => {
    if (!dot.current) return;
    slideTo(select(dot.current), now.x, now.y, duration);
  }, [now.x, now.y, duration]);

  return (
    <section className="panel chart-panel" aria-labelledby="chart-title">
      <h2 id="chart-title">Recovery work vs checkpoint distance</h2>
      <p className="legend">
        <span className="key key-line" aria-hidden="true" /> records a crash now would replay, by WAL bytes since the REDO point ·{' '}
        <span aria-hidden="true">✕</span> the last recovery.
      </p>
      <svg
        className="chart-svg"
        width={W}
        height={H}
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`A crash now would replay ${partial ? 'at least ' : ''}${since.length} records over ${formatBytes(distance)} of WAL${last ? `; the last recovery replayed ${last.n}` : ''}`}
      >
        {y.ticks(4).map((t) => (
          <g key={`y${t}`} className="tick">
            <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} />
            <text x={M.left - 6} y={y(t) + 4} textAnchor="end">
              {t}
            </text>
          </g>
        ))}
        {xTicks.map((t) => (
          <g key={`x${t}`} className="tick">
            <text x={x(t)} y={H - M.bottom + 14} textAnchor="middle">
              {formatBytes(t).replace('.0 ', ' ')}
            </text>
          </g>
        ))}
        <text className="axis-title" x={(M.left + W - M.right) / 2} y={H - 4} textAnchor="middle">
          WAL since REDO (checkpoint distance)
        </text>
        <text className="axis-title" transform={`translate(11,${(M.top + H - M.bottom) / 2}) rotate(-90)`} textAnchor="middle">
          records to replay
        </text>
        <path className="work-line" d={d} />
        {last && (
          <g className="last-recovery" transform={`translate(${x(last.d)},${y(last.n)})`}>
            <path d="M-5,-5 L5,5 M-5,5 L5,-5" />
            <title>{`Last recovery: ${last.n} records over ${formatBytes(last.d)}`}</title>
          </g>
        )}
        <g ref={dot} className="now-dot">
          <circle r={4.5} />
        </g>
      </svg>
      <p className="chart-readout">
        Crash now: replay {partial ? '≥ ' : ''}
        <strong>{since.length}</strong> record(s), {formatBytes(distance)}
        {last ? (
          <>
            {' '}
            · last recovery: <strong>{last.n}</strong>
          </>
        ) : null}
      </p>
    </section>
  );
}
