import type { Expr, Value } from '../sql/ast';
import { SQLSTATE, SqlError } from '../sql/errors';
import { coerce, compare, evaluate, type Scope, truth, typeOf } from '../sql/expr';

/** Aggregates over a group's rows: count, sum, min, max, avg, each optionally over DISTINCT values. */

type Agg = Extract<Expr, { k: 'agg' }>;

export function aggregateOver(a: Agg, scope: Scope, all: readonly (readonly Value[])[]): Value {
  const filter = a.filter;
  const rows = filter ? all.filter((r) => truth(evaluate(filter, scope, r)) === true) : all;
  if (!a.arg) return rows.length;
  const arg = a.arg;
  let vals = rows.map((r) => evaluate(arg, scope, r)).filter((v): v is Exclude<Value, null> => v !== null);
  if (a.distinct) vals = vals.filter((v, i) => vals.findIndex((w) => compare(v, w) === 0) === i);
  if (a.fn === 'count') return vals.length;
  if (vals.length === 0) return null;
  if (a.fn === 'sum') return vals.reduce<number>((s, v) => s + Number(v), 0);
  if (a.fn === 'avg') return average(vals.map(Number));
  return vals.reduce((m, v) => ((a.fn === 'min' ? compare(v, m) < 0 : compare(v, m) > 0) ? v : m));
}

/** An output column's value: a numeric quotient at the top is printed as numeric division prints it. */
export function outputValue(e: Expr, scope: Scope | null, row: readonly Value[]): Value {
  if (e.k !== 'bin' || e.op !== '/' || typeOf(e, scope) !== 'numeric') return evaluate(e, scope, row);
  const l = evaluate(e.l, scope, row);
  const r = evaluate(e.r, scope, row);
  return l === null || r === null ? null : divide(Number(coerce(l, 'numeric')), Number(coerce(r, 'numeric')));
}

/** A decimal as an integer and a scale: 12.5 is 125 and 1. */
function decimal(n: number): { m: bigint; s: number } {
  const text = Number.isInteger(n) ? n.toFixed(0) : String(n);
  if (/e/i.test(text)) return { m: BigInt(Math.round(n)), s: 0 };
  const [int, frac = ''] = text.split('.');
  return { m: BigInt(int + frac), s: frac.length };
}

/** First non-zero base-10000 digit group of |x| and its weight, as numeric.c sees a value. */
function firstGroup(m: bigint, s: number): { weight: number; first: number } {
  if (m === 0n) return { weight: 0, first: 0 };
  const digits = (m < 0n ? -m : m).toString();
  // The integer part padded to groups of four from the decimal point; the fraction likewise.
  const intLen = digits.length - s;
  const intPart = intLen > 0 ? digits.slice(0, intLen) : '';
  if (intPart.replace(/^0+/, '') !== '') {
    const groups = Math.ceil(intPart.length / 4);
    const padded = intPart.padStart(groups * 4, '0');
    return { weight: groups - 1, first: Number(padded.slice(0, 4)) };
  }
  const frac = (intLen < 0 ? '0'.repeat(-intLen) : '') + digits.slice(Math.max(intLen, 0));
  const padded = frac.padEnd(Math.ceil(frac.length / 4) * 4, '0');
  for (let g = 0; g * 4 < padded.length; g++) {
    const v = Number(padded.slice(g * 4, g * 4 + 4));
    if (v !== 0) return { weight: -(g + 1), first: v };
  }
  return { weight: 0, first: 0 };
}

/**
 * avg(): sum / count in numeric, printed with the scale numeric division picks (select_div_scale:
 * at least 16 significant digits), computed exactly and rounded half away from zero.
 */
function average(vals: readonly number[]): string {
  const parts = vals.map(decimal);
  const scale = Math.max(...parts.map((p) => p.s));
  const sum = parts.reduce((acc, p) => acc + p.m * 10n ** BigInt(scale - p.s), 0n);
  return quotient(sum, scale, BigInt(vals.length), 0);
}

/** x / y in numeric (numeric_div), as PostgreSQL prints it. */
function divide(x: number, y: number): string {
  if (y === 0) throw new SqlError(SQLSTATE.division_by_zero, 'division by zero');
  const a = decimal(x);
  const b = decimal(y);
  return quotient(a.m, a.s, b.m, b.s);
}

/** A quotient to select_div_scale's scale, exactly. */
function quotient(sum: bigint, scale: number, count: bigint, scale2: number): string {
  if (count < 0n) return quotient(-sum, scale, -count, scale2);
  const a = firstGroup(sum, scale);
  const b = firstGroup(count, scale2);
  let qweight = a.weight - b.weight;
  if (a.first <= b.first) qweight--;
  const rscale = Math.min(Math.max(16 - qweight * 4, scale, scale2, 0), 1000);
  // (sum / 10^scale) / (count / 10^scale2) to rscale digits: (sum * 10^(rscale + scale2)) / (count * 10^scale).
  const num = sum * 10n ** BigInt(rscale + scale2);
  const den = count * 10n ** BigInt(scale);
  const neg = num < 0n;
  const abs = neg ? -num : num;
  let q = abs / den;
  if ((abs % den) * 2n >= den) q++;
  const digits = q.toString().padStart(rscale + 1, '0');
  const text = rscale ? `${digits.slice(0, -rscale)}.${digits.slice(-rscale)}` : digits;
  return neg && q !== 0n ? `-${text}` : text;
}
