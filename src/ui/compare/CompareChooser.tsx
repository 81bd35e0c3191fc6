import { useEffect, useId, useRef, useState } from 'react';
import type { Scenario } from '../../engine/scenario/schema';
import { messageOf } from '../engine-trouble';
import { type OptionValue, optionsFor, valuesFor } from './options';
import { checkSpec, type CompareSpec } from './spec';
import { SelectField } from '../components/SelectField';

interface Props {
  base: Scenario;
  step: number;
  onOpen(spec: CompareSpec): void;
  onClose(): void;
}

/** The values offered for an option, with the scenario's own value first in line if it is not among them. */
function choices(base: Scenario, path: string): { values: readonly OptionValue[]; own: unknown } {
  const option = optionsFor(base).find((o) => o.path === path);
  if (!option) return { values: [], own: undefined };
  const own = option.read(base.options);
  const values = valuesFor(option, base);
  const extra = values.some((v) => v.value === own)
    ? []
    : [{ token: String(own), label: `${option.label} = ${String(own)} (this scenario’s)`, value: own }];
  return { values: [...extra, ...values], own };
}

/** The first value index no other side has, for a new side C. */
const freeIndex = (count: number, taken: readonly number[]) => [...Array(count).keys()].find((i) => !taken.includes(i)) ?? 0;

/**
 * "Compare": pick one of the lab's options and two values (a third where the option has three
 * or more); the comparison opens at the current step. Only the options the lab has are
 * offered, with the values they take.
 */
export function CompareChooser({ base, step, onOpen, onClose }: Props) {
  const options = optionsFor(base);
  const [path, setPath] = useState(options[0]?.path ?? '');
  const { values, own } = choices(base, path);
  const ownIndex = Math.max(
    0,
    values.findIndex((v) => v.value === own),
  );
  const [a, setA] = useState(ownIndex);
  const [b, setB] = useState(ownIndex === 0 ? 1 : 0);
  /** Side C's value index, or null for a two-sided comparison. */
  const [c, setC] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const dialog = useRef<HTMLDivElement>(null);
  const id = useId();

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    dialog.current?.querySelector<HTMLElement>('select, button')?.focus();
    return () => previous?.focus?.();
  }, []);

  const pickOption = (next: string) => {
    setPath(next);
    const c = choices(base, next);
    const own = Math.max(
      0,
      c.values.findIndex((v) => v.value === c.own),
    );
    setA(own);
    setB(own === 0 ? 1 : 0);
    setC(null);
    setError(null);
  };

  const submit = () => {
    const option = options.find((o) => o.path === path);
    if (!option) return;
    try {
      const third = c === null ? {} : { c: values[c]?.value };
      onOpen(checkSpec({ base, option, a: values[a]?.value, b: values[b]?.value, ...third, step }));
    } catch (err) {
      setError(messageOf(err));
    }
  };

  const valueChoices = values.map((v, i) => ({ value: i, label: v.label }));
  const select = (label: string, value: number, set: (n: number) => void) => (
    <SelectField className="compare-field" label={label} value={value} choices={valueChoices} onChange={(n) => (set(n), setError(null))} />
  );

  return (
    <div className="overlay" onClick={onClose} role="presentation">
      <div
        ref={dialog}
        className="dialog compare-chooser"
        data-own-keys
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === 'Escape' && onClose()}
      >
        <h2 id={`${id}-title`}>Compare with one setting changed</h2>
        {options.length === 0 ? (
          <>
            <p>The {base.lab} lab has no option that changes what happens, so there is nothing to compare here.</p>
            <button type="button" onClick={onClose}>
              Close
            </button>
          </>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              submit();
            }}
          >
            <p>The same steps on the same seed, run two or three times side by side; one timeline drives them all.</p>
            <SelectField
              className="compare-field"
              label="Setting"
              value={path}
              choices={options.map((o) => ({ value: o.path, label: o.label }))}
              onChange={pickOption}
            />
            <p className="compare-hint">{options.find((o) => o.path === path)?.hint}</p>
            {select('Side A', a, setA)}
            {select('Side B', b, setB)}
            {c !== null && select('Side C', c, setC)}
            {values.length >= 3 && (
              <button
                type="button"
                className="compare-third"
                onClick={() => (setC(c === null ? freeIndex(values.length, [a, b]) : null), setError(null))}
              >
                {c === null ? '+ Add a third side (C)' : 'Remove side C'}
              </button>
            )}
            {error && (
              <p className="compare-error" role="alert">
                {error}
              </p>
            )}
            <div className="compare-actions">
              <button type="submit" className="primary">
                Compare
              </button>
              <button type="button" onClick={onClose}>
                Cancel
              </button>
            </div>
          </form>
        )}
      </div>
    </div>
  );
}
