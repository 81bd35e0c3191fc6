/**
 * Split a query string into statements at top-level semicolons (outside quotes,
 * comments and parentheses). Only the boundaries are found here; the grammar is
 * pgsql-ast-parser's.
 */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let start = 0;
  let depth = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      const close = sql.indexOf(c, i + 1);
      i = close < 0 ? sql.length : close;
    } else if (c === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 1;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ';' && depth === 0) {
      out.push(sql.slice(start, i));
      start = i + 1;
    }
  }
  out.push(sql.slice(start));
  return out.map((s) => s.trim()).filter((s) => s.replace(/--[^\n]*/g, '').trim().length > 0);
}

const WORD = /[\w$.]/;

/**
 * The number of tokens in a statement, roughly as a lexer sees them (a word, a number, a
 * quoted string or identifier, each punctuation character), in one linear pass. The parser's
 * time grows faster than linearly with some shapes (long lists, deep parentheses), so the
 * statement's size is bounded before it is parsed.
 */
export function countTokens(sql: string): number {
  let n = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (c === ' ' || c === '\n' || c === '\t' || c === '\r') continue;
    if (c === "'" || c === '"') {
      const close = sql.indexOf(c, i + 1);
      i = close < 0 ? sql.length : close;
    } else if (c === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl;
      continue;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 1;
      continue;
    } else if (WORD.test(c)) while (i + 1 < sql.length && WORD.test(sql[i + 1])) i++;
    n++;
  }
  return n;
}
