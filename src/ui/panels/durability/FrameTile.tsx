import { memo } from 'react';
import type { FrameView } from '../../../engine/durability/view';

/** What happened to a frame in this step, for a short highlight. */
export type FrameTouch = 'read' | 'hit' | 'dirtied' | 'written' | null;

/** The frame as the view describes it (its number as `index`), and where the tile stands. */
interface Props extends Omit<FrameView, 'frame'> {
  readonly index: number;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly detailed: boolean;
  readonly touch: FrameTouch;
  /** Milliseconds after the step starts at which a page read into this frame lands (0: at once). */
  readonly arriveAt: number;
  /** Changes every step, so a highlight's CSS animation restarts. */
  readonly stepKey: string;
}

const MAX_USAGE = 5;

/** A name cut to `n` characters (with an ellipsis), so it stays inside its tile at 12 px. */
const short = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** A frame in words (an SVG tile's <title>, the canvas grid's tooltip). */
export function describeFrame(p: Pick<Props, 'index' | 'page' | 'table' | 'block' | 'dirty' | 'usage' | 'pin' | 'lsn'>): string {
  if (!p.page) return `Frame ${p.index}: free`;
  const parts = [
    `Frame ${p.index}: ${p.table ?? 'page'} block ${p.block} (${p.page})`,
    p.dirty ? 'dirty' : 'clean',
    `usage count ${p.usage}`,
    p.pin > 0 ? `pinned ×${p.pin}` : 'unpinned',
  ];
  if (p.lsn) parts.push(`page LSN ${p.lsn}`);
  return parts.join(', ');
}

/**
 * One buffer frame. Memoised on plain values so a step that changes one frame of 1,024
 * re-renders one tile. Dirty is a colour and a folded corner; pinned a pin; usage pips.
 */
export const FrameTile = memo(function FrameTile(p: Props) {
  const state = !p.page ? 'free' : p.dirty ? 'dirty' : 'clean';
  const fold = p.detailed ? Math.min(14, p.w * 0.3) : p.w * 0.55;
  const touched = p.touch ? ` touch-${p.touch}` : '';
  return (
    <g
      className={`frame-tile frame-${state}${p.pin > 0 ? ' pinned' : ''}`}
      transform={`translate(${p.x},${p.y})`}
      data-frame={p.index}
      data-page={p.page ?? ''}
      data-dirty={p.dirty}
      data-usage={p.usage}
      data-pin={p.pin}
    >
      <title>{describeFrame(p)}</title>
      <rect className="tile-body" width={p.w} height={p.h} rx={Math.min(5, p.w / 6)} />
      <g
        key={p.touch || p.arriveAt ? p.stepKey : 'still'}
        className={`tile-content${touched}${p.arriveAt > 0 ? ' arriving' : ''}`}
        style={p.arriveAt > 0 ? { animationDelay: `${p.arriveAt}ms` } : undefined}
      >
        {p.dirty && <path className="dirty-mark" d={`M${p.w - fold},0 H${p.w - 4} Q${p.w},0 ${p.w},4 V${fold} Z`} />}
        {p.pin > 0 && (
          <g className="pin-mark" transform={`translate(${p.detailed ? p.w - 10 : p.w / 2},${p.detailed ? p.h - 14 : p.h / 2})`}>
            <circle r={p.detailed ? 3.5 : Math.max(1.5, p.w / 8)} />
            {p.detailed && <line y1={3} y2={9} />}
          </g>
        )}
        {p.detailed && (
          <>
            <text className="frame-no" x={5} y={14}>
              {p.index}
            </text>
            {p.page ? (
              <>
                {/* Three lines of 12 px text (frame number, page, table), then the usage pips. */}
                <g className="usage" transform={`translate(5,${p.h - 7})`}>
                  {Array.from({ length: MAX_USAGE }, (_, i) => (
                    <circle key={i} cx={i * 7 + 3} r={2.4} className={i < p.usage ? 'pip on' : 'pip'} />
                  ))}
                </g>
                <text className="frame-page" x={p.w / 2} y={31} textAnchor="middle">
                  {p.page}
                </text>
                <text className="frame-table" x={p.w / 2} y={46} textAnchor="middle">
                  {short(p.table ?? '', 8)}
                </text>
              </>
            ) : (
              <text className="frame-free" x={p.w / 2} y={p.h / 2 + 8} textAnchor="middle">
                free
              </text>
            )}
          </>
        )}
      </g>
    </g>
  );
});
