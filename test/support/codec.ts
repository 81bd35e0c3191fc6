import { ScenarioError } from '../../src/engine/scenario/schema';
import { decodeHash } from '../../src/share/codec';

/** The ScenarioError a hash throws (fails the test if it throws anything else, or nothing). */
export function refusal(hash: string): ScenarioError {
  try {
    decodeHash(hash);
  } catch (e) {
    if (e instanceof ScenarioError) return e;
    throw e;
  }
  throw new Error(`expected ${hash.slice(0, 60)} to be refused`);
}
