import { useEffect, useMemo, useState } from 'react';
import { SqlError } from '../../../../engine/sql/errors';
import { parseSql } from '../../../../engine/sql/parse';
import { sqlParserLoaded } from '../../../../engine/sql/pg';
import { loadTransactionsParser } from '../../../../worker/sql-parser';

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
 * The error PostgreSQL's parser raises for `sql` before running anything (a syntax error, an
 * invalid setting), at the position it reports: the token it names, or the end of the text for
 * "at end of input" and errors without a position. Null when it parses, and while the parser is
 * still loading (`useDiagnosis` asks again once it is there).
 */
export function diagnose(sql: string): SqlDiagnostic | null {
  if (!sqlParserLoaded()) return null;
  try {
    parseSql(sql);
    return null;
  } catch (e) {
    if (!(e instanceof SqlError)) throw e;
    const from = Math.min(e.position ?? sql.length, sql.length);
    const near = /at or near "(.*)"$/.exec(e.message)?.[1];
    const to = near && sql.startsWith(near, from) ? from + near.length : near ? sql.length : from;
    return { from, to, line: sql.slice(0, from).split('\n').length, code: e.code, message: e.message };
  }
}

/** Whether PostgreSQL's parser is loaded; the first editor that asks starts loading it (once). */
function useSqlParserReady(): boolean {
  const [ready, setReady] = useState(sqlParserLoaded);
  useEffect(() => {
    if (ready) return;
    let live = true;
    loadTransactionsParser().then(
      () => live && setReady(true),
      // Offline, say: no marks as typed; the run still reports each error where it happens.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [ready]);
  return ready;
}

/** `diagnose(sql)`, kept while `sql` is the same, and given again once the parser has loaded. */
export function useDiagnosis(sql: string): SqlDiagnostic | null {
  const ready = useSqlParserReady();
  return useMemo(() => (ready ? diagnose(sql) : null), [sql, ready]);
}
