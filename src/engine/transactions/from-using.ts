import type { Expr, FromItem, Value } from '../sql/ast';
import { compare } from '../sql/expr';
import { SQLSTATE, SqlError } from '../sql/errors';
import type { Scope } from '../sql/scope';

/**
 * JOIN ... USING and NATURAL JOIN, as PostgreSQL's parser builds them (transformFromClauseItem):
 * each shared column becomes one merged column, placed first in the join's column list, followed
 * by the left side's other columns and then the right side's. The merged value is the left
 * side's for INNER and LEFT joins, the right side's for RIGHT, and COALESCE(left, right) for FULL.
 * Merged columns live in extra slots after the base tables' columns in each joined row; `*` and
 * unqualified names see them, `t.x` still names table t's own column.
 */

/** A column as a FROM item shows it: its name and where its value is in the joined row. */
export interface NsColumn {
  readonly name: string;
  readonly pos: number;
}

/** One merged column of a USING join: the two sides' slots and its own. */
export interface Merge {
  readonly l: number;
  readonly r: number;
  readonly v: number;
}

/** A qualifier no SQL name can spell, for `*`'s references to merged columns. */
const mergedRel = (v: number): string => `\0using ${v}`;

/**
 * The column lists of FROM's items, and each USING join's merges. `base(k)` lists the columns of
 * the k-th base table in FROM order; merged slots are numbered from `width`.
 */
export function namespaces(
  items: readonly FromItem[],
  base: (k: number) => NsColumn[],
  width: number,
): { lists: NsColumn[][]; merges: Map<FromItem, Merge[]>; width: number } {
  const merges = new Map<FromItem, Merge[]>();
  let next = 0;
  let slots = width;
  const walk = (it: FromItem): NsColumn[] => {
    if (it.k !== 'join') return base(next++);
    const l = walk(it.l);
    const r = walk(it.r);
    if (!it.using) return [...l, ...r];
    const names = it.using === 'natural' ? [...new Set(l.map((c) => c.name).filter((n) => r.some((c) => c.name === n)))] : it.using;
    const pairs: Merge[] = [];
    const merged: NsColumn[] = [];
    names.forEach((name, i) => {
      if (names.indexOf(name) !== i)
        throw new SqlError(SQLSTATE.duplicate_column, `column name "${name}" appears more than once in USING clause`);
      const side = (cols: NsColumn[], which: string) => {
        const found = cols.filter((c) => c.name === name);
        if (found.length === 0)
          throw new SqlError(SQLSTATE.undefined_column, `column "${name}" specified in USING clause does not exist in ${which} table`);
        if (found.length > 1)
          throw new SqlError(SQLSTATE.ambiguous_column, `common column name "${name}" appears more than once in ${which} table`);
        return found[0].pos;
      };
      const m = { l: side(l, 'left'), r: side(r, 'right'), v: slots++ };
      pairs.push(m);
      merged.push({ name, pos: m.v });
    });
    merges.set(it, pairs);
    const rest = (cols: NsColumn[]) => cols.filter((c) => !names.includes(c.name));
    return [...merged, ...rest(l), ...rest(r)];
  };
  const lists = items.map(walk);
  return { lists, merges, width: slots };
}

/** The scope with merged columns: their types, and unqualified names resolved through FROM's column lists. */
export function withMerged(scope: Scope, lists: readonly NsColumn[][], merges: Map<FromItem, Merge[]>): Scope {
  if (merges.size === 0) return scope;
  const types = [...scope.types];
  const scales = [...(scope.scales ?? scope.types.map(() => null))];
  const qualified = { ...scope.qualified };
  for (const m of [...merges.values()].flat()) {
    types[m.v] = types[m.l];
    scales[m.v] = scales[m.l];
    qualified[mergedRel(m.v)] = Object.assign(Object.create(null) as Record<string, number>, { [nameAt(lists, m.v)]: m.v });
  }
  const index = Object.create(null) as Record<string, number>;
  for (const c of lists.flat()) index[c.name] = c.name in index ? -1 : c.pos;
  return { ...scope, index, types, scales, qualified };
}

const nameAt = (lists: readonly NsColumn[][], pos: number): string => lists.flat().find((c) => c.pos === pos)?.name ?? '';

/** USING's join condition on a joined row: each pair of shared columns equal (NULL matches nothing). */
export function usingMatch(pairs: readonly Merge[], vals: readonly Value[]): boolean {
  return pairs.every(({ l, r }) => vals[l] !== null && vals[r] !== null && compare(vals[l], vals[r]) === 0);
}

/** Fill a joined row's merged slots from its two sides. */
export function fillMerged(pairs: readonly Merge[], kind: 'inner' | 'left' | 'right' | 'full', vals: Value[]): void {
  for (const { l, r, v } of pairs) vals[v] = kind === 'right' ? vals[r] : kind === 'full' ? (vals[l] ?? vals[r]) : vals[l];
}

/** `*` over FROM: every item's columns in its own order (merged columns first within a USING join). */
export function starOf(
  lists: readonly NsColumn[][],
  merged: ReadonlySet<number>,
  relOf: (pos: number) => string,
): { e: Expr; name: string }[] {
  return lists
    .flat()
    .map((c) => ({ e: { k: 'col', name: c.name, rel: merged.has(c.pos) ? mergedRel(c.pos) : relOf(c.pos) }, name: c.name }));
}
