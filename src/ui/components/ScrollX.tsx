import type { ReactNode, Ref } from 'react';

/**
 * A box that scrolls sideways when what it holds (a table, a chart drawn at its own pixel size) is wider
 * than the panel, so the page itself never does. It is a labelled region with a tab stop, so a keyboard
 * reaches it and scrolls it with the arrow keys; the label names what scrolls. `className` adds a panel's
 * own look; `ref` reaches the box (a tape keeps its end in view by scrolling it).
 */
export function ScrollX({
  label,
  className,
  ref,
  children,
}: {
  label: string;
  className?: string;
  ref?: Ref<HTMLDivElement>;
  children: ReactNode;
}) {
  return (
    <div className={className ? `scroll-x ${className}` : 'scroll-x'} ref={ref} role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
