import type { ColType, Expr, FromItem, Value } from '../sql/ast';
import { SQLSTATE, SqlError } from '../sql/errors';
import { evaluate, type Scope, truth } from '../sql/expr';
import { joinScopes } from '../sql/scope';
import { scopeOf, tableOf } from './catalog';
import type { Ctx } from './context';
import type { Column, Snapshot, Table } from './types';
import { idsOf, scan } from './scan';
import { fillMerged, type Merge, namespaces, starOf, usingMatch, withMerged } from './from-using';

/**
 * A query's FROM clause as rows: each base table is scanned with the statement's snapshot, and
 * joins are nested loops over the scanned rows. A row holds every table's columns side by side
 * (NULLs for the missing side of an outer join) and the tuple each table's part came from.
 */

export interface Source {
  readonly rel: string;
  /** The table, or for a subquery in FROM a table-shaped description of its output columns. */
  readonly table: Table;
  readonly offset: number;
  /** A subquery's rows (read once, with the statement's snapshot); a table's are scanned. */
  readonly rows?: readonly (readonly Value[])[];
}

type Run = (
  ctx: Ctx,
  s: Extract<FromItem, { k: 'sub' }>['q'],
  snap: Snapshot,
  dirty: boolean,
  outer: Scope['outer'],
) => {
  columns: string[];
  types: readonly (ColType | 'unknown')[];
  scales: readonly (number | null)[];
  rows: Value[][];
};

/** A subquery's output as a source: its columns (renamed by the alias's list) and its rows. */
function derived(
  ctx: Ctx,
  it: Extract<FromItem, { k: 'sub' }>,
  snap: Snapshot,
  dirty: boolean,
  outer: Scope['outer'],
  run: Run,
  offset: number,
): Source {
  const r = run(ctx, it.q, snap, dirty, outer);
  const names = r.columns.map((c, i) => it.cols?.[i] ?? c);
  if ((it.cols?.length ?? 0) > names.length)
    throw new SqlError(
      SQLSTATE.invalid_column_reference,
      `table "${it.alias}" has ${names.length} columns available but ${it.cols?.length} columns specified`,
    );
  const index = Object.create(null) as Record<string, number>;
  names.forEach((n, i) => (index[n] = n in index ? -1 : i));
  const columns = names.map(
    (name, i) => ({ name, type: r.types[i] === 'unknown' ? 'text' : r.types[i], scale: r.scales[i], notNull: false }) as Column,
  );
  const table: Table = { name: it.alias, oid: 0, columns, index, uniques: [], checks: [], fks: [], tuples: [] };
  return { rel: it.alias, table, offset, rows: r.rows };
}

export interface FromRow {
  readonly vals: Value[];
  /** By source: the tuple id this row's part came from, or -1 (outer join, no match). */
  readonly ids: number[];
}

export interface FromResult {
  readonly scope: Scope;
  readonly sources: readonly Source[];
  readonly rows: FromRow[];
  /** What `*` expands to: every FROM item's columns, USING's merged ones first in their join. */
  readonly star: { e: Expr; name: string }[];
}

type Base = Exclude<FromItem, { k: 'join' }>;

function bases(items: readonly FromItem[], out: Base[] = []): Base[] {
  for (const it of items) {
    if (it.k === 'join') bases([it.l, it.r], out);
    else out.push(it);
  }
  return out;
}

/**
 * The rows of FROM, filtered by `where` when given. A lone table gets `where` pushed into its
 * scan (index lookups and SIREAD locks as for any single-table read); otherwise each table is
 * read whole and `where` applied to the joined rows.
 */
