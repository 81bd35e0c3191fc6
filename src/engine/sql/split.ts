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
    const skipped = skipQuotedOrComment(sql, i);
    if (skipped !== null) i = skipped.end;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ';' && depth === 0) {
      out.push(sql.slice(start, i));
      start = i + 1;
    }
  }
  out.push(sql.slice(start));
  return out.map((s) => s.trim()).filter((s) => s.replace(/--[^\n]*/g, '').trim().length > 0);
}

/**
 * A quoted string or name, or a comment, starting at `i`: the index of its last character
 * (the end of the text when it is not closed), and whether it is a comment. Null when
 * none starts there.
 */
function skipQuotedOrComment(sql: string, i: number): { end: number; comment: boolean } | null {
  const c = sql[i];
  if (c === "'" || c === '"') {
    const close = sql.indexOf(c, i + 1);
    return { end: close < 0 ? sql.length : close, comment: false };
  }
  if (c === '-' && sql[i + 1] === '-') {
    const nl = sql.indexOf('\n', i);
    return { end: nl < 0 ? sql.length : nl, comment: true };
  }
  if (c === '/' && sql[i + 1] === '*') {
    const end = sql.indexOf('*/', i + 2);
    return { end: end < 0 ? sql.length : end + 1, comment: true };
  }
  return null;
}

const WORD = /[\w$.]/;

/** What makes a statement slow to parse, measured in one linear pass (see `parseSql`). */
export interface Shape {
  /** Tokens, roughly as a lexer sees them: a word, a number, a quoted string or name, each punctuation character. */
  readonly tokens: number;
  /** The deepest parenthesis nesting. */
  readonly depth: number;
  /** The most items in one parenthesised list (`IN (1, 2, ...)`, a row of VALUES, a function's arguments). */
  readonly list: number;
}

/** The statement's shape, skipping strings, quoted names and comments. */
export function shapeOf(sql: string): Shape {
  let tokens = 0;
  let depth = 0;
  let maxDepth = 0;
  let list = 0;
  const items: number[] = [];
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (c === ' ' || c === '\n' || c === '\t' || c === '\r') continue;
    const skipped = skipQuotedOrComment(sql, i);
    if (skipped !== null) {
      i = skipped.end;
      // A comment is no token; a quoted string or name is one.
      if (skipped.comment) continue;
    } else if (c === '(') {
      items[++depth] = 1;
      maxDepth = Math.max(maxDepth, depth);
    } else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth > 0) list = Math.max(list, ++items[depth]);
    else if (WORD.test(c)) while (i + 1 < sql.length && WORD.test(sql[i + 1])) i++;
    tokens++;
  }
  return { tokens, depth: maxDepth, list };
}
