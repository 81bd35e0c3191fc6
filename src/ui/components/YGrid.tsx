/**
 * A chart's horizontal grid: a line across the plot at each value tick, labelled in the left
 * margin. `left` and `right` are the plot's edges; labels end 6 px left of the plot.
 */
export function YGrid({
  ticks,
  y,
  left,
  right,
  format = String,
  className = 'grid',
}: {
  ticks: readonly number[];
  /** The value scale: a value's y coordinate. */
  y: (v: number) => number;
  left: number;
  right: number;
  format?: (v: number) => string;
  className?: string;
}) {
  return (
    <>
      {ticks.map((t) => (
        <g key={t} className={className}>
          <line x1={left} x2={right} y1={y(t)} y2={y(t)} />
          <text x={left - 6} y={y(t) + 4} textAnchor="end">
            {format(t)}
          </text>
        </g>
      ))}
    </>
  );
}
