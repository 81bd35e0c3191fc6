import type { Expr, FromItem, SelectItem, SelectStmt, Value } from '../sql/ast';
import { SQLSTATE, SqlError } from '../sql/errors';
import { compare, evaluate, hasAgg, type Scope, scaleOf, truth, typeOf } from '../sql/expr';
import { childrenOf, mapExpr } from '../sql/expr-walk';
import { lookup } from '../sql/scope';
import { aggregateOver, outputValue } from './aggregate';
import type { Ctx } from './context';
import { type FromResult, type FromRow, fromRows, type Source } from './from';
import { checkAggregates, checkLimit, limited } from './project';
import { distinctOn, sorted } from './query-order';
import { setOperation } from './setop';
import type { Snapshot } from './types';

/**
 * SELECT in general: FROM with joins, WHERE, GROUP BY and HAVING (aggregates over each group),
 * DISTINCT and DISTINCT ON, ORDER BY, OFFSET and LIMIT. Output values with their display scales, and for each output
 * row the FROM row it came from (FOR UPDATE OF locks those tuples).
 */
export interface QueryResult {
  readonly columns: string[];
  readonly scales: (number | null)[];
  readonly types: ReturnType<typeof typeOf>[];
  readonly rows: Value[][];
  readonly from: FromRow[];
  readonly sources: readonly Source[];
  readonly scope: Scope;
}

export const same = (a: Expr, b: Expr, scope: Scope): boolean => {
  if (a.k === 'col' && b.k === 'col') {
    const i = lookup(scope, a);
    return i !== undefined && i >= 0 && i === lookup(scope, b);
  }
  return JSON.stringify(a) === JSON.stringify(b);
};

/** Output columns: `*` expands to FROM's columns (USING's merged ones once), `t.*` to the columns of `t`. */
function outputs(items: readonly SelectItem[], sources: readonly Source[], star: FromResult['star']): { e: Expr; name: string }[] {
  return items.flatMap((it) => {
    if (it.e) return [{ e: it.e, name: it.name }];
    if (!sources.length) throw new SqlError(SQLSTATE.syntax_error, 'SELECT * with no tables specified is not valid');
    if (!it.rel) return star;
    const from = sources.filter((s) => s.rel === it.rel);
    if (!from.length) throw new SqlError(SQLSTATE.undefined_table, `missing FROM-clause entry for table "${it.rel}"`);
    return from.flatMap((s) => s.table.columns.map((c) => ({ e: { k: 'col', name: c.name, rel: s.rel } as Expr, name: c.name })));
  });
}

/** check_ungrouped_columns: outside aggregates, only grouped expressions and columns their table's primary key determines. */
function checkGrouped(e: Expr, groupBy: readonly Expr[], scope: Scope, sources: readonly Source[]): void {
  if (e.k === 'agg' || e.k === 'const' || e.k === 'sub' || groupBy.some((g) => same(g, e, scope))) return;
  if (e.k === 'col') {
    const i = lookup(scope, e);
    const src = sources.find((s) => i !== undefined && i >= s.offset && i < s.offset + s.table.columns.length);
    if (!src || i === undefined) return;
    const pk = src.table.uniques.find((u) => u.primary);
    const grouped = (c: number) => groupBy.some((g) => g.k === 'col' && lookup(scope, g) === src.offset + c);
    if (pk && pk.columns.every(grouped)) return;
    throw new SqlError(
      SQLSTATE.grouping_error,
      `column "${src.rel}.${e.name}" must appear in the GROUP BY clause or be used in an aggregate function`,
    );
  }
  for (const x of childrenOf(e)) checkGrouped(x, groupBy, scope, sources);
}

export interface Entry {
  readonly src: FromRow;
  readonly group: readonly FromRow[] | null;
  readonly vals: Value[];
}

