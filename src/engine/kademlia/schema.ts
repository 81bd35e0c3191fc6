import * as v from 'valibot';
import { labSchema } from '../scenario/lab-schema';
import { Count, Name } from '../scenario/values';
import { ID_WIDTHS } from './id';

/** Node names: the shared names (never `__proto__`), at most 32 characters. */
const NodeName = v.pipe(Name, v.maxLength(32));
const Ref = v.union([Count(0, 1_000_000), NodeName]);
const Fraction = v.pipe(v.number(), v.minValue(0), v.maxValue(1));
const Text = (max: number) => v.pipe(v.string(), v.maxLength(max));

/** The largest network a scenario may build. */
const MAX_NODES = 1_000_000;

/** The actions of the Kademlia lab, as they appear in scenario files and links. */
export const ActionSchema = v.variant('type', [
  /** Create `nodes` nodes; `fill` says how their routing tables start (default: converged). */
  v.strictObject({
    type: v.literal('build'),
    nodes: Count(1, MAX_NODES),
    fill: v.optional(v.picklist(['converged', 'joins', 'empty'])),
    names: v.optional(v.pipe(v.array(NodeName), v.maxLength(64))),
  }),
  /** A new node joins through `via`: looks up its own ID, then refreshes farther buckets. */
  v.strictObject({ type: v.literal('join'), name: v.optional(NodeName), via: Ref }),
  /** `node` hears from `contact` (as on any incoming message) and updates its bucket. */
  v.strictObject({ type: v.literal('add-contact'), node: Ref, contact: Ref }),
  v.strictObject({ type: v.literal('ping'), from: Ref, to: Ref }),
  /** Iterative FIND_NODE from `from` for a node, or for a raw ID in hex. */
  v.strictObject({ type: v.literal('lookup'), from: Ref, target: v.optional(Ref), id: v.optional(Text(42)) }),
  /** `count` lookups between random live nodes, reported as statistics only. */
  v.strictObject({ type: v.literal('lookups'), count: Count(1, 100_000) }),
  v.strictObject({ type: v.literal('store'), from: Ref, key: Text(200), value: Text(2000) }),
  v.strictObject({ type: v.literal('find-value'), from: Ref, key: Text(200) }),
  /** The article's messaging: direct if the routing table knows `to`, else look it up first. */
  v.strictObject({ type: v.literal('send-message'), from: Ref, to: Ref, text: Text(2000) }),
  v.strictObject({ type: v.literal('fail'), nodes: v.optional(v.pipe(v.array(Ref), v.maxLength(1000))), fraction: v.optional(Fraction) }),
  v.strictObject({ type: v.literal('revive'), nodes: v.pipe(v.array(Ref), v.maxLength(1000)) }),
  /** A fraction of live nodes fails and `join` new nodes arrive through random live nodes. */
  v.strictObject({ type: v.literal('churn'), fail: Fraction, join: v.optional(Count(0, 1000)) }),
  /** Look up a random ID in the range of each bucket farther than the closest neighbour. */
  v.strictObject({ type: v.literal('refresh'), node: Ref }),
  /** Simulated network time passes (`clock.advanced`). */
  v.strictObject({ type: v.literal('tick'), ms: Count(0, 86_400_000) }),
  v.strictObject({ type: v.literal('focus'), node: Ref }),
  /** Measure XOR distances: between two nodes both ways, or from one node to all others. */
  v.strictObject({ type: v.literal('distance'), a: Ref, b: Ref }),
  v.strictObject({ type: v.literal('distances'), from: Ref }),
  /**
   * Measure scaling without touching this network: for each size, a separate settled network
   * (same options, seeded from this step) with each fraction of its nodes failed, and `lookups`
   * random lookups between live nodes. `k` overrides the bucket size for these networks only.
   */
  v.strictObject({
    type: v.literal('survey'),
    sizes: v.pipe(v.array(Count(2, MAX_NODES)), v.minLength(1), v.maxLength(8)),
    lookups: Count(1, 10_000),
    failed: v.optional(v.pipe(v.array(v.pipe(v.number(), v.minValue(0), v.maxValue(0.95))), v.minLength(1), v.maxLength(8))),
    k: v.optional(Count(1, 64)),
  }),
]);

/**
 * The run's settings, all optional (`init` fills the defaults): ID width, bucket size k,
 * parallelism α, IDs from SHA-1("host:port") or the seed, per-bit buckets or the paper's
 * tree, LRU or oldest-seen eviction, parallel or sequential lookups, latency [min, max] ms,
 * loss probability, RPC timeout ms, replacement-cache size, misses before a contact is stale.
 */
export const OptionsSchema = v.strictObject({
  bits: v.optional(v.picklist(ID_WIDTHS)),
  k: v.optional(Count(1, 64)),
  alpha: v.optional(Count(1, 16)),
  idMode: v.optional(v.picklist(['sha1', 'seed'])),
  host: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(100))),
  basePort: v.optional(Count(0, 65535)),
  table: v.optional(v.picklist(['per-bit', 'tree'])),
  eviction: v.optional(v.picklist(['lru', 'oldest-seen'])),
  lookup: v.optional(v.picklist(['parallel', 'sequential'])),
  latency: v.optional(
    v.pipe(
      v.strictObject({ min: Count(0, 10_000), max: Count(0, 10_000) }),
      v.check((l) => l.min <= l.max, 'latency.min must not exceed latency.max'),
    ),
  ),
  loss: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(0.9))),
  timeout: v.optional(Count(1, 60_000)),
  replacements: v.optional(Count(0, 20)),
  staleAfter: v.optional(Count(1, 100)),
});

const Refs = v.pipe(v.array(Ref), v.maxLength(1000));

/** A preset's expected outcome; node references may be names or indexes. */
export const ExpectedSchema = v.strictObject({
  nodes: v.optional(Count(0, 1_000_000)),
  alive: v.optional(Count(0, 1_000_000)),
  lastLookup: v.optional(
    v.strictObject({
      found: v.optional(v.boolean()),
      path: v.optional(Refs),
      maxHops: v.optional(Count(0, 1000)),
      distancesShrink: v.optional(v.boolean()),
    }),
  ),
  deliveries: v.optional(v.array(v.strictObject({ from: Ref, to: Ref, text: Text(2000), direct: v.boolean(), delivered: v.boolean() }))),
  buckets: v.optional(v.array(v.strictObject({ node: Ref, bucket: Count(0, 159), contacts: Refs, replacements: v.optional(Refs) }))),
  lookups: v.optional(
    v.strictObject({
      atLeast: v.optional(Count(0, 10_000_000)),
      minSuccessRate: v.optional(Fraction),
      maxMeanHops: v.optional(v.pipe(v.number(), v.minValue(0))),
    }),
  ),
  value: v.optional(v.strictObject({ key: Text(200), value: v.nullable(Text(2000)) })),
  measure: v.optional(v.strictObject({ symmetric: v.optional(v.tuple([Ref, Ref])), distinctFrom: v.optional(Ref) })),
  survey: v.optional(
    v.strictObject({
      sizes: v.optional(v.pipe(v.array(Count(2, MAX_NODES)), v.maxLength(16))),
      hopsBelowLog2: v.optional(v.boolean()),
      minSuccess: v.optional(
        v.pipe(v.array(v.strictObject({ failed: Fraction, rate: Fraction, k: v.optional(Count(1, 64)) })), v.maxLength(16)),
      ),
    }),
  ),
});

/** The lab's schemas, defined once: its types and its scenario variant derive from them. */
export const schema = labSchema('kademlia', { options: OptionsSchema, action: ActionSchema, expected: ExpectedSchema });
