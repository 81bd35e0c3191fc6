import type * as P from 'libpg-query';
import type { Expr, OnConflict, SelectItem, Stmt } from './ast';
import { SQLSTATE, SqlError, unsupported } from './errors';
import { columnName, expr } from './parse-expr';
import { mapExpr } from './expr-walk';
import { select } from './parse-select';
import { as } from './pg-node';

/** INSERT, UPDATE and DELETE (with RETURNING and ON CONFLICT) from PostgreSQL's tree. */

/** A select list or RETURNING list: `*` (or `t.*`) or expressions with their output names. */
export function targets(list: readonly P.Node[]): SelectItem[] {
  return list.map((node) => {
    const t = as(node, 'ResTarget') ?? {};
    const ref = as(t.val, 'ColumnRef');
    if (ref && as(ref.fields?.at(-1), 'A_Star')) {
      if ((ref.fields?.length ?? 0) > 2) throw unsupported('schema-qualified column references');
      return ref.fields?.length === 2 ? { e: null, name: '*', rel: as(ref.fields[0], 'String')?.sval ?? '' } : { e: null, name: '*' };
    }
    return { e: expr(t.val), name: t.name ?? columnName(t.val) };
  });
}

const returning = (list: readonly P.Node[] | undefined): readonly SelectItem[] | null => (list ? targets(list) : null);

const alias = (r: P.RangeVar | undefined): { alias?: string } => (r?.alias?.aliasname ? { alias: r.alias.aliasname } : {});

/**
 * UPDATE and DELETE read their table as one relation named by the table: references through the
 * alias are renamed to it. The table's own name is hidden by an alias in PostgreSQL (an error the
 * lab does not reproduce), so such a reference is refused.
 */
function unalias(r: P.RangeVar | undefined, e: Expr): Expr {
  const a = r?.alias?.aliasname;
  if (!a) return e;
  return mapExpr(e, (x) => {
    if (x.k !== 'col' || !x.rel) return x;
    if (x.rel === r.relname) throw unsupported('naming an aliased table by its own name');
    return x.rel === a ? { ...x, rel: r.relname ?? '' } : x;
  });
}

/** SET col = expr, ...: DEFAULT becomes the column's default when the row is written. */
function setList(list: readonly P.Node[] | undefined): { col: string; e: Expr }[] {
  return (list ?? []).map((node) => {
    const t = as(node, 'ResTarget') ?? {};
    if (t.indirection) throw unsupported('subscripts and field selection');
    if (as(t.val, 'MultiAssignRef')) throw unsupported('multiple-column assignment');
    return { col: t.name ?? '', e: as(t.val, 'SetToDefault') ? { k: 'default' } : expr(t.val) };
  });
}

function onConflict(c: P.OnConflictClause): OnConflict {
  const infer = c.infer;
  if (infer?.whereClause) throw unsupported('ON CONFLICT with a partial-index WHERE');
  let target: OnConflict['target'] = null;
  if (infer?.conname) target = { constraint: infer.conname };
  else if (infer)
    target = {
      columns: (infer.indexElems ?? []).map((n) => {
        const el = as(n, 'IndexElem') ?? {};
        if (!el.name || el.collation || el.opclass) throw unsupported('ON CONFLICT on an expression');
        return el.name;
      }),
    };
  const action = c.action === 'ONCONFLICT_UPDATE' ? 'update' : 'nothing';
  if (action === 'update' && !target)
    throw new SqlError(SQLSTATE.syntax_error, 'ON CONFLICT DO UPDATE requires inference specification or constraint name');
  return { action, target, sets: setList(c.targetList), where: c.whereClause ? expr(c.whereClause) : null };
}

export function insert(s: P.InsertStmt): Stmt {
  if (s.withClause) throw unsupported('WITH');
  if (s.override && s.override !== 'OVERRIDING_NOT_SET') throw unsupported('OVERRIDING');
  if (!s.selectStmt) throw unsupported('INSERT ... DEFAULT VALUES');
  const sel = as(s.selectStmt, 'SelectStmt') ?? {};
  const query = sel.valuesLists ? null : select(sel);
  if (sel.valuesLists && (sel.sortClause || sel.limitCount || sel.limitOffset)) throw unsupported('VALUES with ORDER BY or LIMIT');
  const rows = (sel.valuesLists ?? []).map((r) =>
    (as(r, 'List')?.items ?? []).map((e) => (as(e, 'SetToDefault') ? ('default' as const) : expr(e))),
  );
  const columns = s.cols?.map((c) => {
    const t = as(c, 'ResTarget') ?? {};
    if (t.indirection) throw unsupported('subscripts and field selection');
    return t.name ?? '';
  });
  return {
    k: 'insert',
    table: s.relation?.relname ?? '',
    columns: columns ?? null,
    rows,
    query,
    ...alias(s.relation),
    onConflict: s.onConflictClause ? onConflict(s.onConflictClause) : null,
    returning: returning(s.returningList),
  };
}

export function update(s: P.UpdateStmt): Stmt {
  if (s.fromClause) throw unsupported('UPDATE ... FROM');
  if (s.withClause) throw unsupported('WITH');
  const sets = setList(s.targetList).map(({ col, e }) => ({ col, e: unalias(s.relation, e) }));
  return { k: 'update', sets, ...target(s) };
}

export function del(s: P.DeleteStmt): Stmt {
  if (s.usingClause) throw unsupported('DELETE ... USING');
  if (s.withClause) throw unsupported('WITH');
  return { k: 'delete', ...target(s) };
}

/** What UPDATE and DELETE share: the table and its alias, WHERE (in the table's own names) and RETURNING. */
function target(s: P.UpdateStmt | P.DeleteStmt) {
  return {
    table: s.relation?.relname ?? '',
    where: s.whereClause ? unalias(s.relation, expr(s.whereClause)) : null,
    ...alias(s.relation),
    returning: returning(s.returningList),
  };
}
