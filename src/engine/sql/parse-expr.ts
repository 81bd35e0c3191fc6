import type * as P from 'libpg-query';
import type { BinOp, ColType, Expr } from './ast';
import { unsupported } from './errors';
import { FUNCTION_TYPES } from './calls';
import { select } from './parse-select';
import { as, intConst, lastName, type NodeTag, str, tagOf } from './pg-node';

/** PostgreSQL's expressions and type names (its parse tree), converted to the lab's own tree. */

/** Type names as the grammar gives them (`int` is `pg_catalog.int4`), to the lab's column types. */
const TYPES: ReadonlyMap<string, ColType> = new Map<string, ColType>([
  ['int4', 'integer'],
  ['int2', 'integer'],
  ['int8', 'bigint'],
  ['text', 'text'],
  ['varchar', 'text'],
  ['bpchar', 'text'],
  ['bool', 'boolean'],
  ['numeric', 'numeric'],
  ['date', 'date'],
  ['timestamp', 'timestamp'],
  ['timestamptz', 'timestamptz'],
]);

/** The SQL names of types PostgreSQL's grammar renames, for messages (format_type's words). */
const TYPE_WORDS: ReadonlyMap<string, string> = new Map([
  ['float4', 'real'],
  ['float8', 'double precision'],
  ['timestamptz', 'timestamp with time zone'],
  ['timetz', 'time with time zone'],
  ['bpchar', 'character'],
  ['varbit', 'bit varying'],
]);

export function colType(t: P.TypeName | undefined): ColType {
  if (t?.arrayBounds || t?.setof || t?.pct_type) throw unsupported('type array');
  const name = lastName(t?.names);
  const type = TYPES.get(name);
  if (!type) throw unsupported(`type ${TYPE_WORDS.get(name) ?? name}`);
  return type;
}

/** varchar(n) / character varying(n): n, or null. */
export function varcharLength(t: P.TypeName | undefined): number | null {
  if (lastName(t?.names) !== 'varchar') return null;
  return intConst(t?.typmods?.[0]) ?? null;
}

/** numeric(p, s): the scale values are rounded to; numeric(p) has scale 0; null when unconstrained. */
export function numericScale(t: P.TypeName | undefined): number | null {
  const mods = t?.typmods ?? [];
  if (mods.length === 0) return null;
  return as(mods[1], 'A_Const')?.ival?.ival ?? 0;
}

const BINOPS: ReadonlySet<string> = new Set<BinOp>(['=', '<>', '<', '<=', '>', '>=', '+', '-', '*', '/', '%', '||']);

const AGGS = new Set(['count', 'sum', 'min', 'max', 'avg']);

/** How deep an expression may nest (NOT NOT ..., - - ..., casts of casts): evaluation recurses over it. */
export const MAX_EXPR_DEPTH = 1000;

/** The words for A_Expr kinds other than a plain operator, in messages. */
const A_EXPR_WORDS: Partial<Record<NonNullable<P.A_Expr['kind']>, string>> = {
  AEXPR_DISTINCT: 'IS DISTINCT FROM',
  AEXPR_NOT_DISTINCT: 'IS NOT DISTINCT FROM',
  AEXPR_LIKE: 'LIKE',
  AEXPR_ILIKE: 'ILIKE',
  AEXPR_SIMILAR: 'SIMILAR TO',
  AEXPR_BETWEEN_SYM: 'BETWEEN SYMMETRIC',
  AEXPR_NOT_BETWEEN_SYM: 'NOT BETWEEN SYMMETRIC',
};

/** Expression node types outside the subset, named as SQL writes them. */
const NODE_WORDS: Partial<Record<NodeTag, string>> = {
  CaseExpr: 'CASE',
  CoalesceExpr: 'COALESCE',
  MinMaxExpr: 'GREATEST and LEAST',
  NullIfExpr: 'NULLIF',
  RowExpr: 'row constructors',
  A_ArrayExpr: 'arrays',
  A_Indirection: 'subscripts and field selection',
  ParamRef: 'parameters ($1)',
  CollateClause: 'COLLATE',
  SQLValueFunction: 'CURRENT_DATE, CURRENT_TIMESTAMP and similar functions',
  GroupingFunc: 'GROUPING',
  XmlExpr: 'XML functions',
  XmlSerialize: 'XML functions',
  SetToDefault: 'DEFAULT in an expression',
};

/** What a subquery expression is called in a message. */
function subLinkWords(s: P.SubLink): string {
  switch (s.subLinkType) {
    case 'EXISTS_SUBLINK':
      return 'EXISTS subqueries';
    case 'ANY_SUBLINK':
      return s.operName ? `${lastName(s.operName)} ANY (subquery)` : 'IN with a subquery';
    case 'ALL_SUBLINK':
      return s.operName && lastName(s.operName) === '<>' ? 'NOT IN with a subquery' : 'ALL (subquery)';
    case 'ARRAY_SUBLINK':
      return 'ARRAY (subquery)';
    default:
      return 'subqueries';
  }
}

