/**
 * What a session's psql prints, as the lab ran the scenario: the lab's results and errors written
 * the way psql writes them with the runner's flags (`psql-run.ts`: unaligned, terse errors), with
 * the runner's markers after the session's opening lines and after each of its steps. Only the
 * lab's answer is formatted here; psql's own output is compared as it came.
 */
import type { StatementOutput, PsqlRun } from '../../src/engine/transactions/export-psql-run';
import { marker } from './psql-run';

/** psql prints a command's status after a result set only for data-modifying commands (RETURNING). */
const STATUS_AFTER_ROWS = /^(INSERT|UPDATE|DELETE|MERGE)\b/;

function statement(o: StatementOutput): string[] {
  const lines = [...o.notices];
  if (o.result) {
    const { columns, rows } = o.result;
    lines.push(
      columns.join('|'),
      ...rows.map((r) => r.map((v) => v ?? '').join('|')),
      `(${rows.length} ${rows.length === 1 ? 'row' : 'rows'})`,
    );
    if (o.tag && STATUS_AFTER_ROWS.test(o.tag)) lines.push(o.tag);
  } else if (o.tag) lines.push(o.tag);
  if (o.error) lines.push(`ERROR:  ${o.error.message}`);
  return lines;
}

/** The output the lab implies for `session`'s psql, the `SET` of its opening lines first. */
export function labTranscript(run: PsqlRun, session: string): string {
  const lines = ['SET', marker('head')];
  for (const st of run.steps) {
    if (st.session !== session || st.refused || st.completedAt === null) continue;
    lines.push(...st.outputs.flatMap(statement), marker(st.n));
  }
  return `${lines.join('\n')}\n`;
}
