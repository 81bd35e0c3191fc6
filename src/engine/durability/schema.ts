import * as v from 'valibot';
import { labSchema } from '../scenario/lab-schema';
import { Count, KeyedRow, Name, writeActions } from '../scenario/values';

/**
 * The settings (GUCs) the lab models, with PostgreSQL's names and the lab's ranges: the same
 * schema checks a scenario's option and a `set` action's value. Times are in logical ticks.
 */
export const settings = {
  /** full_page_writes: log a whole page image on its first change after a checkpoint's REDO point. */
  full_page_writes: v.boolean(),
  /** synchronous_commit: on waits for the commit record to be flushed; off leaves it to the WAL writer. */
  synchronous_commit: v.boolean(),
  /** checkpoint_timeout, in ticks (0 turns timed checkpoints off). */
  checkpoint_timeout: Count(0, 100_000),
  /** max_wal_size, in kB of WAL since the last REDO point (PostgreSQL starts at max_wal_size / (1 + target)). */
  max_wal_size: Count(1, 64 * 1024 * 1024),
  /** checkpoint_completion_target: the share of checkpoint_timeout a spread checkpoint may take. */
  checkpoint_completion_target: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
  /** bgwriter_lru_maxpages: the most dirty buffers the background writer writes per round (0: off). */
  bgwriter_lru_maxpages: Count(0, 10_000),
  /** bgwriter_delay, in ticks between background writer rounds. */
  bgwriter_delay: Count(1, 10_000),
  /** wal_writer_delay, in ticks between WAL writer flushes. */
  wal_writer_delay: Count(1, 10_000),
  /** commit_delay, in ticks a committing transaction waits so others can share its flush (0: off). */
  commit_delay: Count(0, 1000),
  /** commit_siblings: commit_delay only applies with at least this many other open transactions. */
  commit_siblings: Count(0, 1000),
  /** wal_buffers, in kB: when unwritten WAL exceeds it, a backend must write WAL out itself. */
  wal_buffers: Count(8, 16 * 1024),
  /** autovacuum: the launcher checks every table each autovacuum_naptime (off by default in the lab, on in PostgreSQL). */
  autovacuum: v.boolean(),
  /** autovacuum_naptime, in ticks between the launcher's checks. */
  autovacuum_naptime: Count(1, 100_000),
  /** autovacuum_vacuum_threshold: dead versions a table needs, beyond the scale factor's share, before autovacuum. */
  autovacuum_vacuum_threshold: Count(0, 1_000_000),
  /** autovacuum_vacuum_scale_factor: the share of reltuples added to the threshold. */
  autovacuum_vacuum_scale_factor: v.pipe(v.number(), v.minValue(0), v.maxValue(100)),
  /** autovacuum_vacuum_insert_threshold: inserts since the last VACUUM, beyond its scale factor's share, that wake autovacuum (-1: off). */
  autovacuum_vacuum_insert_threshold: v.pipe(v.number(), v.integer(), v.minValue(-1), v.maxValue(1_000_000)),
  /** autovacuum_vacuum_insert_scale_factor. */
  autovacuum_vacuum_insert_scale_factor: v.pipe(v.number(), v.minValue(0), v.maxValue(100)),
};

type SettingKey = keyof typeof settings;
const settingNames = Object.keys(settings) as SettingKey[];

/** SET name = value: one variant per setting, so the value is checked as the option is. */
const SetAction = v.variant(
  'name',
  settingNames.map((name) => v.strictObject({ type: v.literal('set'), name: v.literal(name), value: settings[name] })),
);

/** The shared write actions after their plain `begin` (the first), which the lab's own `begin` replaces. */
const [, ...sharedWrites] = writeActions;

/** The actions of the Durability lab, as they appear in scenario files and links. */
export const ActionSchema = v.variant('type', [
  // BEGIN [ISOLATION LEVEL REPEATABLE READ]: a repeatable-read transaction keeps the snapshot of its first statement.
  v.strictObject({ type: v.literal('begin'), tx: Name, isolation: v.optional(v.picklist(['read committed', 'repeatable read'])) }),
  ...sharedWrites,
  v.strictObject({ type: v.literal('abort'), tx: Name }),
  v.strictObject({ type: v.literal('read'), table: Name, key: Name, tx: v.optional(Name) }),
  v.strictObject({ type: v.literal('vacuum'), table: Name }),
  v.strictObject({ type: v.literal('checkpoint'), spread: v.optional(v.boolean()) }),
  v.strictObject({ type: v.literal('tick'), n: v.optional(Count(1, 100_000)) }),
  SetAction,
  v.strictObject({ type: v.literal('crash') }),
  v.strictObject({ type: v.literal('recover') }),
]);

export const OptionsSchema = v.strictObject({
  frames: v.optional(Count(4, 16_384)),
  tables: v.optional(
    v.pipe(
      v.record(Name, v.pipe(v.array(KeyedRow), v.maxLength(10_000))),
      v.check((t) => Object.keys(t).length <= 20, 'at most 20 tables'),
    ),
  ),
  ...v.partial(v.strictObject(settings)).entries,
});

const Range = v.strictObject({ min: v.optional(v.number()), max: v.optional(v.number()) });
const CounterName = v.picklist([
  'walBytes',
  'walRecords',
  'fpiCount',
  'fpiBytes',
  'pagesWritten',
  'writesByCheckpointer',
  'writesByBgwriter',
  'writesByBackend',
  'fsyncs',
  'walFlushes',
  'bufferHits',
  'bufferReads',
  'evictions',
  'recordsReplayed',
  'checkpoints',
] as const);

export const ExpectedSchema = v.strictObject({
  rows: v.optional(v.record(Name, v.array(KeyedRow))),
  committed: v.optional(v.array(Name)),
  lost: v.optional(v.array(Name)),
  phase: v.optional(v.picklist(['running', 'crashed', 'failed'])),
  counters: v.optional(v.record(CounterName, Range)),
  tornPage: v.optional(v.boolean()),
  /** Per table: its size in pages and pg_stat_user_tables' n_live_tup and n_dead_tup at the end. */
  tables: v.optional(v.record(Name, v.strictObject({ pages: v.optional(Range), live: v.optional(Range), dead: v.optional(Range) }))),
});

/** The lab's schemas, defined once: its types and its scenario variant derive from them. */
export const schema = labSchema('durability', { options: OptionsSchema, action: ActionSchema, expected: ExpectedSchema });
