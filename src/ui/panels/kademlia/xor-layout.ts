/** Where the XOR-space panel puts each node of a lookup: plain functions over the engine's view. */
import type { View } from '../../../engine/kademlia/view';
import { closeness, leadingZeros } from './format';

export type Lookup = NonNullable<View['lookup']>;
export type Outcome = 'start' | 'responded' | 'timedOut';

/** One node asked in one round of the lookup (or the initiator, in round 0). */
export interface Mark {
  readonly node: number;
  readonly name: string;
  readonly round: number;
  readonly outcome: Outcome;
  /** XOR distance to the target in hex, when the frame tells it. */
  readonly distance: string | null;
  /** Leading bits shared with the target, a whole number (`bits` for the target itself); null when the distance is unknown. */
  readonly shared: number | null;
  /** Closeness on a continuous log scale (see `closeness`): orders nodes that share as many bits. */
  readonly order: number | null;
  readonly onPath: boolean;
  /** The node whose ID is the target. */
  readonly isTarget: boolean;
}

/** Distances to the target by node: every node the lookup asked and the path, as the view lists them on any step. */
export function distancesToTarget(lookup: Lookup): Map<number, string> {
  const d = new Map<number, string>();
  for (const q of lookup.queried) d.set(q.node, q.distance);
  lookup.path.forEach((x, i) => d.set(x, lookup.pathDistances[i]));
  return d;
}

/** The marks of a lookup, round by round: the initiator first, then each round's queried nodes. */
export function lookupMarks(lookup: Lookup, bits: number, distances: Map<number, string>, nameOf: (x: number) => string): Mark[] {
  const onPath = new Set(lookup.path);
  const mark = (node: number, round: number, outcome: Outcome): Mark => {
    const distance = distances.get(node) ?? null;
    return {
      node,
      name: nameOf(node),
      round,
      outcome,
      distance,
      shared: distance === null ? null : Math.min(bits, leadingZeros(distance, bits)),
      order: distance === null ? null : closeness(distance, bits),
      onPath: onPath.has(node),
      isTarget: distance !== null && leadingZeros(distance, bits) >= bits,
    };
  };
  return [mark(lookup.from, 0, 'start'), ...lookup.queried.map((q) => mark(q.node, q.round, q.outcome))];
}

/** The path as the rounds drew it: each path node at the first round it was asked (the initiator at 0). */
export function pathRounds(lookup: Lookup): number[] {
  return lookup.path.map((x, i) => {
    if (i === 0) return 0;
    return lookup.rounds.find((r) => r.queried.includes(x))?.round ?? i;
  });
}
