import type { CheckResult, Expectation } from '../core/lab';

/** A check's expectations, recorded as they are compared; `result()` derives `ok` and the failures. */
export interface Outcome {
  /**
   * One expectation: what the preset expects and what happened, each a phrase a reader
   * understands without the schema; `lesson` when the expected thing is a failure or a loss
   * the preset is about, saying why ("Recovery failed, as this lesson expects: …").
   */
  add(expected: string, actual: string, ok: boolean, lesson?: string): void;
  result(): CheckResult;
}

/** Start a check's list of expectations. */
export function outcome(): Outcome {
  const list: Expectation[] = [];
  return {
    add(expected, actual, ok, lesson) {
      list.push(lesson === undefined ? { expected, actual, ok } : { expected, actual, ok, lesson });
    },
    result() {
      const failures = list.filter((e) => !e.ok).map((e) => `Expected: ${e.expected}. Happened: ${e.actual}.`);
      return { ok: failures.length === 0, failures, expectations: list };
    },
  };
}

/** Names as a reader lists them: "none", "T1", "T1 and T2", "T1, T2 and T3". */
export function names(xs: readonly (string | number)[]): string {
  if (xs.length === 0) return 'none';
  if (xs.length === 1) return String(xs[0]);
  return `${xs.slice(0, -1).join(', ')} and ${String(xs[xs.length - 1])}`;
}

/** A value short enough to read: long strings are cut and their length given. */
function shortValue(v: unknown): string {
  if (typeof v === 'string') return v.length > 24 ? `${v.slice(0, 8)}… (${v.length.toLocaleString('en')} characters)` : v;
  return v === null ? 'NULL' : typeof v === 'object' ? JSON.stringify(v) : String(v as number | boolean);
}

/** A keyed row as "alice (balance 70)" or "rice (recipe_id 42, qty 400 g)". */
export function keyedRow(r: { readonly key: string; readonly values: Readonly<Record<string, unknown>> }): string {
  const cols = Object.entries(r.values).map(([c, v]) => `${c} ${shortValue(v)}`);
  return cols.length === 0 ? r.key : `${r.key} (${cols.join(', ')})`;
}

/** Rows in words; past `limit` rows only the first three and a count. */
function rowsText(items: readonly string[], limit = 4): string {
  if (items.length === 0) return 'no rows';
  if (items.length <= limit) return items.join(', ');
  return `${items.slice(0, 3).join(', ')} and ${items.length - 3} more rows`;
}

/**
 * A table's expected rows against the rows it holds (each row as text), in words. When the
 * lists are long, what happened names only the rows that differ, so a failure says what is wrong.
 */
export function tableRows(table: string, got: readonly string[], want: readonly string[], ok: boolean): [string, string, boolean] {
  const expected = `${table} holds ${rowsText(want)}`;
  if (ok || (got.length <= 4 && want.length <= 4)) return [expected, `${table} holds ${rowsText(got)}`, ok];
  const missing = want.filter((r) => !got.includes(r));
  const extra = got.filter((r) => !want.includes(r));
  const parts = [missing.length ? `lacks ${rowsText(missing)}` : '', extra.length ? `holds ${rowsText(extra)}` : ''];
  return [expected, `${table} ${parts.filter(Boolean).join(' and ') || 'holds these rows in another order'}`, ok];
}

/** A bound in words: "exactly 4", "at least 1", "none", "from 380 to 440". */
export function rangeText(
  min: number | undefined,
  max: number | undefined,
  fmt: (n: number) => string = (n) => n.toLocaleString('en'),
): string {
  if (max === 0) return 'none';
  if (min !== undefined && max !== undefined) return min === max ? `exactly ${fmt(min)}` : `from ${fmt(min)} to ${fmt(max)}`;
  if (min !== undefined) return `at least ${fmt(min)}`;
  return max === undefined ? 'any number' : `at most ${fmt(max)}`;
}

/** Whether a number lies within a bound. */
export const inRange = (n: number, min: number | undefined, max: number | undefined): boolean =>
  (min === undefined || n >= min) && (max === undefined || n <= max);

/** A counted value as a bound would name it: "none" for zero. */
export const countText = (n: number, fmt: (n: number) => string = (x) => x.toLocaleString('en')): string => (n === 0 ? 'none' : fmt(n));
