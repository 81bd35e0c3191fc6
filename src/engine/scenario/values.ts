import * as v from 'valibot';

/** Table, key and transaction names; `__proto__` would reach the prototype of the plain objects that index them. */
export const Name = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(64),
  v.check((s) => s !== '__proto__', 'the name __proto__ is reserved'),
);
/** A cell value. */
export const Value = v.union([v.pipe(v.string(), v.maxLength(4000)), v.pipe(v.number(), v.finite()), v.boolean(), v.null()]);
/** A row: column name to value. */
const Row = v.pipe(
  v.record(Name, Value),
  v.check((r) => Object.keys(r).length <= 32, 'at most 32 columns'),
);
/** A row with its primary key, as tables list their rows. */
export const KeyedRow = v.strictObject({ key: Name, values: Row });
/** An integer in [min, max]. */
export const Count = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));
/** `column = column + n` increments of an UPDATE. */
const Increments = v.record(Name, v.pipe(v.number(), v.finite()));

/** The row-writing actions both storage labs share: the same words in the same shape. */
export const writeActions = [
  v.strictObject({ type: v.literal('begin'), tx: Name }),
  v.strictObject({ type: v.literal('insert'), tx: Name, table: Name, key: Name, values: Row }),
  v.strictObject({
    type: v.literal('update'),
    tx: Name,
    table: Name,
    key: Name,
    set: v.optional(Row),
    add: v.optional(Increments),
  }),
  v.strictObject({ type: v.literal('delete'), tx: Name, table: Name, key: Name }),
  v.strictObject({ type: v.literal('commit'), tx: Name }),
] as const;
