import type { ReactNode, Ref } from 'react';

/**
 * A drawing announced to screen readers as one image: an `<svg>` whose coordinates run over
 * `width` × `height`, with `label` as its text alternative. Unless `sized`, CSS decides how
 * large it shows; with `sized`, it also takes that size in pixels.
 */
export function ChartSvg({
  ref,
  className,
  width,
  height,
  sized = false,
  label,
  children,
}: {
  ref?: Ref<SVGSVGElement>;
  className: string;
  width: number;
  height: number;
  sized?: boolean;
  label: string;
  children: ReactNode;
}) {
  return (
    <svg
      ref={ref}
      className={className}
      width={sized ? width : undefined}
      height={sized ? height : undefined}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
    >
      {children}
    </svg>
  );
}
