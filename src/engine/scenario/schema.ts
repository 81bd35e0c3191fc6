import * as v from 'valibot';
import { schema as durability } from '../durability/schema';
import { schema as intentLog } from '../intent-log/schema';
import { schema as kademlia } from '../kademlia/schema';
import { schema as pool } from '../pool/schema';
import { schema as replication } from '../replication/schema';
import { schema as transactions } from '../transactions/schema';
import { schema as twoPhaseCommit } from '../two-phase-commit/schema';
import { SCENARIO_VERSION } from './lab-schema';

export { MAX_STEPS } from './lab-schema';

/**
 * The registry of labs: one line per lab. Every other registry (engines, panels, presets)
 * is typed by the ids listed here, so the compiler names a lab that lacks any of them.
 */
export const ScenarioSchema = v.variant('lab', [
  intentLog.scenario,
  durability.scenario,
  kademlia.scenario,
  transactions.scenario,
  pool.scenario,
  twoPhaseCommit.scenario,
  replication.scenario,
]);

export type Scenario = v.InferOutput<typeof ScenarioSchema>;
export type LabId = Scenario['lab'];
export type Step = Scenario['steps'][number];
/** The scenario of one lab. */
export type ScenarioOf<K extends LabId> = Extract<Scenario, { lab: K }>;

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

/**
 * A value from the input, cut for a message: messages name what is wrong, they do not echo a
 * 900,000-character title back. Counted in code points, so a cut never splits a surrogate pair.
 */
export function clip(text: string, max = 80): string {
  const chars = Array.from(text.length > max * 2 + 8 ? text.slice(0, max * 2 + 8) : text);
  return chars.length <= max ? text : `${chars.slice(0, max).join('')}…`;
}

/** A field's value as a message shows it: JSON, cut to about 80 characters. */
const shown = (x: unknown): string => clip(JSON.stringify(x) ?? String(x));

/** Validate untrusted data as a scenario, or throw a ScenarioError naming the first bad field. */
export function parseScenario(data: unknown): Scenario {
  if (typeof data === 'object' && data !== null && Object.hasOwn(data, 'v') && (data as { v: unknown }).v !== SCENARIO_VERSION) {
    throw new ScenarioError(
      'unknown-version',
      `Scenario version ${shown((data as { v: unknown }).v)} is not known to this version of WALkthrough (it reads version ${SCENARIO_VERSION}).`,
    );
  }
  const result = v.safeParse(ScenarioSchema, data);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const path = clip(v.getDotPath(issue) ?? '(top level)');
  // valibot's message may end with the received value ("... but received \"<the whole title>\""): cut it.
  const message = issue.message.replace(/ but received (.*)$/s, (_, got: string) => ` but received ${clip(got)}`);
  throw new ScenarioError('invalid', `Invalid field ${path}: ${clip(message, 200)}`);
}
