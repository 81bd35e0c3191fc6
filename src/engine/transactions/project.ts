import type { Expr, OrderItem, Stmt, Value } from '../sql/ast';
import { SQLSTATE, SqlError } from '../sql/errors';
import { columnsOf, compare, evaluate, formatValue, hasAgg, type Scope, scaleOf, typeOf } from '../sql/expr';
import type { ResultSet, Table } from './types';
import { outputValue } from './aggregate';
import { own } from '../sql/own';

type Select = Extract<Stmt, { k: 'select' }>;

function aggregate(e: Expr, scope: Scope | null, rows: readonly (readonly Value[])[]): Value {
  if (e.k === 'const') return e.v;
  if (e.k !== 'agg')
    throw new SqlError(SQLSTATE.grouping_error, 'only aggregates and constants may be combined with aggregates in WALkthrough');
  if (e.fn === 'count' && !e.arg) return rows.length;
  const vals = rows.map((r) => evaluate(e.arg as Expr, scope, r)).filter((v) => v !== null);
  if (e.fn === 'count') return vals.length;
  if (vals.length === 0) return null;
  if (e.fn === 'sum') return vals.reduce<number>((a, v) => a + Number(v), 0);
  return vals.reduce((a, v) => ((e.fn === 'min' ? compare(v, a) < 0 : compare(v, a) > 0) ? v : a));
}

const aggsOf = (e: Expr): Extract<Expr, { k: 'agg' }>[] => {
  if (e.k === 'agg') return [e];
  if (e.k === 'bin') return [...aggsOf(e.l), ...aggsOf(e.r)];
  return e.k === 'not' || e.k === 'neg' || e.k === 'isnull' || e.k === 'cast' ? aggsOf(e.e) : [];
};

/** How PostgreSQL names a type in a function signature. */
const SIGNATURE_TYPE = { integer: 'integer', bigint: 'bigint', numeric: 'numeric', text: 'text', boolean: 'boolean', unknown: 'unknown' };

/**
 * ParseFuncOrColumn for the aggregates: sum() takes numbers, min() and max() no booleans, and
 * an untyped literal (`sum('a')`, `sum(NULL)`) matches several sum()s. PostgreSQL raises these
 * when it analyses the statement, before it reads a row. Arguments naming a column that does
 * not exist are left to evaluation (42703 comes first in PostgreSQL too).
 */
/** Select lists already checked, with the scope they were checked in (statements of one template share theirs). */
const checked = new WeakMap<Select['items'], Scope | null>();

export function checkAggregates(s: Select, scope: Scope | null): void {
  if (checked.has(s.items) && checked.get(s.items) === scope) return;
  for (const it of s.items) {
    for (const a of it.e ? aggsOf(it.e) : []) {
      if (!a.arg || a.fn === 'count' || columnsOf(a.arg).some((c) => !scope || own(scope.index, c) === undefined)) continue;
      const ty = typeOf(a.arg, scope);
      if (a.fn === 'sum' && ty === 'unknown') throw new SqlError(SQLSTATE.ambiguous_function, 'function sum(unknown) is not unique');
      if (ty === 'boolean' || (a.fn === 'sum' && ty === 'text'))
        throw new SqlError(SQLSTATE.undefined_function, `function ${a.fn}(${SIGNATURE_TYPE[ty]}) does not exist`);
    }
  }
  checked.set(s.items, scope);
}

/** LIMIT's check when the plan starts (recompute_limits), before a row is read or locked. */
export function checkLimit(s: Select): void {
  if ((s.offset ?? 0) < 0) throw new SqlError(SQLSTATE.invalid_row_count_in_result_offset_clause, 'OFFSET must not be negative');
  if (s.limit !== null && s.limit < 0) throw new SqlError(SQLSTATE.invalid_row_count_in_limit_clause, 'LIMIT must not be negative');
}

