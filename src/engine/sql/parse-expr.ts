import type * as P from 'pgsql-ast-parser';
import type { ColType, Expr } from './ast';
import { unsupported } from './errors';

/** pgsql-ast-parser's expressions and types, converted to the lab's own tree. */

const TYPES: ReadonlyMap<string, ColType> = new Map<string, ColType>([
  ['int', 'integer'],
  ['integer', 'integer'],
  ['int4', 'integer'],
  ['smallint', 'integer'],
  ['int2', 'integer'],
  ['bigint', 'bigint'],
  ['int8', 'bigint'],
  ['text', 'text'],
  ['varchar', 'text'],
  ['character varying', 'text'],
  ['char', 'text'],
  ['character', 'text'],
  ['boolean', 'boolean'],
  ['bool', 'boolean'],
  ['numeric', 'numeric'],
  ['decimal', 'numeric'],
]);

export function colType(t: P.DataTypeDef): ColType {
  const name = t.kind === 'array' ? '' : t.name.toLowerCase();
  const type = TYPES.get(name);
  if (!type) throw unsupported(`type ${t.kind === 'array' ? 'array' : t.name}`);
  return type;
}

const BINOPS: ReadonlyMap<string, string> = new Map([
  ['=', '='],
  ['!=', '<>'],
  ['<>', '<>'],
  ['<', '<'],
  ['<=', '<='],
  ['>', '>'],
  ['>=', '>='],
  ['+', '+'],
  ['-', '-'],
  ['*', '*'],
  ['/', '/'],
  ['%', '%'],
  ['AND', 'AND'],
  ['OR', 'OR'],
  ['||', '||'],
]);

const AGGS = new Set(['count', 'sum', 'min', 'max']);

/** How deep an expression may nest (NOT NOT ..., - - ..., casts of casts): evaluation recurses over it. */
export const MAX_EXPR_DEPTH = 1000;

/** Convert one expression of pgsql-ast-parser's tree to ours, refusing what the lab does not model. */
export function expr(e: P.Expr, depth = 0): Expr {
  if (depth > MAX_EXPR_DEPTH) throw unsupported(`expressions nested over ${MAX_EXPR_DEPTH} deep`);
  const sub = (x: P.Expr) => expr(x, depth + 1);
  switch (e.type) {
    case 'integer':
      return { k: 'const', v: e.value, t: Math.abs(e.value) > 2147483647 ? 'bigint' : 'integer' };
    case 'numeric':
      return { k: 'const', v: e.value, t: 'numeric' };
    case 'string':
      return { k: 'const', v: e.value, t: 'unknown' };
    case 'boolean':
      return { k: 'const', v: e.value, t: 'boolean' };
    case 'null':
      return { k: 'const', v: null, t: 'unknown' };
    case 'ref':
      if (e.name === '*') throw unsupported('* in an expression');
      return { k: 'col', name: e.name };
    case 'binary': {
      if (e.op === 'IN' || e.op === 'NOT IN') {
        if (e.right.type !== 'list') throw unsupported('IN with a subquery');
        return { k: 'in', e: sub(e.left), list: e.right.expressions.map(sub), not: e.op === 'NOT IN' };
      }
      const op = BINOPS.get(e.op);
      if (!op) throw unsupported(`operator ${e.op}`);
      return { k: 'bin', op: op as Extract<Expr, { k: 'bin' }>['op'], l: sub(e.left), r: sub(e.right) };
    }
    case 'unary':
      switch (e.op) {
        case 'NOT':
          return { k: 'not', e: sub(e.operand) };
        case '-':
          return { k: 'neg', e: sub(e.operand) };
        case '+':
          return sub(e.operand);
        case 'IS NULL':
        case 'IS NOT NULL':
          return { k: 'isnull', e: sub(e.operand), not: e.op === 'IS NOT NULL' };
        default:
          throw unsupported(e.op);
      }
    case 'ternary':
      return { k: 'between', e: sub(e.value), lo: sub(e.lo), hi: sub(e.hi), not: e.op === 'NOT BETWEEN' };
    case 'cast':
      return { k: 'cast', e: sub(e.operand), to: colType(e.to) };
    case 'call': {
      const fn = e.function.name.toLowerCase();
      if (!AGGS.has(fn) || e.distinct === 'distinct' || e.filter || e.over || e.orderBy) throw unsupported(`function ${fn}()`);
      const star = e.args.length === 1 && e.args[0].type === 'ref' && e.args[0].name === '*';
      if (star && fn !== 'count') throw unsupported(`${fn}(*)`);
      if (!star && e.args.length !== 1) throw unsupported(`${fn}() with ${e.args.length} arguments`);
      return { k: 'agg', fn: fn as 'count', arg: star ? null : sub(e.args[0]) };
    }
    case 'list':
      if (e.expressions.length === 1) return sub(e.expressions[0]);
      throw unsupported('row constructors');
    default:
      throw unsupported(e.type === 'select' ? 'subqueries' : `expression ${e.type}`);
  }
}

/** The names PostgreSQL's grammar gives the SQL-standard type keywords (`int` is `int4`). */
const TYPE_NAMES: ReadonlyMap<string, string> = new Map([
  ['int', 'int4'],
  ['integer', 'int4'],
  ['smallint', 'int2'],
  ['bigint', 'int8'],
  ['boolean', 'bool'],
  ['decimal', 'numeric'],
  ['char', 'bpchar'],
  ['character', 'bpchar'],
  ['character varying', 'varchar'],
]);

/**
 * FigureColnameInternal: a column or function name is a strong guess (2), a cast's type name a
 * weak one (1) that an inner strong guess overrides, anything else `?column?` (0). Each node is
 * visited once, so a chain of casts costs its length.
 */
function figureName(e: P.Expr): [string, number] {
  if (e.type === 'ref') return [e.name, 2];
  if (e.type === 'call') return [e.function.name.toLowerCase(), 2];
  if (e.type === 'cast') {
    const inner = figureName(e.operand);
    if (inner[1] === 2 || e.to.kind === 'array') return inner;
    const t = e.to.name.toLowerCase();
    return [TYPE_NAMES.get(t) ?? t, 1];
  }
  return ['?column?', 0];
}

/** The name PostgreSQL gives an output column that has no alias. */
export const columnName = (e: P.Expr): string => figureName(e)[0];
