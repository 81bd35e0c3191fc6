import type { Expr } from './ast';

/** Whether an expression contains an aggregate. */
export function hasAgg(e: Expr): boolean {
  switch (e.k) {
    case 'agg':
      return true;
    case 'bin':
      return hasAgg(e.l) || hasAgg(e.r);
    case 'not':
    case 'neg':
    case 'isnull':
    case 'cast':
      return hasAgg(e.e);
    case 'in':
      return hasAgg(e.e) || e.list.some(hasAgg);
    case 'between':
      return hasAgg(e.e) || hasAgg(e.lo) || hasAgg(e.hi);
    default:
      return false;
  }
}

/** Column names an expression reads (for constraint names and key-column checks). */
export function columnsOf(e: Expr, out: string[] = []): string[] {
  switch (e.k) {
    case 'col':
      if (!out.includes(e.name)) out.push(e.name);
      break;
    case 'bin':
      columnsOf(e.l, out);
      columnsOf(e.r, out);
      break;
    case 'not':
    case 'neg':
    case 'isnull':
    case 'cast':
      columnsOf(e.e, out);
      break;
    case 'in':
      columnsOf(e.e, out);
      e.list.forEach((x) => columnsOf(x, out));
      break;
    case 'between':
      columnsOf(e.e, out);
      columnsOf(e.lo, out);
      columnsOf(e.hi, out);
      break;
    case 'agg':
      if (e.arg) columnsOf(e.arg, out);
      break;
  }
  return out;
}

/** Whether the expression has a subquery or a function call (nextval): its value depends on more than the row. */
export function hasSubquery(e: Expr): boolean {
  if (e.k === 'const' || e.k === 'col') return false;
  // A comparison or AND of columns and constants (most WHERE clauses): no list of children built.
  if (e.k === 'bin') return hasSubquery(e.l) || hasSubquery(e.r);
  return e.k === 'sub' || e.k === 'fn' || childrenOf(e).some(hasSubquery);
}

/** The expression with `f` applied to every node, children first (a node `f` returns unchanged is kept). */
export function mapExpr(e: Expr, f: (x: Expr) => Expr, intoSubqueries = true): Expr {
  const m = (x: Expr) => mapExpr(x, f, intoSubqueries);
  switch (e.k) {
    case 'bin':
      return f({ ...e, l: m(e.l), r: m(e.r) });
    case 'not':
    case 'neg':
    case 'isnull':
    case 'cast':
      return f({ ...e, e: m(e.e) });
    case 'in':
      return f({ ...e, e: m(e.e), list: e.list.map(m) });
    case 'between':
      return f({ ...e, e: m(e.e), lo: m(e.lo), hi: m(e.hi) });
    case 'agg':
      return f({ ...e, arg: e.arg && m(e.arg) });
    case 'fn':
      return f({ ...e, args: e.args.map(m) });
    case 'sub': {
      if (!intoSubqueries) return f({ ...e, e: e.e && m(e.e) });
      // Into the subquery too (a name it shadows is not told apart: the lab's queries are small).
      const q = e.q;
      const items = q.items.map((it) => (it.e ? { ...it, e: m(it.e) } : it));
      const orderBy = q.orderBy.map((o) => ({ ...o, e: m(o.e) }));
      return f({ ...e, e: e.e && m(e.e), q: { ...q, items, orderBy, where: q.where && m(q.where) } });
    }
    default:
      return f(e);
  }
}

/** An expression's direct operands (a subquery's own query not included). */
export function childrenOf(e: Expr): Expr[] {
  switch (e.k) {
    case 'bin':
      return [e.l, e.r];
    case 'not':
    case 'neg':
    case 'isnull':
    case 'cast':
      return [e.e];
    case 'in':
      return [e.e, ...e.list];
    case 'between':
      return [e.e, e.lo, e.hi];
    case 'agg':
      return e.arg ? [e.arg] : [];
    case 'fn':
      return [...e.args];
    case 'sub':
      return e.e ? [e.e] : [];
    default:
      return [];
  }
}
