import type { Expr, Value } from '../sql/ast';
import { SQLSTATE, SqlError } from '../sql/errors';
import { evaluate } from '../sql/expr';
import { own } from '../sql/own';
import { toColumn } from './catalog';
import type { Ctx } from './context';
import type { Table } from './types';

/** Column defaults: the value a row gets for a column it does not name, or names with DEFAULT. */

/** The column's DEFAULT (NULL when it has none), evaluated now, as PostgreSQL does once per row. */
export function columnDefault(ctx: Ctx, table: Table, i: number): Value {
  void ctx;
  const c = table.columns[i];
  return c.default ? toColumn(evaluate(c.default, null, null), c) : null;
}

/** The positions of an INSERT's target columns (all columns in order when it names none). */
export function targetColumns(table: Table, columns: readonly string[] | null): number[] {
  return (columns ?? table.columns.map((c) => c.name)).map((name) => {
    const i = own(table.index, name);
    if (i === undefined) throw new SqlError(SQLSTATE.undefined_column, `column "${name}" of relation "${table.name}" does not exist`);
    return i;
  });
}

/** One INSERT row: the given expressions in the target columns, DEFAULT everywhere else. */
export function newRow(ctx: Ctx, table: Table, cols: readonly number[], given: readonly (Expr | 'default')[], named: boolean): Value[] {
  if (given.length > cols.length) throw new SqlError(SQLSTATE.syntax_error, 'INSERT has more expressions than target columns');
  if (given.length < cols.length && named) throw new SqlError(SQLSTATE.syntax_error, 'INSERT has more target columns than expressions');
  const values: (Value | undefined)[] = table.columns.map(() => undefined);
  given.forEach((e, j) => {
    if (e !== 'default') values[cols[j]] = toColumn(evaluate(e, null, null), table.columns[cols[j]]);
  });
  return values.map((v, i) => (v === undefined ? columnDefault(ctx, table, i) : v));
}
