/**
 * Kademlia conveniences for tests, over the one LabDriver (engine tests) and the one
 * frameAt (panel tests): read buckets, caches and IDs, name nodes as the panels do.
 */
import { LabDriver } from '../../src/engine/core/driver';
import { nodeIndex } from '../../src/engine/kademlia/actions';
import { kademlia } from '../../src/engine/kademlia/engine';
import { toHex } from '../../src/engine/kademlia/id';
import { keyOf, slabOf } from '../../src/engine/kademlia/table';
import type { NodeRef, Options, State } from '../../src/engine/kademlia/types';
import type { View } from '../../src/engine/kademlia/view';

/** A Kademlia lab driven through the kernel, as on the timeline. */
export const dht = (options: Options = {}, seed = 1) => new LabDriver(kademlia, options, seed);
export type DhtDriver = ReturnType<typeof dht>;

/** A node's index by name or index; throws when the network has no such node. */
export function node(st: State, ref: NodeRef): number {
  const x = nodeIndex(st, ref);
  if (x < 0) throw new Error(`No node ${ref}`);
  return x;
}

/** A node's ID in hex. */
export function idOf(st: State, ref: NodeRef): string {
  return toHex(st.ids, node(st, ref) * st.words, st.words, st.cfg.bits);
}

/** Contacts of `ref`'s bucket `i`, least recently seen first. */
export function bucket(st: State, ref: NodeRef, i: number): number[] {
  const t = st.table;
  const x = node(st, ref);
  const s = slabOf(t, x, keyOf(t, x, i));
  return s < 0 ? [] : Array.from(t.contact.subarray(s * t.k, s * t.k + t.count[s]));
}

/** The replacement cache of `ref`'s bucket `i`, oldest first. */
export function cache(st: State, ref: NodeRef, i: number): number[] {
  const t = st.table;
  const x = node(st, ref);
  const s = slabOf(t, x, keyOf(t, x, i));
  return s < 0 ? [] : Array.from(t.repl.subarray(s * t.r, s * t.r + t.rcount[s]));
}

/** Event types of the driver's last action, in order. */
export const types = (d: DhtDriver): string[] => d.events.map((e) => e.type);

/** The panels' node names: "B", or "#612" for unnamed nodes. */
export const namesOf =
  (view: View) =>
  (x: number): string =>
    view.nodes?.[x]?.name ?? `#${x}`;
