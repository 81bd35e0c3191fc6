import type { ColType, Expr, Value } from './ast';
import { SQLSTATE, SqlError } from './errors';
import { lookup, owner, resolve, type Scope } from './scope';
import { callFunction, FUNCTION_TYPES } from './calls';
import { toDateTime } from './datetime';
import { asType, dateArith, dateType, isDate, roundScale } from './expr-date';
import { localParts, showTimestamptz, toTimestamptz } from './tz';
import { subquery } from './subquery';

export type { Scope } from './scope';
export { columnsOf, hasAgg } from './expr-walk';
export { swapSubqueries, type SubqueryRunner } from './subquery';
export { swapCalls, type CallHook } from './calls';
export { roundScale } from './expr-date';

export type Ty = ColType | 'unknown';

const INT4_MAX = 2147483647;

const COMPARISONS = new Set(['=', '<>', '<', '<=', '>', '>=']);

/** The static type of an expression, enough to pick integer vs numeric division. */
export function typeOf(e: Expr, scope: Scope | null): Ty {
  switch (e.k) {
    case 'const':
      return e.t;
    case 'col': {
      const here = lookup(scope, e);
      if (here !== undefined) return here < 0 || !scope ? 'unknown' : scope.types[here];
      const s = owner(scope, null, e).scope;
      const i = lookup(s, e);
      return i === undefined || i < 0 || !s ? 'unknown' : s.types[i];
    }
    case 'bin':
      if (e.op === 'AND' || e.op === 'OR' || COMPARISONS.has(e.op)) return 'boolean';
      if (e.op === '||') return 'text';
      return dateType(e.op, typeOf(e.l, scope), typeOf(e.r, scope)) ?? numType(typeOf(e.l, scope), typeOf(e.r, scope));
    case 'neg':
      return typeOf(e.e, scope);
    case 'cast':
      return e.to;
    case 'fn':
      return FUNCTION_TYPES[e.name] ?? 'unknown';
    case 'agg':
      if (e.fn === 'count') return 'bigint';
      if (e.fn === 'avg') return 'numeric';
      if (e.fn === 'sum') return e.arg && typeOf(e.arg, scope) === 'numeric' ? 'numeric' : 'bigint';
      return e.arg ? typeOf(e.arg, scope) : 'unknown';
    default:
      return 'boolean';
  }
}

function numType(a: Ty, b: Ty): Ty {
  if (a === 'numeric' || b === 'numeric') return 'numeric';
  if (a === 'bigint' || b === 'bigint') return 'bigint';
  return 'integer';
}

/** Coerce a value to a column type, with PostgreSQL's input errors. */
export function coerce(v: Value, to: ColType): Value {
  if (v === null) return null;
  switch (to) {
    case 'integer':
    case 'bigint': {
      let n: number;
      if (typeof v === 'number') n = to === 'integer' || !Number.isInteger(v) ? Math.round(v) : v;
      else if (typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v)) n = Number(v);
      else if (typeof v === 'boolean' && to === 'integer') n = v ? 1 : 0;
      else throw new SqlError(SQLSTATE.invalid_text_representation, `invalid input syntax for type ${to}: "${String(v)}"`);
      if (to === 'integer' && Math.abs(n) > INT4_MAX) throw new SqlError(SQLSTATE.numeric_value_out_of_range, 'integer out of range');
      return n;
    }
    case 'numeric': {
      if (typeof v === 'number') return v;
      const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
      if (Number.isNaN(n))
        throw new SqlError(SQLSTATE.invalid_text_representation, `invalid input syntax for type numeric: "${String(v)}"`);
      return n;
    }
    case 'text':
      return typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v);
    case 'date':
    case 'timestamp':
      return toDateTime(v, to);
    case 'timestamptz':
      if (typeof v !== 'string')
        throw new SqlError(
          SQLSTATE.datatype_mismatch,
          `cannot cast type ${typeof v === 'number' ? 'integer' : 'boolean'} to timestamp with time zone`,
        );
      return toTimestamptz(v);
    case 'boolean': {
      if (typeof v === 'boolean') return v;
      // parse_bool_with_len: any prefix of true, false, yes, no; on and off from two letters; 1 and 0.
      const s = String(v).trim().toLowerCase();
      const prefix = (word: string, min = 1) => s.length >= min && word.startsWith(s);
      if (s === '1' || prefix('true') || prefix('yes') || s === 'on') return true;
      if (s === '0' || prefix('false') || prefix('no') || prefix('off', 2)) return false;
      throw new SqlError(SQLSTATE.invalid_text_representation, `invalid input syntax for type boolean: "${String(v)}"`);
    }
  }
}

