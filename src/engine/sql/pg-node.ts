import type * as P from 'libpg-query';

/**
 * Reading PostgreSQL's parse tree (libpg_query's JSON): each node is an object with one key,
 * its type's name (`{ SelectStmt: {...} }`); fields at their default (0, false, empty) are left out.
 */

/** A node type's name: `SelectStmt`, `A_Const`, `ColumnRef`... */
export type NodeTag = P.Node extends infer U ? (U extends unknown ? keyof U : never) : never;
export type NodeOf<K extends NodeTag> = Extract<P.Node, { [T in K]: unknown }>[K];

export const tagOf = (n: P.Node): NodeTag => Object.keys(n)[0] as NodeTag;

/** The node's fields when it is of type `k`, else undefined. */
export function as<K extends NodeTag>(n: P.Node | undefined, k: K): NodeOf<K> | undefined {
  return n !== undefined && k in n ? (n as unknown as Record<K, NodeOf<K>>)[k] : undefined;
}

/** A `String` node's text (names in lists: qualified names, operator names, column lists). */
export const str = (n: P.Node | undefined): string => as(n, 'String')?.sval ?? '';

/** The last name of a qualified name list (`pg_catalog.int4` → `int4`). */
export const lastName = (list: readonly P.Node[] | undefined): string => str(list?.at(-1));

/** An integer constant's value, or null when `n` is not one. */
export function intConst(n: P.Node | undefined): number | null {
  const c = as(n, 'A_Const');
  return c?.ival ? (c.ival.ival ?? 0) : null;
}
