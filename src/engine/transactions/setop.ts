import type { ColType, Expr, SelectStmt, Value } from '../sql/ast';
import { SQLSTATE, SqlError } from '../sql/errors';
import type { Scope } from '../sql/expr';
import type { Ctx } from './context';
import { limited } from './project';
import type { Entry, QueryResult } from './query';
import { sorted } from './query-order';
import type { Snapshot } from './types';

type SetOp = NonNullable<SelectStmt['setop']>;
type Run = (ctx: Ctx, s: SelectStmt, snap: Snapshot, dirty: boolean, outer: Scope['outer']) => QueryResult;

const WORDS: Partial<Record<string, string>> = { timestamp: 'timestamp without time zone', timestamptz: 'timestamp with time zone' };

/** select_common_type for two branches' column: the same type, an untyped literal, or integer with bigint. */
function commonType(a: ReturnType<Run>['types'][number], b: ReturnType<Run>['types'][number], op: string): ColType | 'unknown' {
  if (a === b) return a;
  if (a === 'unknown') return b;
  if (b === 'unknown') return a;
  const ints = ['integer', 'bigint'];
  if (ints.includes(a) && ints.includes(b)) return 'bigint';
  const numeric = [...ints, 'numeric'];
  if (numeric.includes(a) && numeric.includes(b))
    throw new SqlError(SQLSTATE.feature_not_supported, `${op} of integer and numeric columns is not supported in WALkthrough`);
  throw new SqlError(SQLSTATE.datatype_mismatch, `${op} types ${WORDS[a] ?? a} and ${WORDS[b] ?? b} cannot be matched`);
}

const keyOf = (row: readonly Value[]) => JSON.stringify(row);

/** Rows of both branches combined: ALL keeps duplicates (counted), the plain forms one of each row. */
function combine(set: SetOp, l: readonly Value[][], r: readonly Value[][]): Value[][] {
  const counts = new Map<string, number>();
  for (const row of r) counts.set(keyOf(row), (counts.get(keyOf(row)) ?? 0) + 1);
  const once = (rows: readonly Value[][]) => {
    const seen = new Set<string>();
    return rows.filter((row) => !seen.has(keyOf(row)) && (seen.add(keyOf(row)), true));
  };
  if (set.op === 'union') return set.all ? [...l, ...r] : once([...l, ...r]);
  if (!set.all) return once(l).filter((row) => (set.op === 'intersect') === counts.has(keyOf(row)));
  // INTERSECT ALL: min(m, n) copies; EXCEPT ALL: max(m - n, 0).
  return l.filter((row) => {
    const k = keyOf(row);
    const left = counts.get(k) ?? 0;
    if (set.op === 'intersect') {
      if (left === 0) return false;
      counts.set(k, left - 1);
      return true;
    }
    if (left === 0) return true;
    counts.set(k, left - 1);
    return false;
  });
}

/**
 * UNION, INTERSECT and EXCEPT (ALL or not): both branches run with the statement's snapshot; their
 * column counts must agree and their types unify; ORDER BY may name output columns only (by name
 * or position); OFFSET and LIMIT apply to the combined rows. Without ORDER BY the order is the
 * branches' order, where PostgreSQL's hashing may give another.
 */
export function setOperation(
  ctx: Ctx,
  s: SelectStmt,
  set: SetOp,
  snap: Snapshot,
  dirty: boolean,
  outer: Scope['outer'],
  run: Run,
): QueryResult {
  const op = set.op.toUpperCase();
  const l = run(ctx, set.l, snap, dirty, outer);
  const r = run(ctx, set.r, snap, dirty, outer);
  if (l.columns.length !== r.columns.length)
    throw new SqlError(SQLSTATE.syntax_error, `each ${op} query must have the same number of columns`);
  const types = l.types.map((t, i) => commonType(t, r.types[i], op));
  const scope: Scope = { index: {}, types: [], table: '' };
  const outs = l.columns.map((name) => ({ e: { k: 'col', name } as Expr, name }));
  let entries: Entry[] = combine(set, l.rows, r.rows).map((vals) => ({ src: { vals: [], ids: [] }, group: null, vals }));
  for (const o of s.orderBy)
    if (!(o.e.k === 'const' && typeof o.e.v === 'number') && !(o.e.k === 'col' && !o.e.rel && l.columns.includes(o.e.name)))
      throw new SqlError(SQLSTATE.feature_not_supported, 'invalid UNION/INTERSECT/EXCEPT ORDER BY clause');
  if (s.orderBy.length) entries = sorted(s, entries, outs, scope, () => null);
  const rows = limited(s, entries);
  return {
    columns: l.columns,
    scales: l.scales,
    types,
    rows: rows.map((en) => en.vals),
    from: rows.map((en) => en.src),
    sources: [],
    scope,
  };
}
