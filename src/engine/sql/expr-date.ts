import type { Value } from './ast';
import { dateOfDay, dayNumber } from './datetime';
import { SQLSTATE, SqlError, unsupported } from './errors';
import { coerce, type Ty } from './expr';

/** Date arithmetic and comparisons, and numeric rounding, for expr.ts. */

export const isDate = (t: Ty): t is 'date' | 'timestamp' | 'timestamptz' => t === 'date' || t === 'timestamp' || t === 'timestamptz';

/** An untyped literal compared with a date or timestamp is read as one (`night < '2026-12-1'`). */
export const asType = (v: Value, own: Ty, other: Ty): Value => (own === 'unknown' && isDate(other) && v !== null ? coerce(v, other) : v);

/** The result type of date arithmetic: date ± integer is a date, date - date an integer. */
export function dateType(op: string, l: Ty, r: Ty): Ty | null {
  if (!isDate(l) && !isDate(r)) return null;
  if (op === '-' && isDate(l) && (isDate(r) || r === 'unknown')) return 'integer';
  return isDate(l) ? l : r;
}

/** date + integer, integer + date, date - integer, date - date (in days); timestamp arithmetic needs intervals. */
export function dateArith(op: string, l: Value, r: Value, lt: Ty, rt: Ty): Value {
  if (l === null || r === null) return null;
  if (lt !== 'date' && rt !== 'date') throw unsupported('timestamp arithmetic (intervals)');
  if ([lt, rt].some((t) => t === 'timestamp' || t === 'timestamptz')) throw unsupported('timestamp arithmetic (intervals)');
  if (op === '-' && lt === 'date' && (rt === 'date' || rt === 'unknown'))
    return dayNumber(String(l)) - dayNumber(String(coerce(r, 'date')));
  const [d, n] = lt === 'date' ? [l, r] : [r, l];
  if (op === '-' && rt === 'date') throw new SqlError(SQLSTATE.undefined_function, `operator does not exist: ${lt} - date`);
  const days = Number(coerce(n, 'integer'));
  return dateOfDay(dayNumber(String(d)) + (op === '-' ? -days : days));
}

/** Round to `scale` decimals as numeric does (half away from zero), on the decimal text, not the binary value. */
export function roundScale(x: number, scale: number): number {
  const text = Math.abs(x).toFixed(Math.min(scale + 6, 100));
  const digits = text.replace('.', '');
  const cut = text.indexOf('.') + scale;
  let n = BigInt(digits.slice(0, cut)) + (Number(digits[cut] ?? '0') >= 5 ? 1n : 0n);
  if (x < 0) n = -n;
  return Number(n) / 10 ** scale;
}
