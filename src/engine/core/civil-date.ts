const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/**
 * civil_from_days (Howard Hinnant's algorithm): the proleptic Gregorian date `n` days after
 * 1970-01-01 as `YYYY-MM-DD`, without `Date` (the engine has no wall clock).
 */
export function dateOfDay(n: number): string {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const mo = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (mo <= 2 ? 1 : 0);
  return `${pad(y, 4)}-${pad(mo)}-${pad(d)}`;
}
