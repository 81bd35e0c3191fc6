import type { BaseState } from '../core/lab';
import type { IdWidth } from './id';
import type { Table } from './table';

/** A node named in scenario data: its index in the network, or its name ("A", "B"...). */
export type NodeRef = number | string;

/** How a bucket orders contacts and picks whom to ping when it is full. */
export type Eviction =
  /** The paper: least-recently seen at the head, a contact seen again moves to the tail, ping the head. */
  | 'lru'
  /** The article: contacts keep their place with a last-seen time; when full, sort by it and dial the oldest. */
  | 'oldest-seen';

/** The scenario's settings (all optional in files; `resolveConfig` fills the defaults). */
export interface Options {
  /** ID width in bits (160 as BitTorrent's DHT, 16 in the article). */
  readonly bits?: IdWidth;
  /** Bucket capacity k (20 in the paper, 2 in the article's demo). */
  readonly k?: number;
  /** Lookup parallelism α (3 in the paper). */
  readonly alpha?: number;
  /** IDs from SHA-1 of "host:port" (the article) or random bits from the scenario seed. */
  readonly idMode?: 'sha1' | 'seed';
  /** Host and first port for `sha1` IDs: node i is `${host}:${basePort + i}`. */
  readonly host?: string;
  readonly basePort?: number;
  /** One bucket per bit (the article) or the paper's tree that only splits the bucket covering the own ID. */
  readonly table?: 'per-bit' | 'tree';
  readonly eviction?: Eviction;
  /** The paper's parallel rounds of α, or the article's one-peer-at-a-time search. */
  readonly lookup?: 'parallel' | 'sequential';
  /** One-way message latency, drawn uniformly in [min, max] simulated milliseconds. */
  readonly latency?: { readonly min: number; readonly max: number };
  /** Probability that a message is lost. */
  readonly loss?: number;
  /** How long a sender waits for a reply before it gives up, in simulated ms. */
  readonly timeout?: number;
  /** Replacement-cache size per bucket (newcomers that found their bucket full). */
  readonly replacements?: number;
  /** Consecutive unanswered RPCs after which a contact is stale and a cached replacement takes its place. */
  readonly staleAfter?: number;
}

export type Config = Required<Options>;

export type RpcKind = 'PING' | 'STORE' | 'FIND_NODE' | 'FIND_VALUE' | 'MESSAGE';

export type Action =
  /** Create `nodes` nodes; `fill` says how their routing tables start (default: converged). */
  | { readonly type: 'build'; readonly nodes: number; readonly fill?: 'converged' | 'joins' | 'empty'; readonly names?: readonly string[] }
  /** A new node joins through `via`: looks up its own ID, then refreshes farther buckets. */
  | { readonly type: 'join'; readonly name?: string; readonly via: NodeRef }
  /** `node` hears from `contact` (as on any incoming message) and updates its bucket. */
  | { readonly type: 'add-contact'; readonly node: NodeRef; readonly contact: NodeRef }
  | { readonly type: 'ping'; readonly from: NodeRef; readonly to: NodeRef }
  /** Iterative FIND_NODE from `from` for a node, or for a raw ID in hex. */
  | { readonly type: 'lookup'; readonly from: NodeRef; readonly target?: NodeRef; readonly id?: string }
  /** `count` lookups between random live nodes, reported as statistics only. */
  | { readonly type: 'lookups'; readonly count: number }
  | { readonly type: 'store'; readonly from: NodeRef; readonly key: string; readonly value: string }
  | { readonly type: 'find-value'; readonly from: NodeRef; readonly key: string }
  /** The article's messaging: direct if the routing table knows `to`, else look it up first. */
  | { readonly type: 'send-message'; readonly from: NodeRef; readonly to: NodeRef; readonly text: string }
  | { readonly type: 'fail'; readonly nodes?: readonly NodeRef[]; readonly fraction?: number }
  | { readonly type: 'revive'; readonly nodes: readonly NodeRef[] }
  /** A fraction of live nodes fails and `join` new nodes arrive through random live nodes. */
  | { readonly type: 'churn'; readonly fail: number; readonly join?: number }
  /** Look up a random ID in the range of each bucket farther than the closest neighbour. */
  | { readonly type: 'refresh'; readonly node: NodeRef }
  | { readonly type: 'tick'; readonly ms: number }
  | { readonly type: 'focus'; readonly node: NodeRef }
  /** Measure XOR distances: between two nodes both ways, or from one node to all others. */
  | { readonly type: 'distance'; readonly a: NodeRef; readonly b: NodeRef }
  | { readonly type: 'distances'; readonly from: NodeRef }
  /**
   * Measure scaling without touching this network: for each size, a separate settled network
   * (same options, seeded from this step) with each fraction of its nodes failed, and `lookups`
   * random lookups between live nodes. `k` overrides the bucket size for these networks only.
   * Results go to `State.survey`.
   */
  | { readonly type: 'survey'; readonly sizes: readonly number[]; readonly lookups: number; readonly failed?: readonly number[]; readonly k?: number };

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
  /** 32-bit words per ID. */
  readonly words: number;
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

