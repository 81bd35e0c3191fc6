import * as v from 'valibot';
import { labSchema } from '../scenario/lab-schema';
import { Count, Name, Value } from '../scenario/values';

/** synchronous_commit's five values, weakest first. `on` waits for the standby's flush. */
export const SYNC_LEVELS = ['off', 'local', 'remote_write', 'on', 'remote_apply'] as const;
const SyncLevel = v.picklist(SYNC_LEVELS);

/** Node names: `primary` and the standbys a scenario lists. */
const NodeName = Name;
const Ms = Count(0, 3_600_000);
/** max_standby_streaming_delay: ms, or -1 to wait for ever. */
const StandbyDelay = v.pipe(v.number(), v.integer(), v.minValue(-1), v.maxValue(3_600_000));

/** The actions of the Replication lab, as they appear in scenario files and links. */
export const ActionSchema = v.variant('type', [
  /** A client writes a row on the current primary in transaction `tx` (BEGIN is implicit); null deletes it. */
  v.strictObject({ type: v.literal('write'), tx: Name, key: Name, value: Value }),
  /** COMMIT, with the session's synchronous_commit (SET LOCAL) or the server's. */
  v.strictObject({ type: v.literal('commit'), tx: Name, synchronous_commit: v.optional(SyncLevel) }),
  v.strictObject({ type: v.literal('rollback'), tx: Name }),
  /** pg_cancel_backend() on a backend waiting for synchronous replication. */
  v.strictObject({ type: v.literal('cancel'), tx: Name }),
  /** SELECT on one node, from a new session (a fresh snapshot). */
  v.strictObject({ type: v.literal('read'), node: NodeName, key: Name }),
  /** Let time pass: messages arrive, standbys write, flush and replay, commits are released. */
  v.strictObject({ type: v.literal('advance'), ms: v.pipe(Ms, v.minValue(1)) }),
  v.strictObject({ type: v.literal('partition'), a: NodeName, b: NodeName }),
  v.strictObject({ type: v.literal('heal'), a: NodeName, b: NodeName }),
  /** One-way network latency of a link, in ms (a fixed value, or drawn from [min, max] per message). */
  v.strictObject({ type: v.literal('latency'), a: NodeName, b: NodeName, min: Ms, max: v.optional(Ms) }),
  /** recovery_min_apply_delay of a standby: commit records wait this long after their commit time. */
  v.strictObject({ type: v.literal('apply-delay'), node: NodeName, ms: Ms }),
  v.strictObject({ type: v.literal('pause-replay'), node: NodeName }),
  v.strictObject({ type: v.literal('resume-replay'), node: NodeName }),
  /** The node's machine fails: what it had not flushed is gone. */
  v.strictObject({ type: v.literal('crash'), node: NodeName }),
  /** Start a crashed node again in its old role (crash recovery first). */
  v.strictObject({ type: v.literal('restart'), node: NodeName }),
  /** pg_promote() on a standby: end recovery, start a new timeline, accept writes. */
  v.strictObject({ type: v.literal('promote'), node: NodeName }),
  /** Point a node's primary_conninfo at `to` (with standby.signal): it streams from there if its history allows. */
  v.strictObject({ type: v.literal('attach'), node: NodeName, to: NodeName }),
  /** pg_rewind --source-server=`source`: rewind a stopped node to where its history forked. */
  v.strictObject({ type: v.literal('rewind'), node: NodeName, source: NodeName }),
  /** VACUUM (VERBOSE) the table on the current primary: remove dead versions older than the xmin horizon. */
  v.strictObject({ type: v.literal('vacuum') }),
  /** BEGIN ISOLATION LEVEL REPEATABLE READ and a long SELECT of `key` on `node`: its snapshot stays until `end-read`. */
  v.strictObject({ type: v.literal('begin-read'), node: NodeName, session: Name, key: Name }),
  /** The long read's session ends (COMMIT; ROLLBACK if it was cancelled). */
  v.strictObject({ type: v.literal('end-read'), session: Name }),
  /** ALTER SYSTEM SET hot_standby_feedback / max_standby_streaming_delay (ms, -1: forever) on a standby; pg_reload_conf(). */
  v.strictObject({
    type: v.literal('standby-set'),
    node: NodeName,
    hot_standby_feedback: v.optional(v.boolean()),
    max_standby_streaming_delay: v.optional(StandbyDelay),
  }),
  /** pg_drop_replication_slot(slot) on the primary. */
  v.strictObject({ type: v.literal('drop-slot'), slot: NodeName }),
  /** ALTER SYSTEM SET ...; SELECT pg_reload_conf() on the current primary. */
  v.strictObject({
    type: v.literal('set'),
    synchronous_commit: v.optional(SyncLevel),
    synchronous_standby_names: v.optional(v.pipe(v.array(NodeName), v.maxLength(2))),
  }),
]);

