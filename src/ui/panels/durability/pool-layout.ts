import { scaleBand, scaleLinear } from 'd3-scale';

/** Where one frame's tile sits in the buffer pool drawing. */
export interface TileBox {
  readonly x: number;
  readonly y: number;
}

export interface PoolLayout {
  /** `ring`: a clock face, for small pools (the sweep reads as a hand going round); `grid` otherwise. */
  readonly mode: 'ring' | 'grid';
  readonly width: number;
  readonly height: number;
  /** Height of the frames' part of the drawing (above the data-file strip). */
  readonly poolHeight: number;
  readonly tileW: number;
  readonly tileH: number;
  /** Room for per-frame text (page, usage pips); small tiles show state only. */
  readonly detailed: boolean;
  /** Top-left corner of each frame's tile. */
  readonly tiles: readonly TileBox[];
  /** Centre of the clock face (ring mode). */
  readonly cx: number;
  readonly cy: number;
  /** Length of the clock hand (ring mode). */
  readonly hand: number;
  /** The data-file strip under the pool: one slot per page, pages travel between it and the frames. */
  readonly disk: { readonly y: number; readonly h: number; readonly slot: (page: string) => TileBox | null; readonly slotW: number };
}

/** Width of the drawing when the panel's is not known yet; the panel lays the pool out at its own width. */
export const POOL_WIDTH = 520;
const RING_MAX = 8;
const DISK_H = 26;
const DISK_GAP = 34;

/** The clock hand's angle (degrees clockwise from 12 o'clock) pointing at frame `i` of `n`. */
export const handAngle = (i: number, n: number): number => scaleLinear().domain([0, n]).range([0, 360])(i);

/**
 * Lay out `n` frames and the data-file pages below them. Pure maths (d3 scales), no DOM,
 * so a 1,024-frame pool costs one pass and the tiles can be memoised on their box.
 */
export function poolLayout(n: number, pages: readonly string[], width = POOL_WIDTH): PoolLayout {
  let mode: PoolLayout['mode'];
  let tileW: number;
  let tileH: number;
  let tiles: TileBox[];
  const cx = width / 2;
  let cy = 0;
  let hand = 0;
  let poolH: number;
  if (n <= RING_MAX) {
    mode = 'ring';
    tileW = 82;
    tileH = 62;
    const r = Math.max(92, (tileW + 14) / (2 * Math.sin(Math.PI / Math.max(n, 2))));
    cy = r + tileH / 2 + 6;
    hand = r - tileH / 2 - 8;
    const angle = scaleLinear()
      .domain([0, n])
      .range([-Math.PI / 2, (3 * Math.PI) / 2]);
    tiles = Array.from({ length: n }, (_, i) => ({
      x: cx + r * Math.cos(angle(i)) - tileW / 2,
      y: cy + r * Math.sin(angle(i)) - tileH / 2,
    }));
    poolH = 2 * cy;
  } else {
    mode = 'grid';
    // Tiles as large as fit a 520 × 360 area, between 8 px and a readable 64 px.
    const side = Math.max(8, Math.min(64, Math.floor(Math.sqrt((width * 360) / n))));
    const cols = Math.max(1, Math.floor(width / side));
    const rows = Math.ceil(n / cols);
    const detailedGrid = side >= 56;
    const x = scaleBand<number>()
      .domain(d3range(cols))
      .range([0, cols * side])
      .paddingInner(detailedGrid ? 0.1 : 0.15);
    // A detailed tile holds three lines of 12 px text and a row of usage pips.
    const rowH = detailedGrid ? 70 : side;
    const y = scaleBand<number>()
      .domain(d3range(rows))
      .range([4, 4 + rows * rowH])
      .paddingInner(detailedGrid ? 0.12 : 0.15);
    tileW = x.bandwidth();
    tileH = y.bandwidth();
    const offset = (width - cols * side) / 2;
    tiles = Array.from({ length: n }, (_, i) => ({ x: offset + (x(i % cols) ?? 0), y: y(Math.floor(i / cols)) ?? 0 }));
    poolH = 4 + rows * rowH;
  }
  const slots = scaleBand<string>()
    .domain(pages)
    .range([0, Math.min(width, pages.length * 72)])
    .paddingInner(0.12);
  const slotW = slots.bandwidth();
  const diskY = poolH + DISK_GAP;
  const left = (width - Math.min(width, pages.length * 72)) / 2;
  return {
    mode,
    width,
    height: diskY + DISK_H + 4,
    poolHeight: poolH,
    tileW,
    tileH,
    detailed: tileW >= 56,
    tiles,
    cx,
    cy,
    hand,
    disk: {
      y: diskY,
      h: DISK_H,
      slotW,
      slot: (page) => {
        const x = slots(page);
        return x === undefined ? null : { x: left + x, y: diskY };
      },
    },
  };
}

const d3range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
