import type { Value } from '../sql/ast';
import type { Column, Tuple } from './types';

/**
 * The tuples whose key column equals a value, without reading the others: what a btree lookup on
 * a one-column unique index gives PostgreSQL's index scan. Versions are only ever appended to a
 * table (no VACUUM) and never change their values, so a map from key to tuple ids, extended with
 * the versions appended since it was last read, stays exact. It lives beside the engine state, keyed
 * by the tuple array (a cloned state has its own array and builds its own map on first use), so
 * snapshots stay plain data.
 */
interface KeyMap {
  /** How many tuples of the array are in the map. */
  n: number;
  /** The versions with each key: the tuple itself while there is one (most keys), else all of them. */
  readonly versions: Map<Value, Tuple | Tuple[]>;
}

const maps = new WeakMap<readonly Tuple[], Map<number, KeyMap>>();

/** Whether a bound can be looked up exactly: its JavaScript type is the one the column stores. */
function exact(column: Column, v: Value): boolean {
  if (column.type === 'integer' || column.type === 'bigint') return typeof v === 'number' && Number.isFinite(v);
  if (column.type === 'text') return typeof v === 'string';
  return false;
}

/**
 * The tuples whose column `col` equals `v`, in tuple (ctid) order: one tuple, several, or
 * undefined for none; null when `v` cannot be matched exactly by identity (a bound another type
 * would coerce: the caller scans).
 */
export function versionsWithKey(
  tuples: readonly Tuple[],
  column: Column,
  col: number,
  v: Value,
): Tuple | readonly Tuple[] | undefined | null {
  if (v === null || !exact(column, v)) return null;
  let byCol = maps.get(tuples);
  if (!byCol) maps.set(tuples, (byCol = new Map()));
  let m = byCol.get(col);
  if (!m) byCol.set(col, (m = { n: 0, versions: new Map() }));
  for (; m.n < tuples.length; m.n++) {
    const t = tuples[m.n];
    const key = t.values[col];
    if (key === null) continue;
    const had = m.versions.get(key);
    if (had === undefined) m.versions.set(key, t);
    else if (Array.isArray(had)) had.push(t);
    else m.versions.set(key, [had, t]);
  }
  return m.versions.get(v);
}

/**
 * The ids of the tuples whose column `col` equals `v`, in tuple (ctid) order, or null when `v`
 * cannot be matched exactly by identity (a bound another type would coerce: the caller scans).
 */
export function tuplesWithKey(tuples: readonly Tuple[], column: Column, col: number, v: Value): readonly number[] | null {
  const found = versionsWithKey(tuples, column, col, v);
  if (found === null) return null;
  if (found === undefined) return [];
  return Array.isArray(found) ? found.map((t) => t.id) : [(found as Tuple).id];
}
