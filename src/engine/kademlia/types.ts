import type { Meter } from '../core/budget';
import type * as v from 'valibot';
import type { BaseState, EventOfType } from '../core/lab';
import type { ActionSchema, ExpectedSchema, OptionsSchema } from './schema';
import type { Table } from './table';

/** A node named in scenario data: its index in the network, or its name ("A", "B"...). */
export type NodeRef = number | string;

/**
 * How a bucket orders contacts and picks whom to ping when it is full. `lru`: the paper
 * (least-recently seen at the head, a contact seen again moves to the tail, ping the head).
 * `oldest-seen`: the article (contacts keep their place with a last-seen time; when full,
 * sort by it and dial the oldest).
 */
export type Eviction = NonNullable<Options['eviction']>;

/** The scenario's settings (all optional in files; `init` fills the defaults), as the schema reads them. */
export type Options = v.InferOutput<typeof OptionsSchema>;

export type Config = Required<Options>;

export type RpcKind = 'PING' | 'STORE' | 'FIND_NODE' | 'FIND_VALUE' | 'MESSAGE';

/**
 * One action, as the schema reads it (see schema.ts for each action's meaning). `build`
 * creates nodes, `lookup` runs an iterative FIND_NODE, `lookups` and `survey` measure, `tick`
 * lets simulated time pass.
 */
export type Action = v.InferOutput<typeof ActionSchema>;

/** One measured point of a survey: a network of `nodes` with a fraction `failed` down. */
export interface SurveyPoint {
  readonly nodes: number;
  /** Bucket size of the surveyed network. */
  readonly k: number;
  /** Fraction of the nodes down during the lookups (0 to 1). */
  readonly failed: number;
  readonly lookups: number;
  readonly found: number;
  readonly meanHops: number;
  readonly meanMessages: number;
  /** hops[h]: lookups that reached their target (or closest node) in h hops. */
  readonly hops: readonly number[];
}

/** One round of a lookup, for the panels: who was asked and how each answered. */
export interface LookupRound {
  readonly round: number;
  readonly queried: number[];
  readonly responded: number[];
  readonly timedOut: number[];
}

/** The record of one lookup, kept for the view. Never mutated once the lookup ends. */
export interface LookupTrace {
  readonly seq: number;
  readonly kind: 'FIND_NODE' | 'FIND_VALUE';
  readonly from: number;
  readonly target: string;
  readonly targetNode: number | null;
  readonly rounds: LookupRound[];
  /** Initiator, then each node that referred the next, down to the target (or the closest reached). */
  readonly path: number[];
  readonly found: boolean;
  readonly hops: number;
  readonly messages: number;
  readonly ms: number;
  /** The k closest nodes that answered, closest first. */
  readonly closest: number[];
  readonly value: string | null;
}

export interface Stats {
  lookups: number;
  found: number;
  /** hops[h]: lookups whose target (or closest node) was reached in h hops. */
  hops: number[];
  messages: number;
  rounds: number;
  /** Maintenance PINGs sent when a full bucket checks its oldest contact. */
  pings: number;
}

/** A distance measurement, for the "why XOR" story. */
export type Measure =
  | { readonly kind: 'pair'; readonly a: number; readonly b: number; readonly ab: string; readonly ba: string }
  | { readonly kind: 'all'; readonly from: number; readonly distances: string[]; readonly distinct: boolean };

export interface Delivery {
  readonly from: number;
  readonly to: number;
  readonly text: string;
  readonly direct: boolean;
  readonly delivered: boolean;
}

