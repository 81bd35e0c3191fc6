/** One choice of a `SelectField`: what it stands for, and what the list shows. */
export interface Choice<T> {
  readonly value: T;
  readonly label: string;
}

/**
 * A labelled drop-down: the label's words, then a native `<select>` of `choices`. The choice
 * made is handed back as its own value (a number stays a number), found by its position.
 */
export function SelectField<T extends string | number>({
  label,
  value,
  choices,
  onChange,
  className,
}: {
  label: string;
  value: T;
  choices: readonly Choice<T>[];
  onChange: (value: T) => void;
  className?: string;
}) {
  return (
    <label className={className}>
      <span>{label}</span>
      <select value={String(value)} onChange={(e) => onChange(choices[e.currentTarget.selectedIndex].value)}>
        {choices.map((c) => (
          <option key={String(c.value)} value={String(c.value)}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );
}