export function fromRows(
  ctx: Ctx,
  items: readonly FromItem[],
  snap: Snapshot,
  dirty: boolean,
  where: Expr | null,
  outer: Scope['outer'],
  run: Run,
): FromResult {
  const seen = new Set<string>();
  const sources: Source[] = [];
  let width = 0;
  for (const b of bases(items)) {
    const rel = b.k === 'rel' ? (b.alias ?? b.table) : b.alias;
    if (seen.has(rel)) throw new SqlError(SQLSTATE.duplicate_alias, `table name "${rel}" specified more than once`);
    seen.add(rel);
    const source =
      b.k === 'rel' ? { rel, table: tableOf(ctx.state, b.table), offset: width } : derived(ctx, b, snap, dirty, outer, run, width);
    sources.push(source);
    width += source.table.columns.length;
  }
  const ns = namespaces(items, (k) => sources[k].table.columns.map((c, i) => ({ name: c.name, pos: sources[k].offset + i })), width);
  width = ns.width;
  const joined = withMerged(joinScopes(sources.map((s) => ({ rel: s.rel, scope: scopeOf(s.table, s.rel) }))), ns.lists, ns.merges);
  const scope: Scope = outer ? { ...joined, outer } : joined;
  const lone = sources.length === 1 && items.length === 1 && !sources[0].rows;
  const read = (k: number): FromRow[] => {
    const s = sources[k];
    if (s.rows)
      return s.rows.map((values) => {
        const vals: Value[] = new Array<Value>(width).fill(null);
        values.forEach((v, i) => (vals[s.offset + i] = v));
        return { vals, ids: sources.map(() => -1) };
      });
    const own: Scope = outer ? { ...scopeOf(s.table, s.rel), outer } : scopeOf(s.table, s.rel);
    const ids = idsOf(
      scan(ctx.state, ctx.txn, s.table, { snap, where: lone ? where : null, emit: ctx.emit, record: 'items', dirty, scope: own }),
    );
    return ids.map((id) => {
      const vals: Value[] = new Array<Value>(width).fill(null);
      s.table.tuples[id].values.forEach((v, i) => (vals[s.offset + i] = v));
      const rowIds = sources.map(() => -1);
      rowIds[k] = id;
      return { vals, ids: rowIds };
    });
  };
  let next = 0;
  const build = (it: FromItem): FromRow[] => {
    if (it.k !== 'join') return read(next++);
    const l = build(it.l);
    const r = build(it.r);
    return join(l, r, it.kind, it.on, scope, ns.merges.get(it));
  };
  let rows: FromRow[] = [];
  items.forEach((it, i) => {
    const part = build(it);
    rows = i === 0 ? part : join(rows, part, 'inner', null, scope);
  });
  if (!lone && where) rows = rows.filter((r) => truth(evaluate(where, scope, r.vals)) === true);
  const merged = new Set([...ns.merges.values()].flat().map((m) => m.v));
  const relOf = (pos: number) => sources.find((s) => pos >= s.offset && pos < s.offset + s.table.columns.length)?.rel ?? '';
  return { scope, sources, rows, star: starOf(ns.lists, merged, relOf) };
}

const merge = (a: FromRow, b: FromRow): FromRow => ({
  vals: a.vals.map((v, i) => (v !== null ? v : b.vals[i])),
  ids: a.ids.map((id, i) => (id >= 0 ? id : b.ids[i])),
});

/**
 * A nested-loop join; outer joins keep unmatched rows with NULLs on the other side. A USING join
 * (`pairs`) matches on its shared columns and fills its merged columns in every row it yields.
 */
function join(
  l: FromRow[],
  r: FromRow[],
  kind: 'inner' | 'left' | 'right' | 'full',
  on: Expr | null,
  scope: Scope,
  pairs?: readonly Merge[],
): FromRow[] {
  const out: FromRow[] = [];
  const rightMatched = new Set<number>();
  const matches = (row: FromRow) => (pairs ? usingMatch(pairs, row.vals) : !on || truth(evaluate(on, scope, row.vals)) === true);
  for (const a of l) {
    let matched = false;
    r.forEach((b, k) => {
      const row = merge(a, b);
      if (!matches(row)) return;
      out.push(row);
      matched = true;
      rightMatched.add(k);
    });
    if (!matched && (kind === 'left' || kind === 'full')) out.push(a);
  }
  if (kind === 'right' || kind === 'full') r.forEach((b, k) => rightMatched.has(k) || out.push(b));
  if (pairs) for (const row of out) fillMerged(pairs, kind, row.vals);
  return out;
}