export type Event =
  | { readonly type: 'dht.init'; readonly bits: number; readonly k: number; readonly alpha: number }
  | { readonly type: 'dht.built'; readonly nodes: number; readonly fill: string; readonly skippedPorts: number }
  | { readonly type: 'dht.nodeJoined'; readonly node: number; readonly id: Hex; readonly via: number }
  | {
      readonly type: 'dht.rpc';
      readonly from: number;
      readonly to: number;
      readonly kind: RpcKind;
      /** Lookup round (0 outside lookups). */
      readonly round: number;
      /** Simulated send time and round-trip latency (the timeout when no reply came). */
      readonly at: number;
      readonly latency: number;
      readonly outcome: 'ok' | 'lost' | 'down';
    }
  | { readonly type: 'dht.lookupStart'; readonly seq: number; readonly kind: LookupTrace['kind']; readonly from: number; readonly target: Hex; readonly targetNode: number | null }
  | { readonly type: 'dht.lookupHop'; readonly seq: number; readonly round: number; readonly from: number; readonly to: number; readonly id: Hex; readonly distance: Hex }
  | ({ readonly type: 'dht.round'; readonly seq: number } & LookupRound)
  | { readonly type: 'dht.lookupDone'; readonly seq: number; readonly found: boolean; readonly hops: number; readonly messages: number; readonly rounds: number; readonly ms: number; readonly closest: number[] }
  | { readonly type: 'dht.lookups'; readonly count: number; readonly found: number; readonly meanHops: number; readonly meanMessages: number; readonly hops: number[] }
  | { readonly type: 'bucket.insert'; readonly node: number; readonly bucket: number; readonly contact: number }
  | { readonly type: 'bucket.moveToTail'; readonly node: number; readonly bucket: number; readonly contact: number }
  | { readonly type: 'bucket.seen'; readonly node: number; readonly bucket: number; readonly contact: number; readonly at: number }
  | { readonly type: 'bucket.pingOldest'; readonly node: number; readonly bucket: number; readonly oldest: number; readonly newcomer: number }
  | { readonly type: 'bucket.evict'; readonly node: number; readonly bucket: number; readonly evicted: number; readonly newcomer: number }
  | { readonly type: 'bucket.dropNewcomer'; readonly node: number; readonly bucket: number; readonly kept: number; readonly newcomer: number }
  | { readonly type: 'bucket.replace'; readonly node: number; readonly bucket: number; readonly stale: number; readonly replacement: number }
  | { readonly type: 'bucket.split'; readonly node: number; readonly depth: number }
  | { readonly type: 'dht.stored'; readonly key: string; readonly keyId: Hex; readonly holders: number[] }
  | { readonly type: 'dht.valueFound'; readonly key: string; readonly value: string; readonly at: number; readonly hops: number }
  | { readonly type: 'dht.valueMissing'; readonly key: string }
  | { readonly type: 'dht.messageSent'; readonly from: number; readonly to: number; readonly text: string; readonly direct: boolean }
  | { readonly type: 'dht.messageDelivered'; readonly from: number; readonly to: number; readonly text: string }
  | { readonly type: 'dht.messageLost'; readonly from: number; readonly to: number; readonly reason: string }
  | { readonly type: 'dht.failed'; readonly count: number; readonly nodes: number[]; readonly alive: number }
  | { readonly type: 'dht.revived'; readonly nodes: number[] }
  | { readonly type: 'dht.tick'; readonly now: number }
  | { readonly type: 'dht.focus'; readonly node: number }
  | { readonly type: 'dht.distance'; readonly measure: Measure }
  | { readonly type: 'dht.surveyed'; readonly points: readonly SurveyPoint[] }
  | { readonly type: 'error'; readonly message: string };

/** A preset's expected outcome. Node references may be names or indexes. */
export interface Expected {
  readonly nodes?: number;
  readonly alive?: number;
  readonly lastLookup?: {
    readonly found?: boolean;
    readonly path?: readonly NodeRef[];
    readonly maxHops?: number;
    /** The XOR distance to the target shrinks at every hop of the path. */
    readonly distancesShrink?: boolean;
  };
  /** The last delivery attempts, oldest first. */
  readonly deliveries?: readonly { readonly from: NodeRef; readonly to: NodeRef; readonly text: string; readonly direct: boolean; readonly delivered: boolean }[];
  /** A bucket's contacts from least to most recently seen (the paper's order). */
  readonly buckets?: readonly { readonly node: NodeRef; readonly bucket: number; readonly contacts: readonly NodeRef[]; readonly replacements?: readonly NodeRef[] }[];
  readonly lookups?: { readonly atLeast?: number; readonly minSuccessRate?: number; readonly maxMeanHops?: number };
  readonly value?: { readonly key: string; readonly value: string | null };
  /** The newest measurement: a symmetric pair, or distances from one node all distinct. */
  readonly measure?: { readonly symmetric?: readonly [NodeRef, NodeRef]; readonly distinctFrom?: NodeRef };
  readonly survey?: {
    /** Sizes that must have been surveyed with no node down. */
    readonly sizes?: readonly number[];
    /** Every fault-free point's mean hops stays below log2(N). */
    readonly hopsBelowLog2?: boolean;
    /** Success rates at least `rate` at these failed fractions (any size). */
    readonly minSuccess?: readonly { readonly failed: number; readonly rate: number; readonly k?: number }[];
  };
}
