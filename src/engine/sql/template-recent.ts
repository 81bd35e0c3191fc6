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
  /** The template whose key `sql` matches, with the values of its literals in text order, or null. */
  match(sql: string): { readonly template: T; readonly values: number[] } | null;
  clear(): void;
}

const RECENT = 8;

export function recentTemplates<T>(): RecentTemplates<T> {
  const list: { readonly key: string; readonly template: T }[] = [];
  return {
    remember(key, template) {
      list.unshift({ key, template });
      if (list.length > RECENT) list.pop();
    },
    match(sql) {
      for (const { key, template } of list) {
        if (key.length !== sql.length) continue;
        const values = matchKey(sql, key);
        if (values) return { template, values };
      }
      return null;
    },
    clear() {
      list.length = 0;
    },
  };
}

/** The literal values of `sql` if it matches `key` (of the same length), else null. */
function matchKey(sql: string, key: string): number[] | null {
  const values: number[] = [];
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
    if (v >= 0) values.push(v);
    v = -1;
  }
  if (v >= 0) values.push(v);
  return values;
}
