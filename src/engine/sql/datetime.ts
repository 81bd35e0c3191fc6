import { SQLSTATE, SqlError } from './errors';
import { dateOfDay } from '../core/civil-date';

/**
 * date and timestamp [without time zone]: input as PostgreSQL's ISO forms (`2026-12-24`,
 * `2026-12-01 09:30:00`, `T` between date and time, fractional seconds), stored as the text
 * PostgreSQL prints (ISO DateStyle), which also sorts correctly for years 1 to 9999. Day
 * arithmetic goes through a day count (calendar arithmetic, never the clock).
 */

export type DateKind = 'date' | 'timestamp';

const WORDS: Readonly<Record<DateKind, string>> = { date: 'date', timestamp: 'timestamp' };

const RE =
  /^\s*(\d{4,})-(\d{1,2})-(\d{1,2})(?:(?:\s+|T)(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,6})\d*)?)?)?\s*(?:([+-]\d{1,2})(?::?(\d{2}))?|Z)?\s*$/i;

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Days since 1970-01-01 in the proleptic Gregorian calendar (days_from_civil), month 13 being next January. */
export function utcDays(y0: number, mo0: number, d: number): number {
  const y1 = y0 + Math.floor((mo0 - 1) / 12);
  const mo = ((mo0 - 1) % 12) + 1;
  const y = mo <= 2 ? y1 - 1 : y1;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const daysIn = (y: number, m: number): number => utcDays(y, m + 1, 1) - utcDays(y, m, 1);

export interface DateParts {
  readonly y: number;
  readonly mo: number;
  readonly d: number;
  readonly h: number;
  readonly mi: number;
  readonly s: number;
  /** Fractional seconds as written, up to microseconds ('' for none). */
  readonly frac: string;
  /** The UTC offset written with the value, in minutes, or null. */
  readonly offset: number | null;
}

/** The fields of a date or timestamp literal, with PostgreSQL's errors for bad syntax (22007) and out-of-range fields (22008). */
export function parseDateParts(text: string, word: string): DateParts {
  const m = RE.exec(text);
  if (!m) throw new SqlError(SQLSTATE.invalid_datetime_format, `invalid input syntax for type ${word}: "${text}"`);
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0));
  const range = () => new SqlError(SQLSTATE.datetime_field_overflow, `date/time field value out of range: "${text}"`);
  if (mo < 1 || mo > 12 || d < 1 || y < 1) throw range();
  if (d > daysIn(y, mo)) throw range();
  if (h > 24 || mi > 59 || s > 60 || (h === 24 && (mi > 0 || s > 0))) throw range();
  const sign = m[8]?.startsWith('-') ? -1 : 1;
  const offset = m[8] ? sign * (Math.abs(Number(m[8])) * 60 + Number(m[9] ?? 0)) : /Z\s*$/i.test(text) ? 0 : null;
  return { y, mo, d, h, mi, s, frac: (m[7] ?? '').replace(/0+$/, ''), offset };
}

/** Days since 1970-01-01 for a date's text, and back. */
export const dayNumber = (date: string): number => {
  const [y, mo, d] = date
    .slice(0, date.indexOf('-', 5) + 3)
    .split('-')
    .map(Number);
  return utcDays(y, mo, d);
};

/** civil_from_days: the date `n` days after 1970-01-01 (shared with the WAL's commit timestamps). */
export { dateOfDay };

/** Parts as a timestamp's text, normalising 24:00:00 and a leap second 60 as PostgreSQL does. */
function formatParts(p: DateParts, kind: DateKind): string {
  let day = dayNumber(`${pad(p.y, 4)}-${pad(p.mo)}-${pad(p.d)}`);
  let secs = p.h * 3600 + p.mi * 60 + p.s;
  day += Math.floor(secs / 86400);
  secs %= 86400;
  const date = dateOfDay(day);
  if (kind === 'date') return date;
  const time = `${pad(Math.floor(secs / 3600))}:${pad(Math.floor(secs / 60) % 60)}:${pad(secs % 60)}`;
  return `${date} ${time}${p.frac ? `.${p.frac}` : ''}`;
}

/** A value as a date or timestamp (text input, or the other kind), normalised. */
export function toDateTime(v: string | number | boolean, kind: DateKind): string {
  if (typeof v !== 'string')
    throw new SqlError(SQLSTATE.datatype_mismatch, `cannot cast type ${typeof v === 'number' ? 'integer' : 'boolean'} to ${WORDS[kind]}`);
  return formatParts(parseDateParts(v, WORDS[kind]), kind);
}