/** The rows OFFSET and LIMIT leave (the Limit node over the rest of the plan). */
export function limited<T>(s: Select, rows: readonly T[]): readonly T[] {
  const from = s.offset ?? 0;
  return from === 0 && s.limit === null ? rows : rows.slice(from, s.limit === null ? undefined : from + s.limit);
}

/** Output columns: `*` expands to the table's columns. */
function outputItems(s: Select, table: Table | null): { e: Expr; name: string }[] {
  return s.items.flatMap((it) => {
    if (it.e) return [{ e: it.e, name: it.name }];
    if (!table) throw new SqlError(SQLSTATE.syntax_error, 'SELECT * with no tables specified is not valid');
    return table.columns.map((c) => ({ e: { k: 'col', name: c.name } as Expr, name: c.name }));
  });
}

/** Whether the select list aggregates (one output row). */
export const isAggregate = (s: Select): boolean => s.items.some((it) => it.e !== null && hasAgg(it.e));

/**
 * Evaluate the select list over rows (already filtered, locked rows already re-fetched):
 * aggregates, ORDER BY (by output name, position or expression), LIMIT, then text output.
 */
type Out = { readonly src: readonly Value[]; readonly vals: readonly Value[] };

/** ORDER BY (by output name, position or expression): the rows' indices in sorted order (stable). */
function sortedIndices(s: Select, items: readonly { e: Expr; name: string }[], scope: Scope | null, out: readonly Out[]): number[] {
  const keys = s.orderBy.map((o) => {
    if (o.e.k === 'const' && typeof o.e.v === 'number') {
      const pos = o.e.v - 1;
      if (pos < 0 || pos >= items.length)
        throw new SqlError(SQLSTATE.invalid_column_reference, `ORDER BY position ${o.e.v} is not in select list`);
      return { o, at: (x: Out) => x.vals[pos] };
    }
    const named = o.e.k === 'col' ? items.findIndex((it) => it.name === (o.e as { name: string }).name) : -1;
    if (named >= 0 && !(scope && o.e.k === 'col' && own(scope.index, o.e.name) !== undefined && items[named].e.k !== 'col'))
      return { o, at: (x: Out) => x.vals[named] };
    return { o, at: (x: Out) => evaluate(o.e, scope, x.src) };
  });
  return out
    .map((x, i) => ({ i, k: keys.map((k) => k.at(x)) }))
    .sort(byOrder(s.orderBy))
    .map((y) => y.i);
}

/**
 * ORDER BY's comparison of two rows by their sort keys (`k`, one per ORDER BY item): NULLS
 * FIRST / LAST, DESC, and input order (`i`) last, so the sort is stable as PostgreSQL's is here.
 */
export function byOrder(orderBy: readonly OrderItem[]) {
  return (a: { readonly i: number; readonly k: readonly Value[] }, b: { readonly i: number; readonly k: readonly Value[] }): number => {
    for (let j = 0; j < orderBy.length; j++) {
      const o = orderBy[j];
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
  };
}

/**
 * SELECT ... ORDER BY ... FOR UPDATE: the order rows are locked in (LockRows sits above the Sort,
 * so the rows are sorted by the values the scan saw, and not sorted again after EvalPlanQual).
 */
export function lockOrder(s: Select, table: Table, scope: Scope, rows: readonly (readonly Value[])[]): number[] {
  const items = outputItems(s, table);
  return sortedIndices(
    s,
    items,
    scope,
    rows.map((r) => ({ src: r, vals: items.map((it) => evaluate(it.e, scope, r)) })),
  );
}

export function project(s: Select, table: Table | null, scope: Scope | null, rows: readonly (readonly Value[])[]): ResultSet {
  const shape = shapeOf(s, table, scope);
  // Every row, in order, as written: each value goes straight to its text (no list of values first).
  if (!shape.aggregate && !s.orderBy.length && !s.offset && s.limit === null) {
    const { items, scales, types } = shape;
    const text: (string | null)[][] = new Array<(string | null)[]>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const line: (string | null)[] = new Array<string | null>(items.length);
      for (let j = 0; j < items.length; j++) line[j] = formatValue(outputValue(items[j].e, scope, rows[i]), scales[j], types[j]);
      text[i] = line;
    }
    return { columns: shape.columns, rows: text };
  }
  const out = projectValues(s, table, scope, rows);
  // Arrays of their final length: a first push would reserve sixteen slots (most results are a row of a column or a few).
  const text: (string | null)[][] = new Array<(string | null)[]>(out.rows.length);
  for (let i = 0; i < out.rows.length; i++) {
    const r = out.rows[i];
    const line: (string | null)[] = new Array<string | null>(r.length);
    for (let j = 0; j < r.length; j++) line[j] = formatValue(r[j], out.scales[j], out.types[j]);
    text[i] = line;
  }
  return { columns: out.columns, rows: text };
}

