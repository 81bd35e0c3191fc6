import * as v from 'valibot';
import { labSchema } from '../scenario/lab-schema';
import { KeyedRow, Name, writeActions } from '../scenario/values';

/** The actions of the intent-log lab, as they appear in scenario files and links. */
export const ActionSchema = v.variant('type', [
  ...writeActions,
  v.strictObject({ type: v.literal('rollback'), tx: Name }),
  v.strictObject({ type: v.literal('crash') }),
  v.strictObject({ type: v.literal('recover') }),
]);

export const OptionsSchema = v.strictObject({
  tables: v.pipe(
    v.record(Name, v.pipe(v.array(KeyedRow), v.maxLength(1000))),
    v.check((t) => Object.keys(t).length <= 20, 'at most 20 tables'),
  ),
});

export const ExpectedSchema = v.strictObject({
  rows: v.optional(v.record(Name, v.array(KeyedRow))),
  committed: v.optional(v.array(Name)),
  rolledBack: v.optional(v.array(Name)),
});

/** The lab's schemas, defined once: its types and its scenario variant derive from them. */
export const schema = labSchema('intent-log', { options: OptionsSchema, action: ActionSchema, expected: ExpectedSchema });
