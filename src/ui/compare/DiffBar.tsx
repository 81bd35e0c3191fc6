import type { PairDiff } from './diff';
import type { DiffState } from './session';
import { SIDE_NAMES } from './spec';

interface Props {
  diff: DiffState;
  /** How many sides the comparison has: 2 or 3. */
  count: number;
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

const sideName = (i: number) => SIDE_NAMES[i] ?? '?';

/**
 * Which sides differ, in words: "they" for two sides; with three, "A and C", "A differs from
 * B and C" (one side apart from two that agree) or "all three".
 */
export function whoDiffers(pairs: readonly PairDiff[], count: number): string {
  if (count === 2) return 'they differ';
  if (pairs.length >= 3) return 'all three differ';
  if (pairs.length === 2) {
    const [p, q] = pairs.map((d) => d.sides);
    const odd = p!.find((s) => q!.includes(s)) ?? p![0];
    const others = [...p!, ...q!].filter((s) => s !== odd);
    return `${sideName(odd)} differs from ${others.map(sideName).join(' and ')}`;
  }
  const [i, j] = pairs[0]?.sides ?? [0, 1];
  return `${sideName(i)} and ${sideName(j)} differ`;
}

/** What the diff says, in words. */
function status(diff: DiffState, labels: readonly string[], count: number): string {
  const runs = count === 3 ? 'three' : 'two';
  switch (diff.status) {
    case 'computing':
      return diff.checked < 0
        ? `Looking for the first step where ${count === 3 ? 'any two of the three' : 'the two'} runs differ…`
        : `Same up to step ${diff.checked}; still looking…`;
    case 'differs': {
      const who = whoDiffers(diff.pairs, count);
      return diff.step === 0
        ? `The runs differ from the start (step 0): ${who}.`
        : `Same until step ${diff.step - 1}; ${who} from step ${diff.step} (${labels[diff.step - 1] ?? ''}).`;
    }
    case 'same':
      return `The ${runs} runs never differ: in this scenario the option changes nothing the engine shows.`;
    case 'failed':
      return `The differing step could not be found: ${diff.message}`;
  }
}

/**
 * The timeline's comparison track: a cell per step, those from the first differing step on
 * marked, the first one labelled, and a button to go there.
 */
export function DiffBar({ diff, count, step, total, labels, onSeek }: Props) {
  const from = diff.status === 'differs' ? diff.step : null;
  return (
    <div className="diff-bar" data-differs-from={from ?? undefined}>
      <p className="diff-status" role="status">
        {status(diff, labels, count)}
        {from !== null && step !== from && (
          <button type="button" className="diff-go" onClick={() => onSeek(from)}>
            Go to step {from}
          </button>
        )}
      </p>
      {diff.status === 'differs' && (
        <details className="diff-details">
          <summary>What differs at step {diff.step}</summary>
          {diff.pairs.map(({ sides: [i, j], diffs }) => (
            <div key={`${i}${j}`} className="diff-pair">
              {count > 2 && (
                <p className="diff-pair-head">
                  {sideName(i)} and {sideName(j)}
                </p>
              )}
              <ul>
                {diffs.slice(0, SHOWN).map((d) => (
                  <li key={d.path}>
                    <code>{d.path}</code>: {sideName(i)} {shown(d.a)} · {sideName(j)} {shown(d.b)}
                  </li>
                ))}
                {diffs.length > SHOWN && <li>and {diffs.length - SHOWN} more</li>}
              </ul>
            </div>
          ))}
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
