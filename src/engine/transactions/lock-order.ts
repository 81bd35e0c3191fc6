import type { Expr, Stmt } from '../sql/ast';
import { SQLSTATE, SqlError } from '../sql/errors';
import { compare, evaluate } from '../sql/expr';
import { own } from '../sql/own';
import { scopeOf } from './catalog';
import type { Table, Value } from './types';

type Select = Extract<Stmt, { k: 'select' }>;

/**
 * The order SELECT ... ORDER BY ... FOR UPDATE locks its rows in: PostgreSQL's LockRows node
 * sits above the Sort (and below the Limit), so rows are locked in ORDER BY order, which with
 * LIMIT decides which rows get locked at all (and, with SKIP LOCKED, which are taken instead).
 * Keys as in `project`: an output position, an output name, or an expression over the table.
 */
export function lockOrder(s: Select, table: Table, ids: readonly number[]): number[] {
  if (!s.orderBy.length) return ids.slice();
  const scope = scopeOf(table);
  const items = s.items.flatMap((it) =>
    it.e === null
      ? table.columns.map((c): { e: Expr; name: string } => ({ e: { k: 'col', name: c.name }, name: c.name }))
      : [it as { e: Expr; name: string }],
  );
  const keys = s.orderBy.map((o): Expr => {
    if (o.e.k === 'const' && typeof o.e.v === 'number') {
      const item = items[o.e.v - 1];
      if (!item) throw new SqlError(SQLSTATE.invalid_column_reference, `ORDER BY position ${o.e.v} is not in select list`);
      return item.e;
    }
    const named = o.e.k === 'col' ? items.find((it) => it.name === (o.e as { name: string }).name) : undefined;
    if (named && !(o.e.k === 'col' && own(scope.index, o.e.name) !== undefined && named.e.k !== 'col')) return named.e;
    return o.e;
  });
  const rows = ids.map((id, i) => ({ id, i, k: keys.map((e): Value => evaluate(e, scope, table.tuples[id].values)) }));
  rows.sort((a, b) => {
    for (let j = 0; j < keys.length; j++) {
      const o = s.orderBy[j];
      const va = a.k[j];
      const vb = b.k[j];
      if (va === null || vb === null) {
        if (va === vb) continue;
        return (va === null) === o.nullsFirst ? -1 : 1;
      }
      const c = compare(va, vb);
      if (c !== 0) return o.desc ? -c : c;
    }
    return a.i - b.i;
  });
  return rows.map((r) => r.id);
}
