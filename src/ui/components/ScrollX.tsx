import type { ReactNode } from 'react';

/**
 * A box that scrolls sideways when what it holds (a table, a chart drawn at its own pixel size) is wider
 * than the panel, so the page itself never does. It is a labelled region with a tab stop, so a keyboard
 * reaches it and scrolls it with the arrow keys; the label names what scrolls.
 */
export function ScrollX({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="scroll-x" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
