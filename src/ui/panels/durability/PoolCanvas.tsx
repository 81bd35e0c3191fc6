import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { FrameView } from '../../../engine/durability/view';
import { describeFrame, type FrameTouch } from './FrameTile';
import type { PoolLayout } from './pool-layout';

/** Above this many frames the compact grid is one <canvas> instead of an SVG group per frame. */
export const CANVAS_MIN_FRAMES = 129;

/** The theme colours a tile needs, read from the CSS custom properties (light or dark). */
export interface TileColours {
  readonly surface: string;
  readonly surface2: string;
  readonly text: string;
  readonly durable: string;
  readonly dirty: string;
  readonly dirtyBg: string;
}

/** Light-theme values, for environments without CSS (tests). */
const FALLBACK: TileColours = {
  surface: '#ffffff',
  surface2: '#eef1f4',
  text: '#1b1f24',
  durable: '#007a5a',
  dirty: '#b36b00',
  dirtyBg: '#fbeed8',
};

function readColours(el: Element): TileColours {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    surface: v('--surface', FALLBACK.surface),
    surface2: v('--surface-2', FALLBACK.surface2),
    text: v('--text', FALLBACK.text),
    durable: v('--durable', FALLBACK.durable),
    dirty: v('--dirty', FALLBACK.dirty),
    dirtyBg: v('--dirty-bg', FALLBACK.dirtyBg),
  };
}

/** What a tile looks like, as one string: a tile is redrawn only when this changes. */
const tileLook = (f: FrameView, touch: FrameTouch): string =>
  `${!f.page ? 'free' : f.dirty ? 'dirty' : 'clean'}${f.pin > 0 ? ' pinned' : ''}${touch === 'read' ? ' read' : ''}`;

type Ctx = Pick<
  CanvasRenderingContext2D,
  | 'clearRect'
  | 'beginPath'
  | 'moveTo'
  | 'lineTo'
  | 'quadraticCurveTo'
  | 'arc'
  | 'closePath'
  | 'fill'
  | 'stroke'
  | 'fillStyle'
  | 'strokeStyle'
  | 'lineWidth'
>;

function roundedRect(ctx: Ctx, x: number, y: number, w: number, h: number, r: number) {
  ctx.beginPath();
  ctx.moveTo(x + r, y);
  ctx.lineTo(x + w - r, y);
  ctx.quadraticCurveTo(x + w, y, x + w, y + r);
  ctx.lineTo(x + w, y + h - r);
  ctx.quadraticCurveTo(x + w, y + h, x + w - r, y + h);
  ctx.lineTo(x + r, y + h);
  ctx.quadraticCurveTo(x, y + h, x, y + h - r);
  ctx.lineTo(x, y + r);
  ctx.quadraticCurveTo(x, y, x + r, y);
  ctx.closePath();
}

/**
 * Draw one compact tile as the SVG grid does (`.pool-compact` in durability.css): free frames a
 * plain grey tile, clean ones outlined green, dirty ones orange with a folded corner, a dot for a
 * pin, a thicker outline for a page read in this step. Strokes stay inside the tile's box, so a
 * tile can be cleared and redrawn without touching its neighbours.
 */
function drawTile(ctx: Ctx, f: FrameView, touch: FrameTouch, x: number, y: number, w: number, h: number, c: TileColours): void {
  ctx.clearRect(x - 0.5, y - 0.5, w + 1, h + 1);
  const r = Math.min(5, w / 6);
  const state = !f.page ? 'free' : f.dirty ? 'dirty' : 'clean';
  if (state === 'free') {
    roundedRect(ctx, x, y, w, h, r);
    ctx.fillStyle = c.surface2;
    ctx.fill();
  } else {
    const lw = touch === 'read' ? 2.5 : 1;
    roundedRect(ctx, x + lw / 2, y + lw / 2, w - lw, h - lw, r);
    ctx.fillStyle = state === 'dirty' ? c.dirtyBg : c.surface;
    ctx.fill();
    ctx.lineWidth = lw;
    ctx.strokeStyle = state === 'dirty' ? c.dirty : c.durable;
    ctx.stroke();
  }
  if (f.dirty) {
    const fold = w * 0.55;
    ctx.beginPath();
    ctx.moveTo(x + w - fold, y);
    ctx.lineTo(x + w - 4, y);
    ctx.quadraticCurveTo(x + w, y, x + w, y + 4);
    ctx.lineTo(x + w, y + fold);
    ctx.closePath();
    ctx.fillStyle = c.dirty;
    ctx.fill();
  }
  if (f.pin > 0) {
    ctx.beginPath();
    ctx.arc(x + w / 2, y + h / 2, Math.max(1.5, w / 8), 0, 2 * Math.PI);
    ctx.fillStyle = c.text;
    ctx.fill();
  }
}

