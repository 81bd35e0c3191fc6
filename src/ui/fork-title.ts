import type { Scenario } from '../engine/scenario/schema';

/** The schema's longest title. */
const MAX_TITLE = 200;
/** Changed steps named in a fork's title; the rest are counted. */
const NAMED = 3;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** "Crash now" reads as "crash now" inside a sentence; "T1 commits" and "s1: BEGIN" keep their case. */
const inSentence = (label: string) => (/^[A-Z][a-z]/.test(label) ? label[0].toLowerCase() + label.slice(1) : label);

/**
 * A fork's own title: the original's, where the fork leaves it and what it does instead
 * ("The bank transfer survives the crash — forked at step 4: crash now, then restart and
 * recover"). A link to a fork carries this title, never the preset's, which would describe
 * another story. `labels[i]` names `steps[i]`.
 */
export function forkTitle(original: Scenario, steps: readonly Scenario['steps'][number][], labels: readonly string[]): string {
  let k = 0;
  while (k < steps.length && k < original.steps.length && same(steps[k]?.do, original.steps[k]?.do)) k++;
  const changed = labels.slice(k, steps.length).map(inSentence);
  let what: string;
  if (changed.length === 0) what = `stopped after step ${k}`;
  else {
    const named = changed.length > NAMED ? [...changed.slice(0, NAMED - 1), `${changed.length - NAMED + 1} more steps`] : changed;
    what = `forked at step ${k + 1}: ${named.join(', then ')}`;
  }
  const suffix = ` — ${what}`;
  const base =
    original.title.length + suffix.length > MAX_TITLE ? `${original.title.slice(0, MAX_TITLE - suffix.length - 1)}…` : original.title;
  return `${base}${suffix}`.slice(0, MAX_TITLE);
}
