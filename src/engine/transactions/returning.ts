import type { SelectItem, Stmt } from '../sql/ast';
import { SQLSTATE, SqlError } from '../sql/errors';
import { hasAgg } from '../sql/expr';
import { scopeOf } from './catalog';
import { project } from './project';
import type { ResultSet, Table } from './types';

/**
 * RETURNING: the select list evaluated over the rows the statement wrote (an INSERT's or
 * UPDATE's new versions, a DELETE's old ones), in the order it wrote them.
 */
export function returned(
  items: readonly SelectItem[] | null | undefined,
  table: Table,
  alias: string | undefined,
  ids: readonly number[],
): ResultSet | null {
  if (!items) return null;
  const s: Extract<Stmt, { k: 'select' }> = { k: 'select', table: table.name, items, where: null, orderBy: [], lock: null, limit: null };
  return project(
    s,
    table,
    scopeOf(table, alias),
    ids.map((id) => table.tuples[id].values),
  );
}

/** What PostgreSQL refuses in a RETURNING list when it analyses the statement. */
export function checkReturning(items: readonly SelectItem[] | null | undefined): void {
  if (items?.some((it) => it.e && hasAgg(it.e)))
    throw new SqlError(SQLSTATE.grouping_error, 'aggregate functions are not allowed in RETURNING');
}
