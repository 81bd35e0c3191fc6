import { SqlError } from '../../../../engine/sql/errors';
import { parseSql } from '../../../../engine/sql/parse';
import { splitStatements } from '../../../../engine/sql/split';

/** PostgreSQL's answer to SQL that does not parse, placed where it points in the text. */
export interface SqlDiagnostic {
  /** Offsets in the text of the token PostgreSQL names (from = to at the end of input). */
  readonly from: number;
  readonly to: number;
  /** 1-based line of `from`, as psql's "LINE n:" says it. */
  readonly line: number;
  readonly code: string;
  readonly message: string;
}

/** The text as one line for a message: "ERROR 42601: syntax error at or near "FORM" (line 2)". */
export const diagnosticText = (d: SqlDiagnostic, lines: number) => `ERROR ${d.code}: ${d.message}${lines > 1 ? ` (line ${d.line})` : ''}`;

/**
 * The first error the parser raises for `sql`, as PostgreSQL reports it before running
 * anything (a syntax error, an invalid setting), with the position of the token it names.
 * Statements after it are not looked at, as PostgreSQL stops at the first. Null when it parses.
 */
export function diagnose(sql: string): SqlDiagnostic | null {
  let cursor = 0;
  for (const text of splitStatements(sql)) {
    const start = Math.max(sql.indexOf(text, cursor), cursor);
    cursor = start + text.length;
    try {
      parseSql(text);
    } catch (e) {
      if (!(e instanceof SqlError)) throw e;
      const near = /at or near "(.*)"$/.exec(e.message)?.[1];
      const at = near ? text.toLowerCase().indexOf(near.toLowerCase()) : -1;
      const from = at >= 0 ? start + at : near ? start : start + text.length;
      const to = at >= 0 && near ? from + near.length : near ? start + text.length : from;
      return { from, to, line: sql.slice(0, from).split('\n').length, code: e.code, message: e.message };
    }
  }
  return null;
}
