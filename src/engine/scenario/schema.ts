import * as v from 'valibot';
import * as kademlia from '../kademlia/schema';
import * as durability from '../durability/schema';
import * as intentLog from '../intent-log/schema';
import * as pool from '../pool/schema';
import * as replication from '../replication/schema';
import * as transactions from '../transactions/schema';
import * as twopc from '../two-phase-commit/schema';

/** The scenario format version written into files and share links. */
export const SCENARIO_VERSION = 1;
/** Steps beyond this are refused: a link or file that long is a mistake or an attack. */
export const MAX_STEPS = 20_000;

const Text = (max: number) => v.pipe(v.string(), v.maxLength(max));

/** One step a user sees: the action and, in presets, what the narrator says about it. */
const stepOf = <A extends v.GenericSchema>(action: A) =>
  v.strictObject({ do: action, say: v.optional(Text(2000)) });

const common = {
  v: v.literal(SCENARIO_VERSION),
  title: Text(200),
  seed: v.pipe(v.number(), v.integer(), v.minValue(-(2 ** 31)), v.maxValue(2 ** 31 - 1)),
  /** Id of the preset this scenario was made from, if any. */
  preset: v.optional(Text(100)),
};

/** Every lab's scenario, told apart by `lab`. */
export const ScenarioSchema = v.variant('lab', [
  v.strictObject({
    ...common,
    lab: v.literal('intent-log'),
    options: intentLog.OptionsSchema,
    steps: v.pipe(v.array(stepOf(intentLog.ActionSchema)), v.maxLength(MAX_STEPS)),
    expect: v.optional(intentLog.ExpectedSchema),
  }),
  v.strictObject({
    ...common,
    lab: v.literal('durability'),
    options: durability.OptionsSchema,
    steps: v.pipe(v.array(stepOf(durability.ActionSchema)), v.maxLength(MAX_STEPS)),
    expect: v.optional(durability.ExpectedSchema),
  }),
  v.strictObject({
    ...common,
    lab: v.literal('kademlia'),
    options: kademlia.OptionsSchema,
    steps: v.pipe(v.array(stepOf(kademlia.ActionSchema)), v.maxLength(MAX_STEPS)),
    expect: v.optional(kademlia.ExpectedSchema),
  }),
  v.strictObject({
    ...common,
    lab: v.literal('transactions'),
    options: transactions.OptionsSchema,
    steps: v.pipe(v.array(stepOf(transactions.ActionSchema)), v.maxLength(MAX_STEPS)),
    expect: v.optional(transactions.ExpectedSchema),
  }),
  v.strictObject({
    ...common,
    lab: v.literal('pool'),
    options: pool.OptionsSchema,
    steps: v.pipe(v.array(stepOf(pool.ActionSchema)), v.maxLength(MAX_STEPS)),
    expect: v.optional(pool.ExpectedSchema),
  }),
  v.strictObject({
    ...common,
    lab: v.literal('two-phase-commit'),
    options: twopc.OptionsSchema,
    steps: v.pipe(v.array(stepOf(twopc.ActionSchema)), v.maxLength(MAX_STEPS)),
    expect: v.optional(twopc.ExpectedSchema),
  }),
  v.strictObject({
    ...common,
    lab: v.literal('replication'),
    options: replication.OptionsSchema,
    steps: v.pipe(v.array(stepOf(replication.ActionSchema)), v.maxLength(MAX_STEPS)),
    expect: v.optional(replication.ExpectedSchema),
  }),
]);

export type Scenario = v.InferOutput<typeof ScenarioSchema>;
export type LabId = Scenario['lab'];
export type Step = Scenario['steps'][number];

/** A scenario that failed validation, with the first problem named the way a user can act on it. */
export class ScenarioError extends Error {
  constructor(
    readonly code: 'truncated' | 'too-large' | 'unknown-version' | 'invalid' | 'not-json',
    message: string,
  ) {
    super(message);
    this.name = 'ScenarioError';
  }
}

/** Validate untrusted data as a scenario, or throw a ScenarioError naming the first bad field. */
export function parseScenario(data: unknown): Scenario {
  if (typeof data === 'object' && data !== null && 'v' in data && data.v !== SCENARIO_VERSION) {
    throw new ScenarioError(
      'unknown-version',
      `Scenario version ${JSON.stringify(data.v)} is not known to this version of WALkthrough (it reads version ${SCENARIO_VERSION}).`,
    );
  }
  const result = v.safeParse(ScenarioSchema, data);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const path = v.getDotPath(issue) ?? '(top level)';
  throw new ScenarioError('invalid', `Invalid field ${path}: ${issue.message}`);
}
