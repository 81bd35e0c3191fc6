import type * as P from 'libpg-query';
import type { Expr, FromItem, LockStrength, LockWait, OrderItem, SelectItem, SelectStmt } from './ast';
import { SQLSTATE, SqlError, unsupported } from './errors';
import { expr } from './parse-expr';
import { as, intConst } from './pg-node';
import { targets } from './parse-dml';

/** SELECT as the lab's statement: FROM, joins, grouping, locking, ORDER BY, OFFSET, LIMIT and set operations. */

const LOCKS: Partial<Record<NonNullable<P.LockingClause['strength']>, LockStrength>> = {
  LCS_FORUPDATE: 'update',
  LCS_FORNOKEYUPDATE: 'no key update',
  LCS_FORSHARE: 'share',
  LCS_FORKEYSHARE: 'key share',
};

function lockOf(s: P.SelectStmt): LockStrength | null {
  const list = s.lockingClause ?? [];
  if (list.length === 0) return null;
  if (list.length > 1) throw unsupported('more than one locking clause');
  const c = as(list[0], 'LockingClause') ?? {};
  return LOCKS[c.strength ?? 'LCS_NONE'] ?? 'update';
}

/** The locking clause's wait policy, when it is not the default (wait). */
function lockWaitOf(s: P.SelectStmt): { lockWait?: LockWait } {
  const policy = as(s.lockingClause?.[0], 'LockingClause')?.waitPolicy;
  return policy === 'LockWaitSkip' ? { lockWait: 'skip locked' } : policy === 'LockWaitError' ? { lockWait: 'nowait' } : {};
}

/**
 * The WITH queries in scope while a statement converts, innermost last: a name in FROM that one
 * of them defines reads its rows (parsing is synchronous, so one stack serves every statement).
 */
const ctes: Map<string, { q: SelectStmt; cols?: string[] }>[] = [];

const cteNamed = (name: string) => {
  for (let i = ctes.length - 1; i >= 0; i--) {
    const c = ctes[i].get(name);
    if (c) return c;
  }
  return undefined;
};

const colNames = (list: P.Node[] | undefined) => (list ? list.map((n) => as(n, 'String')?.sval ?? '') : undefined);

/** A FROM item: a table (with its alias), a WITH query, a subquery, or a join of two. */
function fromItem(n: P.Node): FromItem {
  const r = as(n, 'RangeVar');
  if (r) {
    const cte = !r.schemaname ? cteNamed(r.relname ?? '') : undefined;
    const cols = colNames(r.alias?.colnames) ?? cte?.cols;
    if (cte) return { k: 'sub', q: cte.q, alias: r.alias?.aliasname ?? r.relname ?? '', ...(cols ? { cols } : {}) };
    if (r.alias?.colnames || r.inh === false || r.schemaname) throw unsupported('this form of table reference');
    return { k: 'rel', table: r.relname ?? '', ...(r.alias?.aliasname ? { alias: r.alias.aliasname } : {}) };
  }
  const sub = as(n, 'RangeSubselect');
  if (sub) {
    if (sub.lateral) throw unsupported('LATERAL');
    const q = select(as(sub.subquery, 'SelectStmt') ?? {});
    if (!sub.alias?.aliasname) throw new SqlError(SQLSTATE.syntax_error, 'subquery in FROM must have an alias');
    const cols = colNames(sub.alias.colnames);
    return { k: 'sub', q, alias: sub.alias.aliasname, ...(cols ? { cols } : {}) };
  }
  const j = as(n, 'JoinExpr');
  if (!j) throw unsupported(as(n, 'RangeFunction') ? 'functions in FROM' : 'this kind of FROM item');
  if (j.alias || j.join_using_alias) throw unsupported('an alias on a join');
  const kind = JOINS[j.jointype ?? 'JOIN_INNER'];
  if (!kind) throw unsupported('this kind of join');
  const using = j.isNatural
    ? { using: 'natural' as const }
    : j.usingClause
      ? { using: j.usingClause.map((n) => as(n, 'String')?.sval ?? '') }
      : {};
  return { k: 'join', kind, l: fromItem(j.larg as P.Node), r: fromItem(j.rarg as P.Node), on: j.quals ? expr(j.quals) : null, ...using };
}

const JOINS: Partial<Record<string, 'inner' | 'left' | 'right' | 'full'>> = {
  JOIN_INNER: 'inner',
  JOIN_LEFT: 'left',
  JOIN_RIGHT: 'right',
  JOIN_FULL: 'full',
};

/** GROUP BY (expressions, or output positions), HAVING, DISTINCT and DISTINCT ON. */
function grouping(s: P.SelectStmt, items: readonly SelectItem[]): Partial<SelectStmt> {
  const out: { groupBy?: Expr[]; having?: Expr; distinct?: boolean; distinctOn?: Expr[] } = {};
  if (s.groupClause) {
    out.groupBy = s.groupClause.map((n) => {
      if (as(n, 'GroupingSet')) throw unsupported('GROUPING SETS, ROLLUP and CUBE');
      const pos = intConst(n);
      if (pos === null) return expr(n);
      const it = items[pos - 1];
      if (!it?.e) throw new SqlError(SQLSTATE.invalid_column_reference, `GROUP BY position ${pos} is not in select list`);
      return it.e;
    });
  }
  if (s.havingClause) out.having = expr(s.havingClause);
  if (s.distinctClause) {
    if (s.distinctClause.some((n) => Object.keys(n).length > 0)) out.distinctOn = s.distinctClause.map(expr);
    else out.distinct = true;
  }
  return out;
}