export function runQuery(ctx: Ctx, s: SelectStmt, snap: Snapshot, dirty: boolean, outer: Scope['outer']): QueryResult {
  if (s.setop) return setOperation(ctx, s, s.setop, snap, dirty, outer, runQuery);
  const items: readonly FromItem[] = s.from ?? (s.table ? [{ k: 'rel', table: s.table, ...(s.alias ? { alias: s.alias } : {}) }] : []);
  checkLimit(s);
  const f = items.length
    ? fromRows(ctx, items, snap, dirty, s.where, outer, runQuery)
    : {
        scope: { index: {}, types: [], table: '', ...(outer ? { outer } : {}) } as Scope,
        sources: [],
        rows: [{ vals: [], ids: [] }],
        star: [],
      };
  const { scope, sources } = f;
  checkAggregates(s, scope);
  let rows = f.rows;
  if (!items.length && s.where) rows = rows.filter((r) => truth(evaluate(s.where as Expr, scope, r.vals)) === true);
  const outs = outputs(s.items, sources, f.star);
  const columns = outs.map((o) => o.name);
  const scales = outs.map((o) => (typeOf(o.e, scope) === 'numeric' ? scaleOf(o.e, scope) : null));
  const groupBy = s.groupBy ?? [];
  const grouped = groupBy.length > 0 || !!s.having || outs.some((o) => hasAgg(o.e)) || s.orderBy.some((o) => hasAgg(o.e));
  const valueIn = (e: Expr, en: { src: FromRow; group: readonly FromRow[] | null }): Value => {
    if (!en.group) return evaluate(e, scope, en.src.vals);
    const group = en.group;
    const bound = mapExpr(
      e,
      (x) =>
        x.k === 'agg'
          ? {
              k: 'const',
              v: aggregateOver(
                x,
                scope,
                group.map((r) => r.vals),
              ),
              t: typeOf(x, scope),
            }
          : x,
      false,
    );
    return evaluate(bound, scope, en.src.vals);
  };
  let entries: Entry[];
  if (grouped) {
    for (const o of outs) checkGrouped(o.e, groupBy, scope, sources);
    if (s.having) checkGrouped(s.having, groupBy, scope, sources);
    const groups: FromRow[][] = [];
    const keys: Value[][] = [];
    for (const r of rows) {
      const key = groupBy.map((g) => evaluate(g, scope, r.vals));
      const k = keys.findIndex((x) => x.every((v, i) => (v === null ? key[i] === null : key[i] !== null && compare(v, key[i]) === 0)));
      if (k >= 0) groups[k].push(r);
      else {
        keys.push(key);
        groups.push([r]);
      }
    }
    if (!groupBy.length && !groups.length) groups.push([]);
    const nulls: FromRow = { vals: scope.types.map(() => null), ids: sources.map(() => -1) };
    entries = groups
      .map((g) => ({ src: g[0] ?? nulls, group: g }))
      .filter((en) => !s.having || truth(valueIn(s.having, en)) === true)
      .map((en) => ({ ...en, vals: outs.map((o) => valueIn(o.e, en)) }));
  } else entries = rows.map((r) => ({ src: r, group: null, vals: outs.map((o) => outputValue(o.e, scope, r.vals)) }));
  if (s.distinctOn) entries = distinctOn(s, s.distinctOn, entries, outs, scope, valueIn);
  else if (s.distinct) {
    for (const o of s.orderBy)
      if (!outs.some((x) => same(x.e, o.e, scope) || (o.e.k === 'col' && !o.e.rel && x.name === o.e.name)) && !(o.e.k === 'const'))
        throw new SqlError(SQLSTATE.invalid_column_reference, 'for SELECT DISTINCT, ORDER BY expressions must appear in select list');
    const seen = new Set<string>();
    entries = entries.filter((en) => {
      const k = JSON.stringify(en.vals);
      return seen.has(k) ? false : (seen.add(k), true);
    });
  }
  if (s.orderBy.length && !s.distinctOn) entries = sorted(s, entries, outs, scope, valueIn);
  entries = [...limited(s, entries)];
  return {
    columns,
    scales,
    types: outs.map((o) => typeOf(o.e, scope)),
    rows: entries.map((en) => en.vals),
    from: entries.map((en) => en.src),
    sources,
    scope,
  };
}
