import { scaleLinear } from 'd3-scale';
import { select } from 'd3-selection';
import { useMemo } from 'react';
import type { View } from '../../../engine/durability/view';
import { type D3Behaviour, interruptAll, useD3Behaviour } from '../../d3-behaviour';
import { YGrid } from '../../components/YGrid';
import { formatBytes } from './format';
import { slideTo } from './motion';
import { ChartSvg } from '../../components/ChartSvg';
import { Panel } from '../../components/Panel';
import { ScrollX } from '../../components/ScrollX';
import { LineSwatch } from '../../components/Swatch';

/** What the chart draws: records a crash would replay (each WAL insert), checkpoints cutting them, recoveries. */
const CHART_EVENTS = ['wal.inserted', 'checkpoint.finished', 'recovery.finished'];

const W = 440;
const H = 170;
const M = { top: 14, right: 16, bottom: 34, left: 40 };

/** The chart's present moment, a dot sliding to (x, y); `destroy` stops its slide. */
function nowDot(g: SVGGElement): D3Behaviour<{ readonly x: number; readonly y: number; readonly duration: number }> {
  return {
    update: ({ x, y, duration }) => slideTo(select(g), x, y, duration),
    destroy: () => interruptAll(g),
  };
}

/**
 * Recovery work against checkpoint distance over the run. The step line is the present: each
 * WAL record since the REDO point is one more record a crash now would replay. Behind it, the
 * run's history (view.history): the faint trail climbs as WAL accumulates and drops at each
 * checkpoint (◆ marks the distance that checkpoint cut), and ✕ marks each real recovery at the
 * distance it covered and the records it replayed.
 */
export function RecoveryChart({ view, duration }: { view: View; duration: number }) {
  const redo = view.control.redo;
  const recs = view.wal.records;
  const since = recs.filter((r) => r.lsn >= redo);
  // The tape holds the newest records only: if it starts after the REDO point, the count is a lower bound.
  const partial = recs.length > 0 && recs[0].lsn > redo && view.wal.total > recs.length;
  const distance = Math.max(0, view.wal.insert - redo);
  const last =
    view.recovery && !view.recovery.failed
      ? { d: Math.max(0, view.recovery.position - view.recovery.from), n: view.recovery.replayed }
      : null;
  const history = view.history;
  const trail = history.filter((p) => p.kind !== 'recovery');
  const cuts = history.filter((p) => p.kind === 'checkpoint');
  const recoveries = history.filter((p) => p.kind === 'recovery');
  const histX = Math.max(0, ...history.map((p) => p.walBytesSinceRedo));
  const histY = Math.max(0, ...trail.map((p) => p.recordsSinceRedo), ...recoveries.map((p) => p.recordsReplayed));
  // Ticks on round kB once the distance passes 2 kB (0, 2 kB, 4 kB… rather than 1.9 kB, 3.9 kB…).
  const widest = Math.max(distance, last?.d ?? 0, histX, 512);
  const unit = widest >= 2048 ? 1024 : 1;
  const inUnits = scaleLinear()
    .domain([0, widest / unit])
    .nice();
  const x = scaleLinear()
    .domain([0, inUnits.domain()[1] * unit])
    .range([M.left, W - M.right]);
  const xTicks = inUnits.ticks(4).map((t) => t * unit);
  const y = scaleLinear()
    .domain([0, Math.max(since.length, last?.n ?? 0, histY, 4)])
    .range([H - M.bottom, M.top])
    .nice();
  let d = `M${x(0)},${y(0)}`;
  since.forEach((r, i) => {
    d += ` H${x(r.lsn - redo)} V${y(i + 1)}`;
  });
  d += ` H${x(distance)}`;
  const now = { x: x(distance), y: y(since.length) };
  const trailPath = trail
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.walBytesSinceRedo).toFixed(1)},${y(p.recordsSinceRedo).toFixed(1)}`)
    .join(' ');
  const cutSum = cuts.reduce((n, p) => n + p.recordsSinceRedo, 0);

  const dotAt = useMemo(() => ({ x: now.x, y: now.y, duration }), [now.x, now.y, duration]);
  const dot = useD3Behaviour(nowDot, dotAt);

  return (
    <Panel
      name="chart"
      title="Recovery work vs checkpoint distance"
      className="chart-panel"
      optional
      touchedBy={CHART_EVENTS}
      legend={
        <>
          <LineSwatch line="work-line" /> records a crash now would replay, by WAL bytes since the REDO point ·{' '}
          <LineSwatch line="history-line" /> the run so far, <span aria-hidden="true">◆</span> where a checkpoint cut it ·{' '}
          <span aria-hidden="true">✕</span> a recovery.
        </>
      }
    >
      <ScrollX label="Recovery distance chart (scrolls sideways)">
        <ChartSvg
          className="chart-svg"
          width={W}
          height={H}
          sized
          label={`A crash now would replay ${partial ? 'at least ' : ''}${since.length} records over ${formatBytes(distance)} of WAL${last ? `; the last recovery replayed ${last.n}` : ''}; ${cuts.length} checkpoint(s) and ${recoveries.length} recovery(ies) so far`}
        >
          <YGrid ticks={y.ticks(4)} y={y} left={M.left} right={W - M.right} className="tick" />
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
          {trail.length > 1 && <path className="history-line" d={trailPath} />}
          {cuts.map((p) => (
            <path
              key={`c${p.step}`}
              className="history-cut"
              d={`M${x(p.walBytesSinceRedo)},${y(p.recordsSinceRedo) - 4} l4,4 l-4,4 l-4,-4 Z`}
            >
              <title>{`Step ${p.step}: a checkpoint cut ${p.recordsSinceRedo} record(s), ${formatBytes(p.walBytesSinceRedo)} of WAL, from the replay`}</title>
            </path>
          ))}
          <path className="work-line" d={d} />
          {recoveries.map((p, i) => (
            <g
              key={`r${p.step}`}
              className={i === recoveries.length - 1 && last ? 'last-recovery' : 'past-recovery'}
              transform={`translate(${x(p.walBytesSinceRedo)},${y(p.recordsReplayed)})`}
            >
              <path d="M-5,-5 L5,5 M-5,5 L5,-5" />
              <title>{`Step ${p.step}: recovery replayed ${p.recordsReplayed} record(s) over ${formatBytes(p.walBytesSinceRedo)}`}</title>
            </g>
          ))}
          <g ref={dot} className="now-dot">
            <circle r={4.5} />
          </g>
        </ChartSvg>
      </ScrollX>
      <p className="chart-readout">
        Crash now: replay {partial ? '≥ ' : ''}
        <strong>{since.length}</strong> record(s), {formatBytes(distance)}
        {last ? (
          <>
            {' '}
            · last recovery: <strong>{last.n}</strong>
          </>
        ) : null}
        {cuts.length > 0 ? ` · ${cuts.length} checkpoint(s) cut ${cutSum} record(s) from the replay` : ''}
      </p>
    </Panel>
  );
}
