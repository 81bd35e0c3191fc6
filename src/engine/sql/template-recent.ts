/**
 * The templates found last (see template.ts), newest first: a few, as statements of one shape come
 * with literals of a few digit counts. A text is matched against their keys in one pass, before its
 * literals are read or hashed: every character as in the key, and digits where the key has NUL.
 * Such a text reads as the same tokens (a digit for a digit changes no token's kind or extent), so
 * its literals are the key's.
 */
export interface RecentTemplates<T> {
  /** A template just found by its key (its text's literals blanked). */
  remember(key: string, template: T): void;
  /** What `use` makes of the template whose key `sql` matches and the values of its literals in text order, or null. */
  match<R>(sql: string, use: (sql: string, template: T, values: readonly number[]) => R): R | null;
  clear(): void;
}

const RECENT = 8;

export function recentTemplates<T>(): RecentTemplates<T> {
  const list: { readonly key: string; readonly template: T; readonly literals: number }[] = [];
  return {
    remember(key, template) {
      list.unshift({ key, template, literals: literalCount(key) });
      if (list.length > RECENT) list.pop();
    },
    match(sql, use) {
      for (let i = 0; i < list.length; i++) {
        const { key, template, literals } = list[i];
        if (key.length !== sql.length) continue;
        const values = matchKey(sql, key, literals);
        if (values) return use(sql, template, values);
      }
      return null;
    },
    clear() {
      list.length = 0;
    },
  };
}

/** How many literals a key has: its runs of NUL. */
function literalCount(key: string): number {
  let n = 0;
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) === 0 && (i === 0 || key.charCodeAt(i - 1) !== 0)) n++;
  return n;
}

/**
 * The literal values of `sql` if it matches `key` (of the same length, with `literals` runs of NUL),
 * else null. The array has its final length from the start (a first push would reserve sixteen slots).
 */
function matchKey(sql: string, key: string, literals: number): number[] | null {
  const values: number[] = new Array<number>(literals);
  let n = 0;
  let v = -1;
  for (let i = 0; i < key.length; i++) {
    const k = key.charCodeAt(i);
    const c = sql.charCodeAt(i);
    if (k === 0) {
      if (c < 48 || c > 57) return null;
      v = (v < 0 ? 0 : v * 10) + c - 48;
      continue;
    }
    if (k !== c) return null;
    if (v >= 0) values[n++] = v;
    v = -1;
  }
  if (v >= 0) values[n] = v;
  return values;
}
