import { useMemo } from 'react';
import type { View } from '../../../engine/durability/view';
import { Panel } from '../../components/Panel';
import { useWidth } from '../../components/use-width';
import { useD3Behaviour } from '../../d3-behaviour';
import type { DurabilityEvent } from './format';
import { type FrameTouch, FrameTile } from './FrameTile';
import { MAX_ANIMATED_MOVES, moveTiming, pageMoves } from './page-motion';
import { POOL_WIDTH, poolLayout } from './pool-layout';
import { poolMotion } from './pool-motion';
import { CANVAS_MIN_FRAMES, PoolCanvas, poolDetails } from './PoolCanvas';

interface Props {
  readonly view: View;
  readonly events: readonly DurabilityEvent[];
  readonly duration: number;
  readonly stepKey: string;
}

type SlotState = 'durable' | 'os' | 'torn' | 'absent';

/** What this step did to each frame, for a highlight (the last thing wins). */
function touches(events: readonly DurabilityEvent[]): Map<number, FrameTouch> {
  const out = new Map<number, FrameTouch>();
  for (const e of events) {
    if (e.type === 'page.read') out.set(e.frame, 'read');
    else if (e.type === 'page.hit' && !out.has(e.frame)) out.set(e.frame, 'hit');
    else if (e.type === 'page.dirtied') out.set(e.frame, 'dirtied');
    else if (e.type === 'page.written') out.set(e.frame, 'written');
  }
  return out;
}

/** What this panel draws: pages moving in and out of frames, and the frames a crash empties. */
const POOL_EVENTS = ['page.*', 'node.crashed'];

/** The narrowest and widest the pool is laid out: narrower screens scroll it inside its box. */
const MIN_WIDTH = 280;
const MAX_WIDTH = 560;

