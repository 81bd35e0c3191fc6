import type { ColType, Expr, Value } from './ast';
import { SQLSTATE, SqlError } from './errors';
import { own } from './own';

/**
 * Where column references resolve: the columns of one or more relations laid side by side in one
 * row. `index` maps an unqualified name to its position (-1: the name is in more than one
 * relation, ambiguous); `qualified` maps each relation's name (or alias) to its own names.
 */
export interface Scope {
  readonly index: Readonly<Record<string, number>>;
  readonly types: readonly ColType[];
  /** numeric(p, s) scales by column (null: unconstrained or not numeric). */
  readonly scales?: readonly (number | null)[];
  readonly table: string;
  readonly qualified?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** varchar(n) lengths and other type details by column, for messages and output (optional). */
  readonly typmods?: readonly (number | null)[];
  /** Tables an alias hides (`FROM t AS a`: `t.x` is then an invalid reference, not a missing one). */
  readonly hidden?: readonly string[];
  /** A subquery's enclosing query: names not found here are looked up there (correlation). */
  readonly outer?: { readonly scope: Scope; readonly row: readonly Value[] | null };
}

type Col = Extract<Expr, { k: 'col' }>;

/** A column reference's position in the scope's row, or undefined when it names nothing there. */
export function lookup(scope: Scope | null, e: Col): number | undefined {
  if (!scope) return undefined;
  if (!e.rel) return own(scope.index, e.name);
  const rel = scope.qualified ? own(scope.qualified, e.rel) : e.rel === scope.table ? scope.index : undefined;
  return rel ? own(rel, e.name) : undefined;
}

/** The scope and row a column reference reads: this one, or the nearest enclosing query that has the name. */
export function owner(scope: Scope | null, row: readonly Value[] | null, e: Col): { scope: Scope | null; row: readonly Value[] | null } {
  for (let s = scope, r = row; s; r = s.outer?.row ?? null, s = s.outer?.scope ?? null) {
    if (lookup(s, e) !== undefined) return { scope: s, row: r };
  }
  return { scope, row };
}

/** A column reference's position, or PostgreSQL's error for a name that is missing or ambiguous. */
export function resolve(scope: Scope | null, e: Col): number {
  const i = lookup(scope, e);
  if (i !== undefined && i >= 0) return i;
  if (i === -1) throw new SqlError(SQLSTATE.ambiguous_column, `column reference "${e.name}" is ambiguous`);
  if (e.rel) {
    const known = scope && (scope.qualified ? own(scope.qualified, e.rel) !== undefined : e.rel === scope.table);
    if (!known && scope?.hidden?.includes(e.rel))
      throw new SqlError(SQLSTATE.undefined_table, `invalid reference to FROM-clause entry for table "${e.rel}"`);
    if (!known) throw new SqlError(SQLSTATE.undefined_table, `missing FROM-clause entry for table "${e.rel}"`);
    throw new SqlError(SQLSTATE.undefined_column, `column ${e.rel}.${e.name} does not exist`);
  }
  throw new SqlError(SQLSTATE.undefined_column, `column "${e.name}" does not exist`);
}

/** Relations side by side: each one's columns at an offset; a name in two of them is ambiguous unqualified. */
export function joinScopes(parts: readonly { readonly rel: string; readonly scope: Scope }[]): Scope {
  const index: Record<string, number> = Object.create(null) as Record<string, number>;
  const qualified: Record<string, Record<string, number>> = Object.create(null) as Record<string, Record<string, number>>;
  const types: ColType[] = [];
  const scales: (number | null)[] = [];
  const hidden: string[] = [];
  for (const { rel, scope } of parts) {
    hidden.push(...(scope.hidden ?? []));
    const offset = types.length;
    const q: Record<string, number> = Object.create(null) as Record<string, number>;
    for (const [name, i] of Object.entries(scope.index)) {
      q[name] = offset + i;
      index[name] = name in index ? -1 : offset + i;
    }
    qualified[rel] = q;
    types.push(...scope.types);
    scales.push(...(scope.scales ?? scope.types.map(() => null)));
  }
  return { index, types, scales, table: parts[0]?.rel ?? '', qualified, hidden };
}
