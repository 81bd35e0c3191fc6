import type { LabEvent, LabView } from '../labs';
import type { LabId } from '../scenario/schema';

/** What a probe reads of a frame: the lab's view and the events of the step that led to it. */
export interface Seen<K extends LabId> {
  readonly view: LabView<K>;
  readonly events: readonly LabEvent<K>[];
}

/** A question that cannot be asked or graded here, and why (a session the scenario does not have). */
export interface Problem {
  readonly problem: string;
}

/** The engine's answer to a question, and why it is that, in one line built from the frame. */
export interface Answer {
  readonly value: string;
  readonly why: string;
}

/**
 * One thing a question can be about, over one lab's frames. `choices` reads the frame before
 * the step (what the viewer sees while guessing: the sessions, the values in the table, the
 * peers in the shortlist); `answer` reads the frame after it (and the one before, for what
 * changed). Both are pure; `arg` is the part of `about` in parentheses.
 */
export interface Probe<K extends LabId> {
  choices(before: Seen<K>, arg: string | null): readonly string[] | Problem;
  answer(after: Seen<K>, before: Seen<K>, arg: string | null): Answer | Problem;
}

/** Is this a problem rather than an answer or a list of choices? */
export const isProblem = (x: unknown): x is Problem => typeof x === 'object' && x !== null && 'problem' in x;

/** At most this many choices: the number keys 1-9 answer them. */
const MAX_CHOICES = 9;

/** Distinct, non-empty, in the order given, at most MAX_CHOICES. */
export function distinct(values: readonly string[]): string[] {
  return [...new Set(values.filter((v) => v !== ''))].slice(0, MAX_CHOICES);
}

/** Numbers in numeric order, other text after them in alphabetical order. */
export function byNumber(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) === Number.isNaN(y) ? a.localeCompare(b) : Number.isNaN(x) ? 1 : -1;
  return x - y;
}
