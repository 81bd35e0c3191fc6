import type { View } from '../kademlia/view';
import { distinct, type Probe, type Seen } from './types';

type S = Seen<'kademlia'>;

/** A node as the panels name it: its name, else its ID in hex. */
const nameOf = (view: View, index: number) => {
  const n = view.nodes?.find((x) => x.index === index);
  return n ? (n.name ?? n.id) : `#${index}`;
};

/** `nextPeerAsked(node)`: the first peer the node's lookup asks. Choices: the peers in its routing table. */
const nextPeerAsked: Probe<'kademlia'> = {
  choices(before: S, arg) {
    const focus = before.view.focus;
    const known =
      focus && (focus.node.name ?? focus.node.id) === arg ? focus.buckets.flatMap((b) => b.contacts.map((c) => c.name ?? c.id)) : [];
    const others = (before.view.nodes ?? []).map((n) => n.name ?? n.id).filter((n) => n !== arg);
    if (known.length + others.length === 0) return { problem: `no peers of ${arg ?? 'the node'} are in view` };
    return distinct(known.length > 0 ? known : others).sort();
  },
  answer(after: S, _before, arg) {
    const lookup = after.view.lookup;
    const first = lookup?.queried[0];
    if (!lookup || !first) return { problem: 'this step runs no lookup' };
    const from = nameOf(after.view, lookup.from);
    if (arg !== null && from !== arg) return { problem: `this step's lookup starts at ${from}, not ${arg}` };
    const peer = nameOf(after.view, first.node);
    return {
      value: peer,
      why: `Of the peers ${from} knows, ${peer} is the closest to the target by XOR (distance ${first.distance}), so it is asked first.`,
    };
  },
};

export const kademliaProbes = { nextPeerAsked } as const;
