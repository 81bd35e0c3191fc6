import * as v from 'valibot';
import { labSchema } from '../scenario/lab-schema';
import { Count, KeyedRow, Name, writeActions } from '../scenario/values';

/** The settings a scenario may give or `set`, with PostgreSQL's names and the lab's ranges. */
const settings = {
  full_page_writes: v.optional(v.boolean()),
  synchronous_commit: v.optional(v.boolean()),
  checkpoint_timeout: v.optional(Count(0, 100_000)),
  max_wal_size: v.optional(Count(1, 64 * 1024 * 1024)),
  checkpoint_completion_target: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(1))),
  bgwriter_lru_maxpages: v.optional(Count(0, 10_000)),
  bgwriter_delay: v.optional(Count(1, 10_000)),
  wal_writer_delay: v.optional(Count(1, 10_000)),
  commit_delay: v.optional(Count(0, 1000)),
  commit_siblings: v.optional(Count(0, 1000)),
  wal_buffers: v.optional(Count(8, 16 * 1024)),
};

const SettingName = v.picklist(Object.keys(settings) as (keyof typeof settings)[]);

/** The actions of the Durability lab, as they appear in scenario files and links. */
export const ActionSchema = v.variant('type', [
  ...writeActions,
  v.strictObject({ type: v.literal('abort'), tx: Name }),
  v.strictObject({ type: v.literal('read'), table: Name, key: Name, tx: v.optional(Name) }),
  v.strictObject({ type: v.literal('checkpoint'), spread: v.optional(v.boolean()) }),
  v.strictObject({ type: v.literal('tick'), n: v.optional(Count(1, 100_000)) }),
  v.strictObject({ type: v.literal('set'), name: SettingName, value: v.union([v.boolean(), v.pipe(v.number(), v.finite())]) }),
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
  ...settings,
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
});

/** The lab's schemas, defined once: its types and its scenario variant derive from them. */
export const schema = labSchema('durability', { options: OptionsSchema, action: ActionSchema, expected: ExpectedSchema });
