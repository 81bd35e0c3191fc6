import type * as v from 'valibot';
import type { writeActions } from './values';

/** The row-writing actions both storage labs share (see values.ts). */
export type WriteAction = v.InferOutput<(typeof writeActions)[number]>;

const WRITE_TYPES: ReadonlySet<string> = new Set<WriteAction['type']>(['begin', 'insert', 'update', 'delete', 'commit']);

/** Is this one of the row-writing actions both storage labs share? */
export const isWriteAction = <A extends { readonly type: string }>(action: A): action is Extract<A, WriteAction> =>
  WRITE_TYPES.has(action.type);

/** Names in a sentence: "a, b" (or "none"). */
export const nameList = (xs: readonly string[]): string => (xs.length === 0 ? 'none' : xs.join(', '));

/** A value as an SQL literal. */
export const sqlValue = (x: string | number | boolean | null): string =>
  typeof x === 'string' ? `'${x.replaceAll("'", "''")}'` : String(x);

/** A shared write action as the SQL a reader would recognise. */
export function writeSql(action: WriteAction): string {
  switch (action.type) {
    case 'begin':
      return `${action.tx}: BEGIN`;
    case 'commit':
      return `${action.tx}: COMMIT`;
    case 'insert': {
      const cols = Object.keys(action.values);
      const values = [sqlValue(action.key), ...cols.map((c) => sqlValue(action.values[c]))];
      return `${action.tx}: INSERT INTO ${action.table} (key${cols.map((c) => `, ${c}`).join('')}) VALUES (${values.join(', ')})`;
    }
    case 'update': {
      const sets = [
        ...Object.entries(action.set ?? {}).map(([c, x]) => `${c} = ${sqlValue(x)}`),
        ...Object.entries(action.add ?? {}).map(([c, n]) => `${c} = ${c} ${n < 0 ? '-' : '+'} ${Math.abs(n)}`),
      ];
      return `${action.tx}: UPDATE ${action.table} SET ${sets.join(', ')} WHERE key = ${sqlValue(action.key)}`;
    }
    case 'delete':
      return `${action.tx}: DELETE FROM ${action.table} WHERE key = ${sqlValue(action.key)}`;
  }
}