export interface State extends BaseState {
  readonly cfg: Config;
  /** RPCs and lookups run so far against the work budget (budget.ts); survey networks count into their scenario's. */
  work: Meter;
  /** Nodes built so far, against the budget of nodes. */
  built: Meter;
  /** 32-bit words per ID. */
  readonly words: number;
  /** Settled networks of at least this many nodes derive their tables on demand (settled.ts) rather than store them. */
  readonly deriveFrom: number;
  /** Nodes created so far; arrays below may be longer (capacity). */
  n: number;
  /** IDs, `words` per node. */
  ids: Uint32Array;
  /** 1 while a node is up. */
  alive: Uint8Array;
  /** Port of each node's "host:port" in sha1 mode (-1 in seed mode). */
  ports: Int32Array;
  /** Names given in scenario data, name -> index. */
  names: Record<string, number>;
  /** The next port to hash in sha1 mode. */
  nextPort: number;
  table: Table;
  /** Simulated network time in ms; lookups and ticks move it. */
  now: number;
  /** Stored values by key ID hex. Entries are replaced, never mutated. */
  values: Record<string, { readonly key: string; readonly value: string; readonly holders: number[] }>;
  stats: Stats;
  lookupSeq: number;
  lastLookup: LookupTrace | null;
  focus: number;
  deliveries: Delivery[];
  measures: Measure[];
  /** The latest FIND_VALUE: the key and what came back (null: not found). */
  lastValue: { readonly key: string; readonly value: string | null } | null;
  /** Survey points, sorted by k, failed fraction, then size; a new point replaces one with the same k, size and fraction. */
  survey: readonly SurveyPoint[];
}

type Hex = string;

/** What a step of the Kademlia lab reports, named `<noun>.<pastTense>` (see core/lab.ts). */
export type Event =
  | EventOfType<'lab.started', { bits: number; k: number; alpha: number }>
  | EventOfType<'network.built', { nodes: number; fill: string; skippedPorts: number }>
  | EventOfType<'node.joined', { node: number; id: Hex; via: number }>
  | EventOfType<
      'rpc.sent',
      {
        from: number;
        to: number;
        kind: RpcKind;
        /** Lookup round (0 outside lookups). */
        round: number;
        /** Simulated send time and round-trip latency (the timeout when no reply came). */
        at: number;
        latency: number;
        outcome: 'ok' | 'lost' | 'down';
      }
    >
  | EventOfType<'lookup.started', { seq: number; kind: LookupTrace['kind']; from: number; target: Hex; targetNode: number | null }>
  | EventOfType<'lookup.hopped', { seq: number; round: number; from: number; to: number; id: Hex; distance: Hex }>
  | EventOfType<'round.completed', { seq: number } & LookupRound>
  | EventOfType<
      'lookup.finished',
      { seq: number; found: boolean; hops: number; messages: number; rounds: number; ms: number; closest: number[] }
    >
  | EventOfType<'lookups.measured', { count: number; found: number; meanHops: number; meanMessages: number; hops: number[] }>
  | EventOfType<'contact.added', { node: number; bucket: number; contact: number }>
  | EventOfType<'contact.moved', { node: number; bucket: number; contact: number }>
  | EventOfType<'lastSeen.updated', { node: number; bucket: number; contact: number; at: number }>
  | EventOfType<'oldest.pinged', { node: number; bucket: number; oldest: number; newcomer: number }>
  | EventOfType<'contact.evicted', { node: number; bucket: number; evicted: number; newcomer: number }>
  | EventOfType<'newcomer.dropped', { node: number; bucket: number; kept: number; newcomer: number }>
  | EventOfType<'contact.replaced', { node: number; bucket: number; stale: number; replacement: number }>
  | EventOfType<'bucket.split', { node: number; depth: number }>
  | EventOfType<'value.stored', { key: string; keyId: Hex; holders: number[] }>
  | EventOfType<'value.found', { key: string; value: string; at: number; hops: number }>
  | EventOfType<'value.missed', { key: string }>
  | EventOfType<'msg.sent', { from: number; to: number; text: string; direct: boolean }>
  | EventOfType<'msg.delivered', { from: number; to: number; text: string }>
  | EventOfType<'msg.lost', { from: number; to: number; reason: string }>
  /** Nodes went down, all at once (the first 64 listed). */
  | EventOfType<'node.crashed', { count: number; nodes: number[]; alive: number }>
  /** Nodes came back up, with their routing tables as they were. */
  | EventOfType<'node.restarted', { nodes: number[] }>
  /** Simulated network time (ms) moved on. */
  | EventOfType<'clock.advanced', { from: number; to: number }>
  | EventOfType<'focus.moved', { node: number }>
  | EventOfType<'distance.measured', { measure: Measure }>
  | EventOfType<'network.surveyed', { points: readonly SurveyPoint[] }>;

/** A preset's expected outcome, as the schema reads it. Node references may be names or indexes. */
export type Expected = v.InferOutput<typeof ExpectedSchema>;