/** SQL comparison: negative, zero or positive; both sides non-null. Strings compare bytewise (the C collation). */
export function compare(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'string') b = coerce(b, 'numeric');
  else if (typeof a === 'string' && typeof b === 'number') a = coerce(a, 'numeric');
  else if (typeof a === 'boolean' && typeof b === 'string') b = coerce(b, 'boolean');
  else if (typeof a === 'string' && typeof b === 'boolean') a = coerce(a, 'boolean');
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  const x = Number(a);
  const y = Number(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function arith(op: string, a: Value, b: Value, ty: Ty): Value {
  if (a === null || b === null) return null;
  const x = typeof a === 'number' ? a : Number(coerce(a, 'numeric'));
  const y = typeof b === 'number' ? b : Number(coerce(b, 'numeric'));
  let r: number;
  switch (op) {
    case '+':
      r = x + y;
      break;
    case '-':
      r = x - y;
      break;
    case '*':
      r = x * y;
      break;
    case '/':
    case '%':
      if (y === 0) throw new SqlError(SQLSTATE.division_by_zero, 'division by zero');
      r = op === '%' ? x % y : ty === 'numeric' ? x / y : Math.trunc(x / y);
      break;
    default:
      throw new SqlError(SQLSTATE.syntax_error, `operator ${op}`);
  }
  if (ty === 'integer' && Math.abs(r) > INT4_MAX) throw new SqlError(SQLSTATE.numeric_value_out_of_range, 'integer out of range');
  if (ty === 'bigint' && !Number.isSafeInteger(r)) throw new SqlError(SQLSTATE.numeric_value_out_of_range, 'bigint out of range');
  return r;
}

const ARITH = new Set(['+', '-', '*', '/', '%']);

/** Evaluate a scalar expression over one row (aggregates are evaluated by the executor). */
export function evaluate(e: Expr, scope: Scope | null, row: readonly Value[] | null): Value {
  switch (e.k) {
    case 'const':
      return e.v;
    case 'col': {
      // Most references name a column of the row at hand: no search through enclosing queries.
      const at = row ? lookup(scope, e) : undefined;
      if (row && at !== undefined && at >= 0) return row[at];
      const o = owner(scope, row, e);
      const i = resolve(o.row ? o.scope : null, e);
      return (o.row as readonly Value[])[i];
    }
    case 'bin': {
      if (e.op === 'AND' || e.op === 'OR') {
        const l = truth(evaluate(e.l, scope, row));
        if (e.op === 'AND' && l === false) return false;
        if (e.op === 'OR' && l === true) return true;
        const r = truth(evaluate(e.r, scope, row));
        if (e.op === 'AND') return l === null || r === null ? (r === false ? false : null) : l && r;
        return l === null || r === null ? (r === true ? true : null) : l || r;
      }
      const l = evaluate(e.l, scope, row);
      const r = evaluate(e.r, scope, row);
      if (e.op === '||') return l === null || r === null ? null : String(coerce(l, 'text')) + String(coerce(r, 'text'));
      const lt = typeOf(e.l, scope);
      const rt = typeOf(e.r, scope);
      if (isDate(lt) || isDate(rt)) {
        if (['+', '-'].includes(e.op)) return dateArith(e.op, l, r, lt, rt);
        if (['*', '/', '%'].includes(e.op)) throw new SqlError(SQLSTATE.undefined_function, `operator does not exist: ${lt} ${e.op} ${rt}`);
      }
      if (ARITH.has(e.op)) return arith(e.op, l, r, typeOf(e, scope));
      if (l === null || r === null) return null;
      const c = compare(asType(l, lt, rt), asType(r, rt, lt));
      switch (e.op) {
        case '=':
          return c === 0;
        case '<>':
          return c !== 0;
        case '<':
          return c < 0;
        case '<=':
          return c <= 0;
        case '>':
          return c > 0;
        default:
          return c >= 0;
      }
    }
    case 'not': {
      const v = truth(evaluate(e.e, scope, row));
      return v === null ? null : !v;
    }
    case 'neg': {
      const v = evaluate(e.e, scope, row);
      return v === null ? null : -Number(coerce(v, 'numeric'));
    }
    case 'isnull': {
      const isNull = evaluate(e.e, scope, row) === null;
      return e.not ? !isNull : isNull;
    }
    case 'in': {
      const v = evaluate(e.e, scope, row);
      if (v === null) return null;
      let sawNull = false;
      for (const x of e.list) {
        const w = evaluate(x, scope, row);
        if (w === null) sawNull = true;
        else if (compare(v, w) === 0) return !e.not;
      }
      return sawNull ? null : e.not;
    }
    case 'between': {
      const v = evaluate(e.e, scope, row);
      const lo = evaluate(e.lo, scope, row);
      const hi = evaluate(e.hi, scope, row);
      const a = v === null || lo === null ? null : compare(v, lo) >= 0;
      const b = v === null || hi === null ? null : compare(v, hi) <= 0;
      const r = a === false || b === false ? false : a === null || b === null ? null : true;
      return r === null ? null : e.not ? !r : r;
    }
    case 'cast': {
      let w = evaluate(e.e, scope, row);
      // From timestamptz: the session's local time (its date, its timestamp, or the text it prints as).
      if (typeof w === 'string' && e.to !== 'timestamptz' && typeOf(e.e, scope) === 'timestamptz')
        w = e.to === 'text' ? showTimestamptz(w) : localParts(w).local;
      const v = coerce(w, e.to);
      if (typeof v === 'number' && e.scale !== undefined) return roundScale(v, e.scale);
      return typeof v === 'string' && e.length !== undefined ? [...v].slice(0, e.length).join('') : v;
    }
    case 'agg':
      throw new SqlError(SQLSTATE.syntax_error, 'aggregate functions are not allowed here');
    case 'default':
      throw new SqlError(SQLSTATE.syntax_error, 'DEFAULT is not allowed in this context');
    case 'sub':
      return subquery(e, scope, row);
    case 'fn':
      return callFunction(
        e.name,
        e.args.map((a) => evaluate(a, scope, row)),
      );
  }
}

/** A value as a WHERE clause sees it: true, false or unknown. */
export function truth(v: Value): boolean | null {
  if (v === null) return null;
  if (typeof v === 'boolean') return v;
  throw new SqlError(SQLSTATE.datatype_mismatch, 'argument of WHERE must be type boolean');
}

/** A value as PostgreSQL's text output shows it; a known numeric scale prints that many decimals. */
export function formatValue(v: Value, scale: number | null = null, type: Ty | null = null): string | null {
  if (v === null) return null;
  if (type === 'timestamptz' && typeof v === 'string') return showTimestamptz(v);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  // An integer at scale 0 reads as String gives it (which reuses the text of a number it has just shown).
  if (typeof v === 'number' && scale !== null) return scale === 0 && Number.isSafeInteger(v) ? String(v) : v.toFixed(scale);
  return String(v);
}

/**
 * The display scale of a numeric expression (numeric(p, s) columns, and sums, products and
 * differences of them, as PostgreSQL's numeric arithmetic keeps them), or null.
 */
export function scaleOf(e: Expr, scope: Scope | null): number | null {
  const ty = typeOf(e, scope);
  if (ty !== 'numeric') return ty === 'integer' || ty === 'bigint' ? 0 : null;
  switch (e.k) {
    case 'col': {
      const s = owner(scope, null, e).scope;
      const i = lookup(s, e);
      return i === undefined || i < 0 ? null : (s?.scales?.[i] ?? null);
    }
    case 'neg':
      return scaleOf(e.e, scope);
    case 'agg':
      return e.fn === 'count' || !e.arg ? 0 : scaleOf(e.arg, scope);
    case 'bin': {
      const a = scaleOf(e.l, scope);
      const b = scaleOf(e.r, scope);
      if (a === null || b === null) return null;
      if (e.op === '+' || e.op === '-') return Math.max(a, b);
      if (e.op === '*') return a + b;
      return null;
    }
    default:
      return null;
  }
}
