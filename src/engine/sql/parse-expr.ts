import type * as P from 'pgsql-ast-parser';
import type { ColType, Expr } from './ast';
import { unsupported } from './errors';

/** pgsql-ast-parser's expressions and types, converted to the lab's own tree. */

const TYPES: Record<string, ColType> = {
  int: 'integer',
  integer: 'integer',
  int4: 'integer',
  smallint: 'integer',
  int2: 'integer',
  bigint: 'bigint',
  int8: 'bigint',
  text: 'text',
  varchar: 'text',
  'character varying': 'text',
  char: 'text',
  character: 'text',
  boolean: 'boolean',
  bool: 'boolean',
  numeric: 'numeric',
  decimal: 'numeric',
};

export function colType(t: P.DataTypeDef): ColType {
  const name = t.kind === 'array' ? '' : t.name.toLowerCase();
  const type = TYPES[name];
  if (!type) throw unsupported(`type ${t.kind === 'array' ? 'array' : t.name}`);
  return type;
}

const BINOPS: Record<string, string> = {
  '=': '=',
  '!=': '<>',
  '<>': '<>',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  '+': '+',
  '-': '-',
  '*': '*',
  '/': '/',
  '%': '%',
  AND: 'AND',
  OR: 'OR',
  '||': '||',
};

const AGGS = new Set(['count', 'sum', 'min', 'max']);

/** Convert one expression of pgsql-ast-parser's tree to ours, refusing what the lab does not model. */
export function expr(e: P.Expr): Expr {
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
        return { k: 'in', e: expr(e.left), list: e.right.expressions.map(expr), not: e.op === 'NOT IN' };
      }
      const op = BINOPS[e.op];
      if (!op) throw unsupported(`operator ${e.op}`);
      return { k: 'bin', op: op as Extract<Expr, { k: 'bin' }>['op'], l: expr(e.left), r: expr(e.right) };
    }
    case 'unary':
      switch (e.op) {
        case 'NOT':
          return { k: 'not', e: expr(e.operand) };
        case '-':
          return { k: 'neg', e: expr(e.operand) };
        case '+':
          return expr(e.operand);
        case 'IS NULL':
        case 'IS NOT NULL':
          return { k: 'isnull', e: expr(e.operand), not: e.op === 'IS NOT NULL' };
        default:
          throw unsupported(e.op);
      }
    case 'ternary':
      return { k: 'between', e: expr(e.value), lo: expr(e.lo), hi: expr(e.hi), not: e.op === 'NOT BETWEEN' };
    case 'cast':
      return { k: 'cast', e: expr(e.operand), to: colType(e.to) };
    case 'call': {
      const fn = e.function.name.toLowerCase();
      if (!AGGS.has(fn) || e.distinct === 'distinct' || e.filter || e.over || e.orderBy) throw unsupported(`function ${fn}()`);
      const star = e.args.length === 1 && e.args[0].type === 'ref' && e.args[0].name === '*';
      if (star && fn !== 'count') throw unsupported(`${fn}(*)`);
      if (!star && e.args.length !== 1) throw unsupported(`${fn}() with ${e.args.length} arguments`);
      return { k: 'agg', fn: fn as 'count', arg: star ? null : expr(e.args[0]) };
    }
    case 'list':
      if (e.expressions.length === 1) return expr(e.expressions[0]);
      throw unsupported('row constructors');
    default:
      throw unsupported(e.type === 'select' ? 'subqueries' : `expression ${e.type}`);
  }
}

/** The name PostgreSQL gives an output column that has no alias. */
export function columnName(e: P.Expr): string {
  if (e.type === 'ref') return e.name;
  if (e.type === 'call') return e.function.name.toLowerCase();
  if (e.type === 'cast')
    return e.operand.type === 'ref'
      ? e.operand.name
      : columnName(e.operand) === '?column?'
        ? e.to.kind === 'array'
          ? '?column?'
          : e.to.name
        : columnName(e.operand);
  return '?column?';
}
