import * as v from 'valibot';
import { labSchema } from '../scenario/lab-schema';
import { ANOMALIES } from './anomalies';

const Name = v.pipe(v.string(), v.minLength(1), v.maxLength(64));
const Sql = v.pipe(v.string(), v.maxLength(20_000));
const Iso = v.picklist(['read uncommitted', 'read committed', 'repeatable read', 'serializable']);

/** The transactions lab's actions as scenario files and links carry them. */
export const ActionSchema = v.strictObject({ type: v.literal('step'), session: Name, sql: Sql, name: v.optional(Name) });

export const OptionsSchema = v.strictObject({
  sessions: v.pipe(v.array(Name), v.minLength(1), v.maxLength(16)),
  setup: v.optional(v.pipe(v.array(Sql), v.maxLength(20))),
  firstXid: v.optional(v.pipe(v.number(), v.integer(), v.minValue(3), v.maxValue(2 ** 31))),
  textbookDirtyReads: v.optional(v.boolean()),
  defaultIsolation: v.optional(Iso),
  /** Per session, the isolation level of transactions that do not choose one. */
  isolation: v.optional(v.pipe(v.record(Name, Iso), v.check((r) => Object.keys(r).length <= 16, 'at most 16 sessions'))),
});

export const ExpectedSchema = v.strictObject({
  rows: v.optional(v.record(Name, v.array(v.array(v.nullable(v.pipe(v.string(), v.maxLength(1000))))))),
  errors: v.optional(v.array(v.strictObject({ session: Name, code: v.pipe(v.string(), v.length(5)) }))),
  noOtherErrors: v.optional(v.boolean()),
  anomaly: v.optional(v.nullable(v.picklist(ANOMALIES))),
  ended: v.optional(v.record(Name, v.picklist(['committed', 'aborted', 'open']))),
  results: v.optional(v.record(Name, v.array(v.array(v.nullable(v.pipe(v.string(), v.maxLength(1000))))))),
});

/** The lab's schemas, defined once: its types and its scenario variant derive from them. */
export const schema = labSchema('transactions', { options: OptionsSchema, action: ActionSchema, expected: ExpectedSchema });
