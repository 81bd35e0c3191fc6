import * as v from 'valibot';
import { isProbeOf, probeNamesOf } from '../questions/names';

/** The scenario format version written into files and share links. */
export const SCENARIO_VERSION = 1;
/** Steps beyond this are refused: a link or file that long is a mistake or an attack. */
export const MAX_STEPS = 20_000;

const Text = (max: number) => v.pipe(v.string(), v.maxLength(max));

/** What every scenario carries whatever its lab. */
const common = {
  v: v.literal(SCENARIO_VERSION),
  title: Text(200),
  seed: v.pipe(v.number(), v.integer(), v.minValue(-(2 ** 31)), v.maxValue(2 ** 31 - 1)),
  /** Id of the preset this scenario was made from, if any. */
  preset: v.optional(Text(100)),
  /** What this scenario shows and what to watch, in a sentence or two; step 0 shows it. */
  goal: v.optional(Text(400)),
  /**
   * The panels this scenario's lesson is about, by their names (`heap-items`, `index`): they come
   * first in the lab's layout, never fold, and are the ones a step brings into view.
   */
  focus: v.optional(
    v.pipe(
      v.array(v.pipe(v.string(), v.regex(/^[a-z][a-z0-9-]{0,39}$/, 'a panel name is lower-case letters, digits and dashes'))),
      v.maxLength(4),
    ),
  ),
};

/**
 * A question the viewer answers before the step runs: the question's words and the probe that
 * grades it from the engine's frames (`readValue(s2)`; the lab's probes are in questions/names.ts).
 */
const askOf = (lab: string) =>
  v.strictObject({
    q: Text(300),
    about: v.pipe(
      Text(80),
      v.check(
        (about) => isProbeOf(lab, about),
        (issue) => `"${String(issue.input)}" is not a question this lab can grade (it knows ${probeNamesOf(lab).join(', ')})`,
      ),
    ),
  });

/** One step a user sees: the action and, in presets, what the narrator says about it and what it asks first. */
const stepOf = <A extends v.GenericSchema>(action: A, lab: string) =>
  v.strictObject({ do: action, say: v.optional(Text(2000)), ask: v.optional(askOf(lab)) });

/**
 * A lab's schemas, defined once: its id, the options of a run, one action, and the
 * expected outcome a preset may state. The lab's Options, Action and Expected types
 * derive from these (`v.InferOutput`), and so does its variant of the scenario schema.
 */
export function labSchema<const Id extends string, O extends v.GenericSchema, A extends v.GenericSchema, X extends v.GenericSchema>(
  id: Id,
  parts: { options: O; action: A; expected: X },
) {
  return {
    id,
    ...parts,
    scenario: v.strictObject({
      ...common,
      lab: v.literal(id),
      options: parts.options,
      steps: v.pipe(v.array(stepOf(parts.action, id)), v.maxLength(MAX_STEPS)),
      expect: v.optional(parts.expected),
    }),
  };
}

/** What the kernel needs of any lab's schemas (`labSchema` returns more: its scenario variant). */
export interface LabSchema {
  readonly id: string;
  readonly options: v.GenericSchema;
  readonly action: v.GenericSchema;
  readonly expected: v.GenericSchema;
}
