/**
 * Replication conveniences for tests and the benchmark, over the one LabDriver: options
 * validated (and defaulted) by the lab's schema, what a new session reads on a node, and a
 * refusal's message.
 */
import * as v from 'valibot';
import { LabDriver } from '../../src/engine/core/driver';
import { replicationLab } from '../../src/engine/replication/engine';
import { OptionsSchema } from '../../src/engine/replication/schema';
import type { Action, State, Value } from '../../src/engine/replication/types';

/** A Replication lab driven through the kernel, as on the timeline; the options go through the schema first. */
export const replication = (options: v.InferInput<typeof OptionsSchema>, seed = 1) =>
  new LabDriver(replicationLab, v.parse(OptionsSchema, options), seed);
export type ReplicationDriver = ReturnType<typeof replication>;

/** What a new session on `node` reads for `key`: null when there is no row, undefined when the node is down. */
export function readOn(st: State, node: string, key: string): Value | undefined {
  const n = st.nodes[node];
  if (!n.up) return undefined;
  return Object.hasOwn(n.rows, key) ? n.rows[key].value : null;
}

/** Run an action the lab must refuse; returns the refusal's message, throws if it ran. */
export function refusalOf(d: ReplicationDriver, action: Action): string {
  d.try(action);
  if (d.refusal === null) throw new Error(`${replicationLab.label(action)} was not refused`);
  return d.refusal;
}