/** The select list over a table: output items, their names, types and display scales. */
interface Shape {
  readonly table: Table | null;
  readonly scope: Scope | null;
  readonly items: readonly { e: Expr; name: string }[];
  readonly columns: readonly string[];
  readonly types: readonly ReturnType<typeof typeOf>[];
  readonly scales: readonly (number | null)[];
  readonly aggregate: boolean;
}

/**
 * The shape of the last projection of each select list: statements that share a parse (see
 * ../sql/template.ts) share their select list, and a table's scope is built once (`scopeOf`),
 * so a repeated statement reuses it. Shapes are never mutated.
 */
const shapes = new WeakMap<Select['items'], Shape>();

function shapeOf(s: Select, table: Table | null, scope: Scope | null): Shape {
  const hit = shapes.get(s.items);
  if (hit && hit.table === table && hit.scope === scope) return hit;
  const items = outputItems(s, table);
  const shape: Shape = {
    table,
    scope,
    items,
    types: items.map((it) => typeOf(it.e, scope)),
    columns: items.map((i) => i.name),
    scales: items.map((it) => (typeOf(it.e, scope) === 'numeric' ? scaleOf(it.e, scope) : null)),
    aggregate: isAggregate(s),
  };
  shapes.set(s.items, shape);
  return shape;
}

/** One row's output values. */
function outputValues(items: readonly { e: Expr }[], scope: Scope | null, r: readonly Value[]): Value[] {
  const vals: Value[] = new Array<Value>(items.length);
  for (let i = 0; i < items.length; i++) vals[i] = outputValue(items[i].e, scope, r);
  return vals;
}

/** `project` before text output: the values, with each column's display scale. */
function projectValues(
  s: Select,
  table: Table | null,
  scope: Scope | null,
  rows: readonly (readonly Value[])[],
): {
  columns: readonly string[];
  scales: readonly (number | null)[];
  types: readonly ReturnType<typeof typeOf>[];
  rows: readonly (readonly Value[])[];
} {
  const { items, types, columns, scales, aggregate: aggregates } = shapeOf(s, table, scope);
  if (aggregates) {
    for (const it of items) {
      if (!hasAgg(it.e) && it.e.k === 'col')
        throw new SqlError(
          SQLSTATE.grouping_error,
          `column "${it.e.rel ?? scope?.table ?? table?.name}.${it.e.name}" must appear in the GROUP BY clause or be used in an aggregate function`,
        );
    }
    return { columns, scales, types, rows: limited(s, [items.map((it) => aggregate(it.e, scope, rows))]) };
  }
  if (!s.orderBy.length) {
    const out: Value[][] = new Array<Value[]>(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = outputValues(items, scope, rows[i]);
    return { columns, scales, types, rows: limited(s, out) };
  }
  const out = rows.map((r) => ({ src: r, vals: outputValues(items, scope, r) }));
  return {
    columns,
    scales,
    types,
    rows: limited(
      s,
      sortedIndices(s, items, scope, out).map((i) => out[i]),
    ).map((x) => x.vals),
  };
}