const Link = v.strictObject({ min: Ms, max: v.optional(Ms) });

export const OptionsSchema = v.pipe(
  v.strictObject({
    /** The first primary's name (default `primary`). */
    primary: v.optional(Name),
    /** One or two standbys, by name (application_name). */
    standbys: v.pipe(v.array(NodeName), v.minLength(1), v.maxLength(2)),
    /** FIRST 1 (names...): the first connected one is the synchronous standby. */
    synchronous_standby_names: v.optional(v.pipe(v.array(NodeName), v.maxLength(2))),
    synchronous_commit: v.optional(SyncLevel),
    /** One-way latency of every primary–standby link, in ms. */
    latency: v.optional(Link),
    /** Standbys that stream through a physical replication slot of their own name (primary_slot_name). */
    slots: v.optional(v.pipe(v.array(NodeName), v.maxLength(2))),
    /** Standbys started with hot_standby_feedback = on (default off). */
    hot_standby_feedback: v.optional(v.pipe(v.array(NodeName), v.maxLength(2))),
    /** max_standby_streaming_delay of every standby, ms (default 30 s; -1: wait for ever). */
    max_standby_streaming_delay: v.optional(StandbyDelay),
    /** The table's name, for display (`accounts`). */
    table: v.optional(Name),
    /** Rows every node has at the start (as restored from the base backup). */
    rows: v.pipe(
      v.record(Name, Value),
      v.check((r) => Object.keys(r).length <= 50, 'at most 50 rows'),
    ),
  }),
  v.check((o) => new Set(o.standbys).size === o.standbys.length, 'standby names must differ'),
  v.check((o) => !o.standbys.includes(o.primary ?? 'primary'), "a standby cannot have the primary's name"),
  v.check(
    (o) => (o.synchronous_standby_names ?? []).every((n) => o.standbys.includes(n)),
    'synchronous_standby_names may only name the standbys',
  ),
  v.check(
    (o) => [...(o.slots ?? []), ...(o.hot_standby_feedback ?? [])].every((n) => o.standbys.includes(n)),
    'slots and hot_standby_feedback may only name the standbys',
  ),
);

export const ExpectedSchema = v.strictObject({
  /** What a new session reading each key on each node gets at the end (null: no row; a down node is left out). */
  reads: v.optional(v.record(NodeName, v.record(Name, Value))),
  /** Transactions acknowledged to their client as committed. */
  acknowledged: v.optional(v.array(Name)),
  /** Transactions still waiting for synchronous replication at the end. */
  waiting: v.optional(v.array(Name)),
  /** Acknowledged commits that the promoted standby never received. */
  lostCommits: v.optional(v.array(Name)),
  /** How many `read` steps returned a value other than the primary's. */
  staleReads: v.optional(Count(0, 100_000)),
  /** The node accepting writes at the end. */
  primary: v.optional(NodeName),
  /** Each node's timeline id at the end. */
  timelines: v.optional(v.record(NodeName, Count(1, 1000))),
  /** The last `read` step's answer. */
  lastRead: v.optional(v.strictObject({ node: NodeName, key: Name, value: Value })),
  /** Long reads cancelled by a recovery conflict. */
  cancelledQueries: v.optional(v.array(Name)),
  /** Dead row versions left on the primary at the end (after the last VACUUM: the ones it could not remove yet). */
  deadVersions: v.optional(Count(0, 100_000)),
  /** Attach attempts refused because the histories diverged. */
  refusedAttaches: v.optional(Count(0, 1000)),
});

/** The lab's schemas, defined once: its types and its scenario variant derive from them. */
export const schema = labSchema('replication', { options: OptionsSchema, action: ActionSchema, expected: ExpectedSchema });
