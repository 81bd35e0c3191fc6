import { dateOfDay, type DateParts, parseDateParts, utcDays } from './datetime';
import { dynamic } from './dynamic';
import { SQLSTATE, SqlError } from './errors';

/**
 * timestamp with time zone: an instant, stored as its UTC text (`2026-06-01 10:00:00+00`, which
 * sorts as the instants do) and shown in the session's TimeZone. Zone rules come from the
 * platform's time-zone database through Intl (a fixed input gives a fixed answer); `+02` style
 * settings are fixed offsets. The executor sets the session's zone around each statement.
 */

/** The TimeZone of the differential harness's server (initdb's from the environment). */
export const DEFAULT_TIME_ZONE = 'Etc/UTC';

const session = dynamic(DEFAULT_TIME_ZONE);

/** Run `f` with the session's TimeZone (the executor, for one statement). */
export const withTimeZone = <T>(tz: string, f: () => T): T => session.with(tz, f);

/** Set the session's TimeZone and return the previous one (the executor restores it in a `finally`). */
export const swapTimeZone = (tz: string): string => session.swap(tz);

const FIXED = /^\s*([+-]?)(\d{1,2})(?::?(\d{2}))?\s*$/;
const formats = new Map<string, Intl.DateTimeFormat>();

function format(tz: string): Intl.DateTimeFormat {
  let f = formats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(tz, f);
  }
  return f;
}

/** SET TimeZone's value checked: a zone name the database knows, or a fixed `+hh[:mm]` offset. */
export function checkTimeZone(name: string): string {
  if (FIXED.test(name)) return name.trim();
  try {
    format(name);
    return name;
  } catch {
    throw new SqlError(SQLSTATE.invalid_parameter_value, `invalid value for parameter "TimeZone": "${name}"`);
  }
}

/** The zone's UTC offset, in minutes east, at the instant `ms`. */
function offsetAt(tz: string, ms: number): number {
  const m = FIXED.exec(tz);
  if (m) return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
  const p: Record<string, number> = {};
  for (const part of format(tz).formatToParts(ms)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const local = (utcDays(p.year, p.month, p.day) * 86400 + p.hour * 3600 + p.minute * 60 + p.second) * 1000;
  return Math.round((local - Math.floor(ms / 1000) * 1000) / 60000);
}

/**
 * A local time's instant in the session's zone, as DetermineTimeZoneOffset picks it: in a
 * fall-back fold the later instant, in a spring-forward gap the offset in force before it.
 */
function localToUtc(local: number): number {
  const before = offsetAt(session.get(), local - 36 * 3600000);
  const after = offsetAt(session.get(), local + 36 * 3600000);
  const fits = [after, before].filter((o) => offsetAt(session.get(), local - o * 60000) === o);
  if (!fits.length) return local - before * 60000;
  return local - Math.min(...fits) * 60000;
}

const pad = (n: number): string => String(n).padStart(2, '0');

const localMs = (p: DateParts): number => (utcDays(p.y, p.mo, p.d) * 86400 + p.h * 3600 + p.mi * 60 + p.s) * 1000;

function text(ms: number, frac: string): string {
  const day = Math.floor(ms / 86400000);
  const secs = Math.floor((ms - day * 86400000) / 1000);
  return `${dateOfDay(day)} ${pad(Math.floor(secs / 3600))}:${pad(Math.floor(secs / 60) % 60)}:${pad(secs % 60)}${frac ? `.${frac}` : ''}`;
}

/** Input (text, or a timestamp read as local time) to the stored UTC text. */
export function toTimestamptz(v: string): string {
  const p = parseDateParts(v, 'timestamp with time zone');
  const utc = p.offset !== null ? localMs(p) - p.offset * 60000 : localToUtc(localMs(p));
  return `${text(utc, p.frac)}+00`;
}

/** The stored instant in the session's zone: its local timestamp text and offset (`+02`, `+05:30`). */
export function localParts(stored: string): { local: string; offset: number } {
  const p = parseDateParts(stored, 'timestamp with time zone');
  const utc = localMs(p);
  const offset = offsetAt(session.get(), utc);
  return { local: text(utc + offset * 60000, p.frac), offset };
}

/** As PostgreSQL prints a timestamptz (ISO DateStyle). */
export function showTimestamptz(stored: string): string {
  const { local, offset } = localParts(stored);
  const a = Math.abs(offset);
  return `${local}${offset < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}${a % 60 ? `:${pad(a % 60)}` : ''}`;
}
