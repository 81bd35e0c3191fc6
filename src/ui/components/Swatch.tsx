/** The chip's rectangle, inside a 16 × 12 box with room for a 1.5 px stroke. */
const BOX = { x: 1, y: 1, width: 14, height: 10, rx: 2 } as const;

/**
 * A legend's chip drawn as a small SVG rectangle with the drawing's own classes (`group` on a `<g>`,
 * `rect` on the rectangle), so the legend shows exactly what the drawing shows and cannot drift from it.
 * `overlay` draws a second rectangle over the first (a hatch, say) with that class.
 */
export function Swatch({ group, rect, overlay }: { group: string; rect?: string; overlay?: string }) {
  return (
    <svg className="legend-swatch" width={16} height={12} aria-hidden="true">
      <g className={group}>
        <rect className={rect} {...BOX} />
        {overlay && <rect className={overlay} {...BOX} />}
      </g>
    </svg>
  );
}

/** A legend's chip for a line of a chart, drawn as a short SVG path with the chart line's own class. */
export function LineSwatch({ line }: { line: string }) {
  return (
    <svg className="legend-swatch" width={20} height={12} aria-hidden="true">
      <path className={line} d="M1 6H19" />
    </svg>
  );
}