/**
 * Redraw the tiles whose look differs from `drawn` (all of them when `drawn` is empty), and
 * record their new look there. Returns the frames it drew.
 */
function drawChangedTiles(
  ctx: Ctx,
  frames: readonly FrameView[],
  layout: Pick<PoolLayout, 'tiles' | 'tileW' | 'tileH'>,
  touched: ReadonlyMap<number, FrameTouch>,
  colours: TileColours,
  drawn: string[],
): number[] {
  const out: number[] = [];
  for (const f of frames) {
    const touch = touched.get(f.frame) ?? null;
    const look = tileLook(f, touch);
    if (drawn[f.frame] === look) continue;
    const box = layout.tiles[f.frame];
    if (!box) continue;
    drawTile(ctx, f, touch, box.x, box.y, layout.tileW, layout.tileH, colours);
    drawn[f.frame] = look;
    out.push(f.frame);
  }
  return out;
}

const darkQuery = () =>
  typeof window !== 'undefined' && typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : null;

interface Props {
  readonly frames: readonly FrameView[];
  readonly layout: PoolLayout;
  readonly touched: ReadonlyMap<number, FrameTouch>;
}

/**
 * A large pool's compact grid as one canvas under the pool's SVG (which keeps the clock hand's
 * marker, the data-file strip and the flying pages). Each step redraws only the tiles that
 * changed; hovering a tile shows the same description an SVG tile's <title> gives. The SVG's
 * label and the summary under it say what the canvas shows in words.
 */
export function PoolCanvas({ frames, layout, touched }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawn = useRef<string[]>([]);
  const framesRef = useRef(frames);
  framesRef.current = frames;
  const [theme, setTheme] = useState(0);
  const ratio = typeof window !== 'undefined' ? Math.min(2, Math.max(1, window.devicePixelRatio || 1)) : 1;
  const pixelW = Math.round(layout.width * ratio);
  const pixelH = Math.round(layout.poolHeight * ratio);

  // A change of theme (the system's dark mode) repaints every tile in the new colours.
  useEffect(() => {
    const q = darkQuery();
    if (!q) return;
    const onChange = () => setTheme((t) => t + 1);
    q.addEventListener('change', onChange);
    return () => q.removeEventListener('change', onChange);
  }, []);

  const colours = useRef<{ theme: number; value: TileColours } | null>(null);
  // A new layout or backing size (the canvas is cleared when resized) or theme: draw everything.
  useLayoutEffect(() => {
    drawn.current = [];
  }, [layout, pixelW, pixelH, theme]);

  useLayoutEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx) return;
    if (!colours.current || colours.current.theme !== theme) colours.current = { theme, value: readColours(el) };
    if (drawn.current.length === 0) {
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, pixelW, pixelH);
    }
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    drawChangedTiles(ctx, frames, layout, touched, colours.current.value, drawn.current);
  }, [frames, layout, touched, theme, ratio, pixelW, pixelH]);

  // The tile under the pointer, described in the canvas's tooltip.
  const onPointerMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const el = e.currentTarget;
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) return;
    const x = ((e.clientX - rect.left) / rect.width) * layout.width;
    const y = ((e.clientY - rect.top) / rect.height) * layout.poolHeight;
    const i = layout.tiles.findIndex((b) => x >= b.x && x <= b.x + layout.tileW && y >= b.y && y <= b.y + layout.tileH);
    const f = i >= 0 ? framesRef.current[i] : undefined;
    el.title = f ? describeFrame({ ...f, index: f.frame }) : '';
  };

  return (
    <canvas
      ref={canvas}
      className="pool-canvas"
      width={pixelW}
      height={pixelH}
      style={{ height: `${(layout.poolHeight / layout.height) * 100}%` }}
      aria-hidden="true"
      data-frames={frames.length}
      onPointerMove={onPointerMove}
    />
  );
}

/** The grid's contents in words, for screen readers (the canvas is a picture of the same). */
export function poolDetails(frames: readonly FrameView[]): string {
  const list = (xs: number[]) =>
    xs.length === 0 ? 'none' : xs.length > 24 ? `${xs.slice(0, 24).join(', ')} and ${xs.length - 24} more` : xs.join(', ');
  const dirty = frames.filter((f) => f.dirty).map((f) => f.frame);
  const pinned = frames.filter((f) => f.pin > 0).map((f) => f.frame);
  const usage = new Map<number, number>();
  for (const f of frames) if (f.page) usage.set(f.usage, (usage.get(f.usage) ?? 0) + 1);
  const counts = [...usage].sort((a, b) => b[0] - a[0]).map(([u, k]) => `${k} at ${u}`);
  return `Dirty frames: ${list(dirty)}. Pinned frames: ${list(pinned)}. Usage counts of frames in use: ${counts.join(', ') || 'none'}.`;
}
