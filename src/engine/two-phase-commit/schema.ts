import * as v from 'valibot';
import { labSchema } from '../scenario/lab-schema';
import { Count, Name } from '../scenario/values';

/** A participant name: a database host, never the coordinator's name. */
const NodeName = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z][A-Za-z0-9_-]{0,31}$/, 'a node name is a letter then up to 31 letters, digits, _ or -'),
  v.check((s) => s !== 'coordinator', 'the name coordinator is the coordinator’s'),
);
const Balance = v.pipe(v.number(), v.finite(), v.minValue(-1e12), v.maxValue(1e12));
const Gid = v.pipe(Name, v.maxLength(200));

const ParticipantSchema = v.strictObject({
  name: NodeName,
  /** The table `accounts`: key → balance. */
  rows: v.optional(
    v.pipe(
      v.record(Name, Balance),
      v.check((r) => Object.keys(r).length <= 1000, 'at most 1,000 rows per participant'),
    ),
  ),
  /** CHECK (balance >= min) on accounts. */
  min: v.optional(Balance),
  /** PostgreSQL's default is 0 (PREPARE TRANSACTION disabled); the lab's default is 10. */
  max_prepared_transactions: v.optional(Count(0, 10_000)),
});

const WriteSchema = v.pipe(
  v.strictObject({ node: NodeName, key: Name, set: v.optional(Balance), add: v.optional(Balance) }),
  v.check((w) => (w.set === undefined) !== (w.add === undefined), 'a write gives exactly one of set or add'),
);

/** The network settings, as options and as SET actions give them. */
const LatencyMs = Count(0, 100_000);
const Loss = v.pipe(v.number(), v.minValue(0), v.maxValue(1));
const TimeoutMs = Count(1, 1_000_000);

/** Any node's name as an action gives it (checked against the scenario's nodes when the action runs). */
const AnyNode = v.pipe(v.string(), v.maxLength(64));
const Filter = { to: v.optional(AnyNode), from: v.optional(AnyNode) };

/** The actions of the Two-phase commit lab, as they appear in scenario files and links. */
export const ActionSchema = v.variant('type', [
  /** The application begins a global transaction and runs its writes on the participants. */
  v.strictObject({
    type: v.literal('begin'),
    gid: Gid,
    writes: v.pipe(v.array(WriteSchema), v.minLength(1), v.maxLength(20)),
    /** Participants whose application side decides not to prepare (they answer PREPARE with no). */
    voteNo: v.optional(v.pipe(v.array(NodeName), v.maxLength(5))),
    /** A plain transaction on one participant, committed there without the coordinator. */
    local: v.optional(v.boolean()),
  }),
  /** The application asks the coordinator to commit: phase one starts (PREPARE TRANSACTION to each participant); a local transaction just commits. */
  v.strictObject({ type: v.literal('commit'), gid: Gid }),
  /** The application asks the coordinator to roll back before phase one. */
  v.strictObject({ type: v.literal('rollback'), gid: Gid }),
  /** Deliver the next message in flight (optionally only one to or from a node), moving the clock to its arrival. */
  v.strictObject({ type: v.literal('deliver'), ...Filter }),
  /** The next message in flight (optionally filtered) is lost: its connection breaks. */
  v.strictObject({ type: v.literal('drop'), ...Filter }),
  /** Advance the network clock: deliver what arrives and fire timeouts on the way. */
  v.strictObject({ type: v.literal('tick'), ms: Count(1, 1_000_000) }),
  /** Run the protocol until nothing is in flight and no timeout is pending, or for at most `ms`. */
  v.strictObject({ type: v.literal('run'), ms: v.optional(Count(1, 1_000_000)) }),
  /** Crash a node now, or arm a crash at a named point of the protocol. */
  v.strictObject({
    type: v.literal('crash'),
    node: AnyNode,
    at: v.optional(v.picklist(['now', 'prepared', 'decision-logged'])),
  }),
  v.strictObject({ type: v.literal('recover'), node: AnyNode }),
  /** CHECKPOINT on a participant: data files and pg_twophase state files become durable. */
  v.strictObject({ type: v.literal('checkpoint'), node: AnyNode }),
  /** SET a network setting: each value is checked as the option is (latency.min against latency.max when it runs). */
  v.variant('name', [
    v.strictObject({ type: v.literal('set'), name: v.literal('loss'), value: Loss }),
    v.strictObject({ type: v.literal('set'), name: v.literal('latency.min'), value: LatencyMs }),
    v.strictObject({ type: v.literal('set'), name: v.literal('latency.max'), value: LatencyMs }),
    v.strictObject({ type: v.literal('set'), name: v.literal('timeout'), value: TimeoutMs }),
  ]),
]);

export const OptionsSchema = v.pipe(
  v.strictObject({
    participants: v.pipe(v.array(ParticipantSchema), v.minLength(2), v.maxLength(5)),
    /** One-way message latency in ms, drawn uniformly from the seeded generator. */
    latency: v.optional(v.strictObject({ min: LatencyMs, max: LatencyMs })),
    /** Probability that a message is lost. */
    loss: v.optional(Loss),
    /** The coordinator's vote timeout and resend interval, in ms. */
    timeout: v.optional(TimeoutMs),
    /** No events (benchmarks and scripts). */
    quiet: v.optional(v.boolean()),
  }),
  v.check((o) => new Set(o.participants.map((p) => p.name)).size === o.participants.length, 'participant names must be unique'),
  v.check((o) => !o.latency || o.latency.min <= o.latency.max, 'latency.min must not exceed latency.max'),
);

const Fate = v.picklist(['committed', 'aborted', 'in doubt', 'in progress', 'mixed']);
const PieceFate = v.picklist(['working', 'waiting', 'failed', 'prepared', 'committed', 'aborted', 'none']);

export const ExpectedSchema = v.strictObject({
  /** Each global transaction's outcome across its participants. */
  outcomes: v.optional(v.record(Gid, Fate)),
  /** Per participant, the state of its local piece of each global transaction. */
  pieces: v.optional(v.record(v.string(), v.record(Gid, PieceFate))),
  /** Per participant, committed balances. */
  rows: v.optional(v.record(v.string(), v.record(Name, v.number()))),
  /** Per participant, the rows locked (sorted keys). */
  locked: v.optional(v.record(v.string(), v.array(Name))),
  /** Nodes that are down at the end. */
  down: v.optional(v.array(v.string())),
  /** The coordinator's durable decision per gid ('none' when it has no COMMIT or ABORT record). */
  decisions: v.optional(v.record(Gid, v.picklist(['commit', 'abort', 'none']))),
  /** Global transactions whose END record the coordinator wrote: every participant answered. */
  ended: v.optional(v.array(Gid)),
  /** Messages still in flight at the end. */
  inFlight: v.optional(Count(0, 1_000_000)),
});

/** The lab's schemas, defined once: its types and its scenario variant derive from them. */
export const schema = labSchema('two-phase-commit', { options: OptionsSchema, action: ActionSchema, expected: ExpectedSchema });
