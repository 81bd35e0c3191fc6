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
  /** How many values a version has (the table's columns), known from the first one; -1 before it, 0 for no copies. */
  width: number;
  /**
   * The versions of small non-negative integer keys (most integer keys are 1, 2, 3 ...): one memory
   * read where a hashed map takes two. The slot of key k starts at k * (1 + width): its versions,
   * then, while it has one, a copy of that version's values, so a lookup that reads them finds them
   * beside the slot (on a large table the version's own array is two more cache misses away).
   * Grown while keys stay dense.
   */
  dense: (Versions | Value | undefined)[];
  /** The versions of every other key. */
  readonly versions: Map<Value, Versions>;
}

/** The versions with one key: the tuple itself while there is one (most keys), else all of them. */
type Versions = Tuple | Tuple[];

/** Keys up to this many times the tuples seen (plus a margin) are dense: the array stays within a few times the table. */
const DENSE_SPREAD = 2;
const DENSE_MARGIN = 1024;

const isDenseKey = (key: Value): key is number => typeof key === 'number' && Number.isInteger(key) && key >= 0;

/** How many keys the dense array has room for. */
const denseKeys = (m: KeyMap): number => m.dense.length / (1 + m.width);

/** Key `key`'s slot holds these versions (and the values of one). */
function putDense(dense: KeyMap['dense'], width: number, key: number, v: Versions): void {
  const at = key * (1 + width);
  dense[at] = v;
  if (!Array.isArray(v)) for (let c = 0; c < width; c++) dense[at + 1 + c] = v.values[c];
}

/** Make room in the dense array for `key` if keys are still dense; false when it belongs in the map. */
function fitDense(m: KeyMap, key: number): boolean {
  const room = denseKeys(m);
  if (key < room) return true;
  if (key >= DENSE_SPREAD * (m.n + 1) + DENSE_MARGIN) return false;
  const grown = new Array<Versions | Value | undefined>(Math.max(key + 1, 2 * room) * (1 + m.width));
  for (let i = 0; i < m.dense.length; i++) grown[i] = m.dense[i];
  // Keys the map took while they were out of range move into the array.
  for (const [k, v] of m.versions)
    if (isDenseKey(k) && k < grown.length / (1 + m.width)) {
      putDense(grown, m.width, k, v);
      m.versions.delete(k);
    }
  m.dense = grown;
  return true;
}

function add(m: KeyMap, key: Value, t: Tuple): void {
  if (isDenseKey(key) && fitDense(m, key)) {
    const had = m.dense[key * (1 + m.width)] as Versions | undefined;
    if (had === undefined) putDense(m.dense, m.width, key, t);
    else if (Array.isArray(had)) had.push(t);
    else m.dense[key * (1 + m.width)] = [had, t];
    return;
  }
  const had = m.versions.get(key);
  if (had === undefined) m.versions.set(key, t);
  else if (Array.isArray(had)) had.push(t);
  else m.versions.set(key, [had, t]);
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
  if (!m) byCol.set(col, (m = { n: 0, width: -1, dense: [], versions: new Map() }));
  extend(m, tuples, col);
  return isDenseKey(v) && v < denseKeys(m) ? (m.dense[v * (1 + m.width)] as Versions | undefined) : m.versions.get(v);
}

/** Add the versions appended since the map was last read. */
function extend(m: KeyMap, tuples: readonly Tuple[], col: number): void {
  if (m.width === -1 && tuples.length > 0) m.width = tuples[0].values.length;
  for (; m.n < tuples.length; m.n++) {
    const t = tuples[m.n];
    // Every version of a table has its columns' values; were one not to, the map starts over without copies (width 0).
    if (t.values.length !== m.width && m.width > 0) {
      m.n = 0;
      m.width = 0;
      m.dense = [];
      m.versions.clear();
      extend(m, tuples, col);
      return;
    }
    const key = t.values[col];
    if (key !== null) add(m, key, t);
  }
}

/**
 * The values of the one version with the dense key `v`, as the map copied them beside its slot
 * (a new array), or undefined when the map holds none for it (another kind of key, several
 * versions): the caller reads the version's own. Call after `versionsWithKey` for the same key.
 */
export function keyedValues(tuples: readonly Tuple[], col: number, v: Value): Value[] | undefined {
  const m = maps.get(tuples)?.get(col);
  if (!m || m.width <= 0 || !isDenseKey(v) || v >= denseKeys(m)) return undefined;
  const at = v * (1 + m.width);
  const versions = m.dense[at] as Versions | undefined;
  if (versions === undefined || Array.isArray(versions)) return undefined;
  return m.dense.slice(at + 1, at + 1 + m.width) as Value[];
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