/** A subquery expression: scalar, EXISTS, and `op ANY` / `op ALL` (IN is `= ANY`). */
function subLink(s: P.SubLink, sub: (x: P.Node | undefined) => Expr): Expr {
  const q = as(s.subselect, 'SelectStmt');
  if (!q) throw unsupported(subLinkWords(s));
  switch (s.subLinkType) {
    case 'EXPR_SUBLINK':
      return { k: 'sub', kind: 'scalar', q: select(q), e: null, op: null };
    case 'EXISTS_SUBLINK':
      return { k: 'sub', kind: 'exists', q: select(q), e: null, op: null };
    case 'ANY_SUBLINK':
    case 'ALL_SUBLINK': {
      const op = s.operName ? lastName(s.operName) : '=';
      if (!['=', '<>', '<', '<=', '>', '>='].includes(op) || as(s.testexpr, 'RowExpr')) throw unsupported(subLinkWords(s));
      return { k: 'sub', kind: s.subLinkType === 'ANY_SUBLINK' ? 'any' : 'all', q: select(q), e: sub(s.testexpr), op: op as BinOp };
    }
    default:
      throw unsupported(subLinkWords(s));
  }
}

/**
 * Convert one expression of PostgreSQL's tree to ours, refusing what the lab does not model.
 * The shapes that nest deeply (operator chains, NOT, casts) recurse straight back into `expr`,
 * one stack frame per level, so the 1,000 levels allowed fit a worker's stack.
 */
export function expr(n: P.Node | undefined, depth = 0): Expr {
  if (depth > MAX_EXPR_DEPTH) throw unsupported(`expressions nested over ${MAX_EXPR_DEPTH} deep`);
  if (n === undefined) throw unsupported('an empty expression');
  const d = depth + 1;
  const tag = tagOf(n);
  switch (tag) {
    case 'A_Const':
      return constant(as(n, 'A_Const') ?? {});
    case 'ColumnRef': {
      const fields = as(n, 'ColumnRef')?.fields ?? [];
      const last = fields.at(-1);
      if (!last || as(last, 'A_Star')) throw unsupported('* in an expression');
      if (fields.length > 2) throw unsupported('schema-qualified column references');
      return fields.length === 2 ? { k: 'col', name: str(last), rel: str(fields[0]) } : { k: 'col', name: str(last) };
    }
    case 'A_Expr': {
      const a = as(n, 'A_Expr') ?? {};
      const op = lastName(a.name);
      if (a.kind !== 'AEXPR_OP') return aExpr(a, op, d);
      if (!BINOPS.has(op)) throw unsupported(`operator ${op}`);
      if (a.lexpr !== undefined) return { k: 'bin', op: op as BinOp, l: expr(a.lexpr, d), r: expr(a.rexpr, d) };
      if (op === '-') return { k: 'neg', e: expr(a.rexpr, d) };
      if (op === '+') return expr(a.rexpr, d);
      throw unsupported(`operator ${op}`);
    }
    case 'BoolExpr': {
      const b = as(n, 'BoolExpr') ?? {};
      if (b.boolop === 'NOT_EXPR') return { k: 'not', e: expr(b.args?.[0], d) };
      const op = b.boolop === 'AND_EXPR' ? 'AND' : 'OR';
      // The grammar flattens `a AND b AND c` into one list: folded from the left, as it is read.
      return (b.args ?? []).map((x) => expr(x, d)).reduce((l, r) => ({ k: 'bin', op, l, r }));
    }
    case 'NullTest': {
      const t = as(n, 'NullTest') ?? {};
      return { k: 'isnull', e: expr(t.arg, d), not: t.nulltesttype === 'IS_NOT_NULL' };
    }
    case 'BooleanTest':
      throw unsupported((as(n, 'BooleanTest')?.booltesttype ?? 'IS_TRUE').replace(/_/g, ' '));
    case 'TypeCast': {
      const c = as(n, 'TypeCast') ?? {};
      const to = colType(c.typeName);
      const scale = to === 'numeric' ? numericScale(c.typeName) : null;
      const length = varcharLength(c.typeName);
      return { k: 'cast', e: expr(c.arg, d), to, ...(scale !== null ? { scale } : {}), ...(length !== null ? { length } : {}) };
    }
    case 'FuncCall':
      return call(as(n, 'FuncCall') ?? {}, d);
    case 'SubLink':
      return subLink(as(n, 'SubLink') ?? {}, (x) => expr(x, d));
    default:
      throw unsupported(NODE_WORDS[tag] ?? `expression ${tag}`);
  }
}

