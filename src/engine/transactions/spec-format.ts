import type { ResultSet } from './types';

/** libpq's PQprint field test: does the value look numeric (then it is right-aligned)? */
function looksNumeric(v: string): boolean {
  if (v === '') return true;
  let last = '0';
  for (const ch of v) {
    last = ch;
    if (!((ch >= '0' && ch <= '9') || ch === '.' || ch === 'E' || ch === 'e' || ch === ' ' || ch === '-')) return false;
  }
  if (v[0] === 'E' || v[0] === 'e') return false;
  return last >= '0' && last <= '9';
}

/**
 * A result set exactly as the isolation tester prints it: PQprint with header, align and
 * fieldSep "|" (column widths from names and values, numbers right-aligned, NULL empty),
 * then "(N rows)" and a blank line.
 */
export function formatResultSet(rs: ResultSet): string {
  const n = rs.columns.length;
  if (n === 0) return '';
  const width = rs.columns.map((c) => c.length);
  const notNum = rs.columns.map(() => false);
  for (const row of rs.rows) {
    row.forEach((v, j) => {
      if (v === null || v === '') return;
      if (!notNum[j] && !looksNumeric(v)) notNum[j] = true;
      if (v.length > width[j]) width[j] = v.length;
    });
  }
  const pad = (s: string, j: number) => (notNum[j] ? s.padEnd(width[j]) : s.padStart(width[j]));
  let out = `${rs.columns.map((c, j) => pad(c, j)).join('|')}\n`;
  out += `${width.map((w) => '-'.repeat(w)).join('+')}\n`;
  for (const row of rs.rows) out += `${row.map((v, j) => pad(v ?? '', j)).join('|')}\n`;
  out += `(${rs.rows.length} row${rs.rows.length === 1 ? '' : 's'})\n\n`;
  return out;
}

/** PQerrorMessage: "ERROR:  message" and its DETAIL line, as the tester prints a failed setup or teardown. */
export const formatFullError = (e: { severity: string; message: string; detail?: string }): string =>
  `${e.severity}:  ${e.message}\n${e.detail ? `DETAIL:  ${e.detail}\n` : ''}`;

/** "ERROR:  message", the tester's line for a failed step (primary message only). */
export const formatError = (severity: string, message: string): string => `${severity}:  ${message}\n`;
