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