/** A literal. An integer too large for int4 arrives as a float string: int8 when it fits, as make_const types it. */
function constant(c: P.A_Const): Expr {
  if (c.isnull) return { k: 'const', v: null, t: 'unknown' };
  if (c.ival) return { k: 'const', v: c.ival.ival ?? 0, t: 'integer' };
  if (c.fval) {
    const text = c.fval.fval ?? '0';
    const v = Number(text);
    if (/^-?\d+$/.test(text) && Math.abs(v) <= 2 ** 63) return { k: 'const', v, t: Math.abs(v + 0.5) < 2 ** 31 ? 'integer' : 'bigint' };
    return { k: 'const', v, t: 'numeric' };
  }
  if (c.boolval) return { k: 'const', v: c.boolval.boolval ?? false, t: 'boolean' };
  if (c.sval) return { k: 'const', v: c.sval.sval ?? '', t: 'unknown' };
  throw unsupported('bit-string constants');
}

/** IN, BETWEEN and the A_Expr kinds outside the subset. */
function aExpr(a: P.A_Expr, op: string, d: number): Expr {
  switch (a.kind) {
    case 'AEXPR_IN':
      return { k: 'in', e: expr(a.lexpr, d), list: (as(a.rexpr, 'List')?.items ?? []).map((x) => expr(x, d)), not: op === '<>' };
    case 'AEXPR_BETWEEN':
    case 'AEXPR_NOT_BETWEEN': {
      const [lo, hi] = as(a.rexpr, 'List')?.items ?? [];
      return { k: 'between', e: expr(a.lexpr, d), lo: expr(lo, d), hi: expr(hi, d), not: a.kind === 'AEXPR_NOT_BETWEEN' };
    }
    case 'AEXPR_OP_ANY':
    case 'AEXPR_OP_ALL':
      throw unsupported(`${op} ${a.kind === 'AEXPR_OP_ANY' ? 'ANY' : 'ALL'} (array)`);
    case 'AEXPR_NULLIF':
      throw unsupported('function nullif()');
    default:
      throw unsupported(`operator ${A_EXPR_WORDS[a.kind ?? 'AEXPR_OP'] ?? op}`);
  }
}

function call(f: P.FuncCall, d: number): Expr {
  const fn = lastName(f.funcname).toLowerCase();
  if (f.over) throw unsupported(`window functions (${fn}() OVER)`);
  if (!AGGS.has(fn)) {
    if (!Object.hasOwn(FUNCTION_TYPES, fn) || f.agg_star || f.agg_distinct || f.agg_filter || f.agg_order)
      throw unsupported(`function ${fn}()`);
    if ((f.args ?? []).length !== 1) throw unsupported(`function ${fn}() with ${(f.args ?? []).length} arguments`);
    return { k: 'fn', name: fn, args: (f.args ?? []).map((x) => expr(x, d)) };
  }
  if (f.agg_order || f.agg_within_group) throw unsupported(`ORDER BY inside ${fn}()`);
  if (f.func_variadic) throw unsupported('VARIADIC');
  const args = f.args ?? [];
  if (f.agg_star && fn !== 'count') throw unsupported(`${fn}(*)`);
  if (!f.agg_star && args.length !== 1) throw unsupported(`${fn}() with ${args.length} arguments`);
  return {
    k: 'agg',
    fn: fn as 'count',
    arg: f.agg_star ? null : expr(args[0], d),
    ...(f.agg_distinct ? { distinct: true } : {}),
    ...(f.agg_filter ? { filter: expr(f.agg_filter, d) } : {}),
  };
}

/**
 * FigureColnameInternal: a column or function name is a strong guess (2), a cast's type name a
 * weak one (1) that an inner strong guess overrides, anything else `?column?` (0). Each node is
 * visited once, so a chain of casts costs its length.
 */
function figureName(n: P.Node | undefined): [string, number] {
  const ref = as(n, 'ColumnRef');
  if (ref) {
    const last = ref.fields?.at(-1);
    return last && !as(last, 'A_Star') ? [str(last), 2] : ['?column?', 0];
  }
  const fn = as(n, 'FuncCall');
  if (fn) return [lastName(fn.funcname), 2];
  const cast = as(n, 'TypeCast');
  if (cast) {
    const inner = figureName(cast.arg);
    return inner[1] === 2 ? inner : [lastName(cast.typeName?.names), 1];
  }
  return ['?column?', 0];
}

/** The name PostgreSQL gives an output column that has no alias. */
export const columnName = (n: P.Node | undefined): string => figureName(n)[0];