/** FOR UPDATE OF a, b: the names it lists. */
function lockRels(s: P.SelectStmt): { lockOf?: string[] } {
  const c = as(s.lockingClause?.[0], 'LockingClause');
  return c?.lockedRels ? { lockOf: c.lockedRels.map((r) => as(r, 'RangeVar')?.relname ?? '') } : {};
}

export function select(s: P.SelectStmt): SelectStmt {
  if (!s.withClause) return selectBody(s);
  if (s.withClause.recursive) throw unsupported('WITH RECURSIVE');
  ctes.push(new Map());
  try {
    for (const node of s.withClause.ctes ?? []) {
      const c = as(node, 'CommonTableExpr') ?? {};
      const q = as(c.ctequery, 'SelectStmt');
      if (!q) throw unsupported('data-modifying statements in WITH');
      const name = c.ctename ?? '';
      if (ctes[ctes.length - 1].has(name))
        throw new SqlError(SQLSTATE.duplicate_alias, `WITH query name "${name}" specified more than once`);
      const cols = colNames(c.aliascolnames);
      ctes[ctes.length - 1].set(name, { q: select(q), ...(cols ? { cols } : {}) });
    }
    return selectBody(s);
  } finally {
    ctes.pop();
  }
}

function selectBody(s: P.SelectStmt): SelectStmt {
  if (s.op && s.op !== 'SETOP_NONE') return setOperation(s);
  if (s.valuesLists) throw unsupported('VALUES as a query');
  if (s.intoClause) throw unsupported('SELECT INTO');
  if (s.windowClause) throw unsupported('WINDOW');
  const rel = s.fromClause?.length === 1 ? as(s.fromClause[0], 'RangeVar') : undefined;
  const single = !!rel && (!!rel.schemaname || !cteNamed(rel.relname ?? ''));
  const table = single ? fromItem(s.fromClause?.[0] as P.Node) : undefined;
  const from = s.fromClause && !single ? { from: s.fromClause.map(fromItem) } : {};
  const items: SelectItem[] = targets(s.targetList ?? []);
  if (s.limitOption === 'LIMIT_OPTION_WITH_TIES') throw unsupported('FETCH FIRST ... WITH TIES');
  const orderBy = orderOf(s);
  return {
    k: 'select',
    table: table?.k === 'rel' ? table.table : null,
    ...(table?.k === 'rel' && table.alias ? { alias: table.alias } : {}),
    ...from,
    ...grouping(s, items),
    ...lockRels(s),
    items,
    where: s.whereClause ? expr(s.whereClause) : null,
    orderBy,
    lock: lockOf(s),
    limit: s.limitCount ? limitOf(s.limitCount) : null,
    ...offsetOf(s.limitOffset),
    ...lockWaitOf(s),
  };
}

/** ORDER BY's items: ASC or DESC, NULLS FIRST or LAST (by default NULLs sort as the largest value). */
function orderOf(s: P.SelectStmt): OrderItem[] {
  return (s.sortClause ?? []).map((node) => {
    const o = as(node, 'SortBy') ?? {};
    if (o.sortby_dir === 'SORTBY_USING') throw unsupported('ORDER BY ... USING');
    const desc = o.sortby_dir === 'SORTBY_DESC';
    const nulls = o.sortby_nulls ?? 'SORTBY_NULLS_DEFAULT';
    return { e: expr(o.node), desc, nullsFirst: nulls === 'SORTBY_NULLS_DEFAULT' ? desc : nulls === 'SORTBY_NULLS_FIRST' };
  });
}

/** UNION, INTERSECT or EXCEPT: both branches, and the ORDER BY, OFFSET and LIMIT over their rows. */
function setOperation(s: P.SelectStmt): SelectStmt {
  const op = s.op === 'SETOP_UNION' ? 'union' : s.op === 'SETOP_INTERSECT' ? 'intersect' : 'except';
  const orderBy = orderOf(s);
  return {
    k: 'select',
    table: null,
    items: [],
    where: null,
    orderBy,
    lock: lockOf(s),
    limit: s.limitCount ? limitOf(s.limitCount) : null,
    ...offsetOf(s.limitOffset),
    setop: { op, all: !!s.all, l: select(s.larg ?? {}), r: select(s.rarg ?? {}) },
  };
}

/** LIMIT n, LIMIT -n (refused when the statement runs, as PostgreSQL does) and LIMIT NULL or ALL (no limit). */
function limitOf(n: P.Node): number | null {
  const v = intConst(n);
  if (v !== null) return v;
  if (as(n, 'A_Const')?.isnull) return null;
  throw unsupported('a LIMIT that is not a number');
}

/** OFFSET n (a negative n is refused when the statement runs); OFFSET NULL skips nothing. */
function offsetOf(n: P.Node | undefined): { offset?: number } {
  if (!n) return {};
  const v = intConst(n);
  if (v !== null) return { offset: v };
  if (as(n, 'A_Const')?.isnull) return {};
  throw unsupported('an OFFSET that is not a number');
}
