import * as v from 'valibot';

const Name = v.pipe(v.string(), v.minLength(1), v.maxLength(64));
const Value = v.union([v.pipe(v.string(), v.maxLength(200)), v.pipe(v.number(), v.finite()), v.boolean(), v.null()]);
const Row = v.record(Name, Value);
const KeyedRow = v.strictObject({ key: Name, values: Row });

/** The actions of the intent-log lab, as they appear in scenario files and links. */
export const ActionSchema = v.variant('type', [
  v.strictObject({ type: v.literal('begin'), tx: Name }),
  v.strictObject({ type: v.literal('insert'), tx: Name, table: Name, key: Name, values: Row }),
  v.strictObject({
    type: v.literal('update'),
    tx: Name,
    table: Name,
    key: Name,
    set: v.optional(Row),
    add: v.optional(v.record(Name, v.pipe(v.number(), v.finite()))),
  }),
  v.strictObject({ type: v.literal('delete'), tx: Name, table: Name, key: Name }),
  v.strictObject({ type: v.literal('commit'), tx: Name }),
  v.strictObject({ type: v.literal('rollback'), tx: Name }),
  v.strictObject({ type: v.literal('crash') }),
  v.strictObject({ type: v.literal('recover') }),
]);

export const OptionsSchema = v.strictObject({
  tables: v.pipe(v.record(Name, v.pipe(v.array(KeyedRow), v.maxLength(1000))), v.check((t) => Object.keys(t).length <= 20, 'at most 20 tables')),
});

export const ExpectedSchema = v.strictObject({
  rows: v.optional(v.record(Name, v.array(KeyedRow))),
  committed: v.optional(v.array(Name)),
  rolledBack: v.optional(v.array(Name)),
});
