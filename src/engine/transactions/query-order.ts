import type { Expr, OrderItem, SelectStmt, Value } from '../sql/ast';
import { SQLSTATE, SqlError } from '../sql/errors';
import { compare, type Scope } from '../sql/expr';
import { lookup } from '../sql/scope';
import { byOrder } from './project';
import { type Entry, same } from './query';

type Outs = readonly { e: Expr; name: string }[];
type ValueIn = (e: Expr, en: Entry) => Value;

/**
 * Where an ORDER BY or DISTINCT ON item takes its value (findTargetlistEntrySQL92): an output
 * position, an output column's name, or any expression over the input. `at` is the output
 * column it names, or -1.
 */
function target(e: Expr, outs: Outs, scope: Scope, clause: string): { at: number; e: Expr } {
  if (e.k === 'const' && typeof e.v === 'number') {
    const pos = e.v - 1;
    if (pos < 0 || pos >= outs.length)
      throw new SqlError(SQLSTATE.invalid_column_reference, `${clause} position ${e.v} is not in select list`);
    return { at: pos, e: outs[pos].e };
  }
  const named = e.k === 'col' && !e.rel ? outs.findIndex((x) => x.name === e.name) : -1;
  // As project.ts: an output name that is also an input column names the input unless the output is a column.
  const input = e.k === 'col' && lookup(scope, e) !== undefined;
  if (named >= 0 && !(input && outs[named].e.k !== 'col')) return { at: named, e: outs[named].e };
  return { at: -1, e };
}

function keyOf(e: Expr, outs: Outs, scope: Scope, valueIn: ValueIn, clause: string): (en: Entry) => Value {
  const t = target(e, outs, scope, clause);
  return t.at >= 0 ? (en) => en.vals[t.at] : (en) => valueIn(e, en);
}

/** ORDER BY an output position, an output column's name, or any expression; NULLs last ascending. */
export function sorted(s: SelectStmt, entries: Entry[], outs: Outs, scope: Scope, valueIn: ValueIn): Entry[] {
  const keys = s.orderBy.map((o) => keyOf(o.e, outs, scope, valueIn, 'ORDER BY'));
  return entries
    .map((en, i) => ({ en, i, k: keys.map((f) => f(en)) }))
    .sort(byOrder(s.orderBy))
    .map((x) => x.en);
}

/**
 * DISTINCT ON (a, ...): the first row of each run of equal keys after the sort (a Unique node over
 * a Sort). The ON items must be the leading ORDER BY items, in any order among themselves
 * (transformDistinctOnClause); the sort is ORDER BY followed by any ON items it lacks, ascending.
 * Without ORDER BY the rows come out sorted by the ON items.
 */
export function distinctOn(s: SelectStmt, on: readonly Expr[], entries: Entry[], outs: Outs, scope: Scope, valueIn: ValueIn): Entry[] {
  const canon = (e: Expr) => target(e, outs, scope, 'DISTINCT ON').e;
  const onTargets = on.map(canon);
  const isOn = (e: Expr) => onTargets.some((t) => same(t, e, scope));
  const mismatch = () =>
    new SqlError(SQLSTATE.invalid_column_reference, 'SELECT DISTINCT ON expressions must match initial ORDER BY expressions');
  let skipped = false;
  const ordered: Expr[] = [];
  for (const o of s.orderBy) {
    const t = canon(o.e);
    if (!isOn(t)) skipped = true;
    else if (skipped) throw mismatch();
    else ordered.push(t);
  }
  const extra: OrderItem[] = [];
  for (const [i, t] of onTargets.entries()) {
    if (ordered.some((x) => same(x, t, scope)) || extra.some((x) => same(canon(x.e), t, scope))) continue;
    if (skipped) throw mismatch();
    extra.push({ e: on[i], desc: false, nullsFirst: false });
  }
  const rows = sorted({ ...s, orderBy: [...s.orderBy, ...extra] }, entries, outs, scope, valueIn);
  const keys = on.map((e) => keyOf(e, outs, scope, valueIn, 'DISTINCT ON'));
  const equal = (a: Value, b: Value) => (a === null || b === null ? a === b : compare(a, b) === 0);
  let last: Value[] | null = null;
  return rows.filter((en) => {
    const k = keys.map((f) => f(en));
    const dup = last !== null && k.every((v, i) => equal(v, (last as Value[])[i]));
    last = k;
    return !dup;
  });
}
