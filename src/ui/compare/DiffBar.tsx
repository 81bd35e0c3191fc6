import type { DiffState } from './session';

interface Props {
  diff: DiffState;
  step: number;
  total: number;
  /** labels[i] names the action that leads to step i + 1. */
  labels: readonly string[];
  onSeek(step: number): void;
}

/** Differences listed under "What differs"; the rest are counted. */
const SHOWN = 6;

/** A differing value as the list shows it: JSON, cut short; a missing one says so. */
const shown = (x: unknown) => {
  if (x === undefined) return 'has none';
  const text = JSON.stringify(x);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
};

/** What the diff says, in words. */
function status(diff: DiffState, labels: readonly string[]): string {
  switch (diff.status) {
    case 'computing':
      return diff.checked < 0 ? 'Looking for the first step where the two runs differ…' : `Same up to step ${diff.checked}; still looking…`;
    case 'differs':
      return diff.step === 0
        ? 'The runs differ from the start (step 0).'
        : `Same until step ${diff.step - 1}; they differ from step ${diff.step} (${labels[diff.step - 1] ?? ''}).`;
    case 'same':
      return 'The two runs never differ: in this scenario the option changes nothing the engine shows.';
    case 'failed':
      return `The differing step could not be found: ${diff.message}`;
  }
}

/**
 * The timeline's comparison track: a cell per step, those from the first differing step on
 * marked, the first one labelled, and a button to go there.
 */
export function DiffBar({ diff, step, total, labels, onSeek }: Props) {
  const from = diff.status === 'differs' ? diff.step : null;
  return (
    <div className="diff-bar" data-differs-from={from ?? undefined}>
      <p className="diff-status" role="status">
        {status(diff, labels)}
        {from !== null && step !== from && (
          <button type="button" className="diff-go" onClick={() => onSeek(from)}>
            Go to step {from}
          </button>
        )}
      </p>
      {diff.status === 'differs' && (
        <details className="diff-details">
          <summary>What differs at step {diff.step}</summary>
          <ul>
            {diff.diffs.slice(0, SHOWN).map((d) => (
              <li key={d.path}>
                <code>{d.path}</code>: A {shown(d.a)} · B {shown(d.b)}
              </li>
            ))}
            {diff.diffs.length > SHOWN && <li>and {diff.diffs.length - SHOWN} more</li>}
          </ul>
        </details>
      )}
      {total <= 200 && (
        <ol className="diff-track" aria-hidden="true">
          {Array.from({ length: total }, (_, i) => {
            const n = i + 1;
            const cls = ['diff-cell', n <= step ? 'done' : '', from !== null && n >= from ? 'differs' : '', n === from ? 'first' : ''];
            return <li key={n} className={cls.filter(Boolean).join(' ')} title={`Step ${n}: ${labels[i] ?? ''}`} />;
          })}
        </ol>
      )}
    </div>
  );
}
