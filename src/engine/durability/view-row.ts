import type { Row } from './page';
import type { KeyedRow } from './types';

/** Text values longer than LONG_TEXT are shipped cut to SHORT_TEXT characters, with their length. */
const [LONG_TEXT, SHORT_TEXT] = [32, 16];

/**
 * A visible row as the panels get it: a wide row's long text (a 2.7 kB note) is cut, and
 * `long` gives the full length of each cut column, so a frame does not carry every row in full.
 */
export interface RowView {
  readonly key: string;
  readonly values: Row;
  readonly long?: Readonly<Record<string, number>>;
}

export function rowView(r: KeyedRow): RowView {
  let long: Record<string, number> | undefined;
  let values: Record<string, Row[string]> | undefined;
  for (const c in r.values) {
    const v = r.values[c];
    if (typeof v !== 'string' || v.length <= LONG_TEXT) continue;
    values ??= { ...r.values };
    long ??= {};
    values[c] = v.slice(0, SHORT_TEXT);
    long[c] = v.length;
  }
  return values ? { key: r.key, values, long } : r;
}
