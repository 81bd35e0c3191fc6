import * as v from 'valibot';
import { labSchema } from '../scenario/lab-schema';
import { Name } from '../scenario/values';
import { ANOMALIES } from './anomalies';

const Sql = v.pipe(v.string(), v.maxLength(20_000));
const Iso = v.picklist(['read uncommitted', 'read committed', 'repeatable read', 'serializable']);

/** The transactions lab's one action: run a step (one query string, named or not) in a session. */
export const ActionSchema = v.strictObject({ type: v.literal('step'), session: Name, sql: Sql, name: v.optional(Name) });
export type Action = v.InferOutput<typeof ActionSchema>;

/** A run's options. */
export const OptionsSchema = v.strictObject({
  /** Session names, in the spec's order. */
  sessions: v.pipe(v.array(Name), v.minLength(1), v.maxLength(16)),
  /** SQL run before the first step, each string as one query (the spec's setup blocks). */
  setup: v.optional(v.pipe(v.array(Sql), v.maxLength(20))),
  /** The first xid handed out (PostgreSQL's FirstNormalTransactionId is 3). */
  firstXid: v.optional(v.pipe(v.number(), v.integer(), v.minValue(3), v.maxValue(2 ** 31))),
  /** READ UNCOMMITTED reads uncommitted versions, as textbooks describe it (PostgreSQL never does). */
  textbookDirtyReads: v.optional(v.boolean()),
  /** Isolation level of sessions that do not choose one (default_transaction_isolation). */
  defaultIsolation: v.optional(Iso),
  /** Per session, the isolation level of transactions that do not choose one. */
  isolation: v.optional(
    v.pipe(
      v.record(Name, Iso),
      v.check((r) => Object.keys(r).length <= 16, 'at most 16 sessions'),
    ),
  ),
});

export type Options = v.InferOutput<typeof OptionsSchema>;

const Rows = v.array(v.array(v.nullable(v.pipe(v.string(), v.maxLength(1000)))));

/** A preset's expected outcome. */
export const ExpectedSchema = v.strictObject({
  /** The committed rows of each table after the last step (text values, in any order). */
  rows: v.optional(v.record(Name, Rows)),
  /** Steps that must have failed, by session, with their SQLSTATE. */
  errors: v.optional(v.array(v.strictObject({ session: Name, code: v.pipe(v.string(), v.length(5)) }))),
  /** Fail if any step failed that `errors` does not list. */
  noOtherErrors: v.optional(v.boolean()),
  /** The history checker's verdict on the committed transactions (null: serializable). */
  anomaly: v.optional(v.nullable(v.picklist(ANOMALIES))),
  /** How each session's last transaction ended ('open': still in a transaction block, failed or not). */
  ended: v.optional(v.record(Name, v.picklist(['committed', 'aborted', 'open']))),
  /** The last result set each named session received (text values). */
  results: v.optional(v.record(Name, Rows)),
});
export type Expected = v.InferOutput<typeof ExpectedSchema>;

/** The lab's schemas, defined once: its types and its scenario variant derive from them. */
export const schema = labSchema('transactions', { options: OptionsSchema, action: ActionSchema, expected: ExpectedSchema });