/** Shared buffers: the frames, the clock sweep, and pages travelling between the data files and the frames. */
export function BufferPoolPanel({ view, events, duration, stepKey }: Props) {
  const pages = useMemo(() => view.files.flatMap((f) => f.pages.map((p) => p.key)), [view.files]);
  const pagesKey = pages.join(' ');
  const n = view.frames.length;
  // Laid out at its box's width, so the tiles keep their 12 px text and wrap into more rows on a narrow screen.
  const [box, width] = useWidth<HTMLDivElement>(POOL_WIDTH, { min: MIN_WIDTH, max: MAX_WIDTH });
  // Keyed on the page list's text: a new view brings new arrays every step, the layout rarely changes.
  const layout = useMemo(() => poolLayout(n, pagesKey ? pagesKey.split(' ') : [], width), [n, pagesKey, width]);
  // A large pool's compact grid is one canvas redrawn tile by tile, not an SVG group per frame.
  const canvas = layout.mode === 'grid' && !layout.detailed && n >= CANVAS_MIN_FRAMES;
  const moves = useMemo(() => pageMoves(events), [events]);
  const touched = useMemo(() => touches(events), [events]);
  const animated = duration > 0 && moves.length <= MAX_ANIMATED_MOVES;
  const arrivals = new Map<number, number>();
  if (animated) {
    moves.forEach((m, i) => {
      if (m.kind !== 'read' && m.kind !== 'new') return;
      const t = moveTiming(i, moves.length, duration);
      arrivals.set(m.frame, Math.round(t.delay + (m.kind === 'read' ? t.length : t.length / 2)));
    });
  }
  const slotState = new Map<string, SlotState>();
  for (const f of view.files)
    for (const p of f.pages) slotState.set(p.key, p.os ? 'os' : p.durable ? (p.durable.checksumOk ? 'durable' : 'torn') : 'absent');

  const clockHand = view.clockHand;
  const motion = useMemo(
    () => ({ moves, animated, layout, duration, clockHand, frames: n }),
    [moves, animated, layout, duration, clockHand, n],
  );
  const sectionRef = useD3Behaviour<HTMLDivElement, typeof motion>(poolMotion, motion);

  const used = view.frames.filter((f) => f.page).length;
  const dirty = view.frames.filter((f) => f.dirty).length;
  const pinned = view.frames.filter((f) => f.pin > 0).length;

  const svgEl = (
    <svg
      className={`pool-svg pool-${layout.detailed ? 'detailed' : 'compact'}`}
      width={layout.width}
      height={layout.height}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      role="img"
      aria-label={`Shared buffers: ${n} frames, ${used} in use, ${dirty} dirty, ${pinned} pinned; clock hand at frame ${view.clockHand}`}
    >
      {layout.mode === 'ring' && (
        <>
          <circle className="clock-face" cx={layout.cx} cy={layout.cy} r={layout.hand + 4} />
          <g className="clock-hand">
            <line x1={layout.cx} y1={layout.cy} x2={layout.cx} y2={layout.cy - layout.hand} />
            <path
              d={`M${layout.cx - 6},${layout.cy - layout.hand + 9} L${layout.cx},${layout.cy - layout.hand} L${layout.cx + 6},${layout.cy - layout.hand + 9}`}
            />
          </g>
          <circle className="clock-hub" cx={layout.cx} cy={layout.cy} r={4} />
          <text className="clock-label" x={layout.cx} y={layout.cy + 18} textAnchor="middle">
            clock hand
          </text>
        </>
      )}
      {!canvas && (
        <g className="tiles">
          {view.frames.map((f) => {
            const box = layout.tiles[f.frame];
            const touch = touched.get(f.frame) ?? null;
            const arriveAt = arrivals.get(f.frame) ?? 0;
            return (
              <FrameTile
                key={f.frame}
                index={f.frame}
                x={box.x}
                y={box.y}
                w={layout.tileW}
                h={layout.tileH}
                detailed={layout.detailed}
                page={f.page}
                table={f.table}
                block={f.block}
                dirty={f.dirty}
                pin={f.pin}
                usage={f.usage}
                lsn={f.lsn}
                touch={touch}
                arriveAt={arriveAt}
                // Only a tile this step touched needs the step's key (to replay its highlight):
                // the others keep their props, so memo skips them (1,024 tiles at Max speed).
                stepKey={touch || arriveAt ? stepKey : ''}
              />
            );
          })}
        </g>
      )}
      {layout.mode === 'grid' && (
        <g className="hand-marker">
          <rect x={-2.5} y={-2.5} width={layout.tileW + 5} height={layout.tileH + 5} rx={6} />
        </g>
      )}
      <g className="disk-strip">
        <text className="strip-label" x={0} y={layout.disk.y - 8}>
          Data files on disk
        </text>
        {pages.map((p) => {
          const slot = layout.disk.slot(p);
          if (!slot) return null;
          const state = slotState.get(p) ?? 'absent';
          return (
            <g
              key={p}
              data-page={p}
              className={`slot slot-${state}${layout.disk.slotW < 10 ? ' slot-tiny' : ''}`}
              transform={`translate(${slot.x},${slot.y})`}
            >
              <title>{`${p}: ${state === 'os' ? 'written, in the OS cache, not yet fsync’d' : state === 'torn' ? 'torn on disk' : state === 'absent' ? 'not on disk yet' : 'durable on disk'}`}</title>
              <rect width={layout.disk.slotW} height={layout.disk.h} rx={3} />
              {layout.disk.slotW >= 44 && (
                <text x={layout.disk.slotW / 2} y={layout.disk.h / 2 + 4} textAnchor="middle">
                  {p}
                </text>
              )}
            </g>
          );
        })}
      </g>
      <g className="ghosts" />
    </svg>
  );

  return (
    <Panel
      name="pool"
      title="Shared buffers (buffer pool)"
      className="pool-panel"
      touchedBy={POOL_EVENTS}
      legend={
        <>
          One tile per 8 kB frame: page <code>relfilenode/block</code>,{' '}
          <svg className="glyph" width="14" height="12" aria-hidden="true">
            <rect className="glyph-tile" x="0.5" y="0.5" width="13" height="11" rx="2" />
            <path className="dirty-mark" d="M7,0.5 H13.5 V7 Z" />
          </svg>{' '}
          dirty,{' '}
          <span className="pips" aria-hidden="true">
            ●●○
          </span>{' '}
          usage count, <span aria-hidden="true">⚲</span> pinned; the clock hand sweeps for a victim.
        </>
      }
    >
      <div ref={box} className="pool-box">
        <div ref={sectionRef} className="pool-motion-root">
          {canvas ? (
            <div className="pool-drawing" style={{ width: layout.width }}>
              <PoolCanvas frames={view.frames} layout={layout} touched={touched} />
              {svgEl}
            </div>
          ) : (
            svgEl
          )}
        </div>
      </div>
      {canvas && <p className="visually-hidden">{poolDetails(view.frames)}</p>}
      <p className="pool-summary">
        {used} of {n} frames in use · {dirty} dirty · {pinned} pinned · clock hand at frame {view.clockHand}
      </p>
    </Panel>
  );
}
