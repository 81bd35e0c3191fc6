import type { ReactNode } from 'react';

/** A named figure: its name, its value, and how to mark it. */
interface Figure {
  readonly term: string;
  readonly value: ReactNode;
  /** Marks the figure as showing a problem (the `bad` class on its group). */
  readonly bad?: boolean;
  /** A class for the value, where the figure has a colour of its own. */
  readonly valueClass?: string;
}

/** Named figures as a description list, one `<div>` per figure holding its name and its value. */
export function Figures({ className, label, items }: { className: string; label?: string; items: readonly Figure[] }) {
  return (
    <dl className={className} aria-label={label}>
      {items.map((f) => (
        <div key={f.term} className={f.bad ? 'bad' : undefined}>
          <dt>{f.term}</dt>
          <dd className={f.valueClass}>{f.value}</dd>
        </div>
      ))}
    </dl>
  );
}
