/**
 * A query string read the way PostgreSQL's lexer skips strings, quoted names and comments, to
 * split it at top-level semicolons and to measure how deeply it nests before the parser sees
 * it. Only boundaries and counts are found here; the grammar is PostgreSQL's (pg.ts).
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

const IDENT = /[\w$\u0080-\uffff]/;

/**
 * A quoted string or name, or a comment, starting at `i`: the index of its last character (the
 * end of the text when it is not closed), and whether it is a comment. Null when none starts
 * there. As scan.l reads them: `''` inside a string, backslash escapes in `E'...'`, dollar
 * quotes (`$$...$$`, `$tag$...$tag$`) and nested block comments.
 */
export function skipQuotedOrComment(sql: string, i: number): { end: number; comment: boolean } | null {
  const c = sql[i];
  if (c === "'" || c === '"') {
    const escapes = c === "'" && /[eE]/.test(sql[i - 1] ?? '') && !IDENT.test(sql[i - 2] ?? '');
    let j = i + 1;
    for (; j < sql.length; j++) {
      if (escapes && sql[j] === '\\') j++;
      else if (sql[j] === c) {
        if (sql[j + 1] !== c) break;
        j++;
      }
    }
    return { end: Math.min(j, sql.length), comment: false };
  }
  if (c === '$' && !IDENT.test(sql[i - 1] ?? '')) {
    const tag = /^\$(?:[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/.exec(sql.slice(i, i + 64))?.[0];
    if (!tag) return null;
    const close = sql.indexOf(tag, i + tag.length);
    return { end: close < 0 ? sql.length : close + tag.length - 1, comment: false };
  }
  if (c === '-' && sql[i + 1] === '-') {
    let j = i;
    while (j < sql.length && sql[j] !== '\n' && sql[j] !== '\r') j++;
    return { end: j, comment: true };
  }
  if (c === '/' && sql[i + 1] === '*') {
    let depth = 0;
    let j = i;
    for (; j < sql.length; j++) {
      if (sql[j] === '/' && sql[j + 1] === '*') {
        depth++;
        j++;
      } else if (sql[j] === '*' && sql[j + 1] === '/' && --depth === 0) return { end: j + 1, comment: true };
    }
    return { end: sql.length, comment: true };
  }
  return null;
}

const WORD = /[\w$.\u0080-\uffff]/;

/**
 * An upper bound on how deeply the statement's parse tree nests: the most tokens in one chain of
 * operands, where a comma starts a new item of a list (list items are siblings, not children)
 * and a parenthesis a nested chain whose tokens add to the enclosing ones. `1 + 1 + 1` counts 5;
 * `IN (1, 2, 3)` and a 10,000-row VALUES count a few. Strings, quoted names and comments are one
 * token or none. One pass, linear in the text.
 */
export function nestingOf(sql: string): number {
  const chain: number[] = [0];
  let sum = 0;
  let max = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (c === ' ' || c === '\n' || c === '\t' || c === '\r') continue;
    const skipped = skipQuotedOrComment(sql, i);
    if (skipped !== null) {
      i = skipped.end;
      if (skipped.comment) continue;
    } else if (c === ',' || c === ';') {
      sum -= chain[chain.length - 1];
      chain[chain.length - 1] = 0;
      continue;
    } else if (c === ')') {
      if (chain.length > 1) sum -= chain.pop() ?? 0;
      continue;
    } else if (WORD.test(c)) while (i + 1 < sql.length && WORD.test(sql[i + 1])) i++;
    else if (c === ':' && sql[i + 1] === ':') i++;
    chain[chain.length - 1]++;
    sum++;
    max = Math.max(max, sum);
    if (c === '(') chain.push(0);
  }
  return max;
}
