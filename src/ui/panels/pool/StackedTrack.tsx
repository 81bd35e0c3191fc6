/** A segment of a stacked bar. */
interface Segment {
  readonly key: string;
  readonly value: number;
  readonly className: string;
  /** The segment's tooltip. */
  readonly title: string;
}

/** A horizontal bar of segments side by side, each as wide as its share of `scale`; empty segments are left out. */
export function StackedTrack({
  className,
  label,
  segments,
  scale,
}: {
  className: string;
  /** The whole bar in words (it is one image to assistive technology). */
  label: string;
  segments: readonly Segment[];
  scale: number;
}) {
  return (
    <div className={className} role="img" aria-label={label}>
      {segments.map((s) =>
        s.value > 0 ? <span key={s.key} className={s.className} style={{ width: `${(100 * s.value) / scale}%` }} title={s.title} /> : null,
      )}
    </div>
  );
}
