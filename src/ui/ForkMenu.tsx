import { useState } from 'react';
import { Icon } from './icons';

interface Props {
  suggestions: readonly { readonly label: string; readonly action: unknown }[];
  atEnd: boolean;
  onFork(action: unknown, label: string): void;
}

/** "What if?": replace what happens after this step with another action (or add one at the end). */
export function ForkMenu({ suggestions, atEnd, onFork }: Props) {
  const [open, setOpen] = useState(false);
  if (suggestions.length === 0) return null;
  return (
    <div className="fork">
      <button type="button" aria-expanded={open} aria-controls="fork-options" onClick={() => setOpen(!open)}>
        <Icon name={atEnd ? 'plus' : 'fork'} /> {atEnd ? 'Add a step' : 'Fork from here'}
      </button>
      {open && (
        <div id="fork-options" className="fork-options" role="group" aria-label="What happens next">
          <p>{atEnd ? 'Continue the scenario with:' : 'Instead of the next step, do:'}</p>
          {suggestions.map((s) => (
            <button
              key={s.label}
              type="button"
              onClick={() => {
                setOpen(false);
                onFork(s.action, s.label);
              }}
            >
              {s.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
