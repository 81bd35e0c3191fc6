import { splitStatements } from '../sql/split';
import type { ErrorInfo } from '../sql/errors';
import type { RunStep, StatementOutput } from './export-psql-run';

/** Rows of a result shown in a step's comment; the rest are counted. */
const SHOWN_ROWS = 5;
/** Width of the SQL shown in the run order's one-line summaries. */
const SUMMARY_WIDTH = 64;

/** Each line of `text` as an SQL comment. */
export const comment = (text: string): string =>
  text
    .split('\n')
    .map((l) => (l ? `-- ${l}` : '--'))
    .join('\n');

/** A statement ended with `end`; after a trailing `--` comment the ending goes on its own line. */
const terminated = (stmt: string, end: string) => (/--[^\n]*$/.test(stmt) ? `${stmt}\n${end.trim()}` : `${stmt}${end}`);

/**
 * A step's SQL as psql should send it: one query string, as the isolation tester and the lab send
 * a step. psql sends each `;`-ended statement on its own, so the statements of a several-statement
 * step are joined with `\;` (psql's "keep going, same query"): an error stops the rest of the step,
 * and without BEGIN the statements share one implicit transaction, as in the lab.
 */
export function psqlQuery(sql: string): string {
  const parts = splitStatements(sql);
  return parts.map((p, i) => terminated(p, i === parts.length - 1 ? ';' : ' \\;')).join('\n');
}

/** A step's SQL on one line, shortened, for the run order. */
function summary(sql: string): string {
  const one = sql.replace(/\s+/g, ' ').trim();
  return one.length > SUMMARY_WIDTH ? `${one.slice(0, SUMMARY_WIDTH - 1)}…` : one;
}

/** PostgreSQL's error line, as psql prints it (without the DETAIL), and its SQLSTATE. */
export const errorText = (e: ErrorInfo): string => `ERROR:  ${e.message} (SQLSTATE ${e.code})`;

const rowsWord = (n: number) => `${n} ${n === 1 ? 'row' : 'rows'}`;

/** What the lab printed for one statement, as comment lines. */
function outputLines(o: StatementOutput): string[] {
  const lines = [...o.notices];
  if (o.result) {
    const { columns, rows } = o.result;
    lines.push(`${columns.join(' | ')}  (${rowsWord(rows.length)})`);
    for (const r of rows.slice(0, SHOWN_ROWS)) lines.push(`  ${r.map((v) => v ?? 'NULL').join(' | ')}`);
    if (rows.length > SHOWN_ROWS) lines.push(`  … ${rowsWord(rows.length - SHOWN_ROWS)} more`);
  }
  if (o.error) lines.push(errorText(o.error));
  else if (o.tag && !o.result) lines.push(o.tag);
  return lines;
}

/** Where a step stands among the others: "step 3 (s2)". */
export type StepName = (n: number) => string;

const DEADLOCK_WAIT = 'after deadlock_timeout (1 s) PostgreSQL’s deadlock check cancels';

/** The sentence on a step that waits: on whom, what releases it, or the deadlock that ends it. */
function waitNote(st: RunStep, name: StepName): string | null {
  if (st.waitedFor === null) return null;
  const on = `WAITS: blocks on ${st.waitedFor}'s transaction`;
  if (st.cancels === st.n)
    return `${on} and closes a wait-for cycle: ${DEADLOCK_WAIT} this step (40P01). Wait for its error before the next step.`;
  if (st.cancels !== null)
    return `${on} and closes a wait-for cycle: ${DEADLOCK_WAIT} ${name(st.cancels)} (40P01), which releases this step. Wait for its result before the next step.`;
  if (st.completedAt === st.n) return `${on}, and is released at once.`;
  if (st.completedAt === null) return `${on}, and still waits when the scenario ends.`;
  if (st.deadlock)
    return `${on}; psql prints nothing until ${name(st.completedAt)} closes a wait-for cycle: then ${DEADLOCK_WAIT} this step.`;
  return `${on}; psql prints nothing until ${name(st.completedAt)} releases it.`;
}

/** The same, shortened for the run order. */
function waitSummary(st: RunStep, name: StepName): string | null {
  if (st.waitedFor === null) return null;
  const on = `WAITS for ${st.waitedFor}`;
  if (st.cancels === st.n) return `${on}: deadlock, cancelled after 1 s; wait for the error`;
  if (st.cancels !== null) return `${on}: deadlock; after 1 s ${name(st.cancels)} is cancelled and this completes; wait for it`;
  if (st.completedAt === st.n) return `${on}, released at once`;
  if (st.completedAt === null) return `${on} to the end`;
  if (st.deadlock) return `${on}: go on; ${name(st.completedAt)} closes a deadlock that cancels it`;
  return `${on}: go on; ${name(st.completedAt)} releases it`;
}

/**
 * The comment above a step in its session's script: its place in the run order, whether it
 * waits and what releases it, the steps it releases, and what the lab printed for it.
 */
export function stepComment(st: RunStep, total: number, name: StepName, ran: boolean): string {
  const lines = [`step ${st.n} of ${total}${st.name ? ` (${st.name})` : ''}`];
  if (!ran) return comment(lines.join('\n'));
  if (st.refused) {
    lines.push(`The lab refused this step (${st.refused}); it is left out here as in the lab:`);
    return comment(lines.join('\n'));
  }
  const wait = waitNote(st, name);
  if (wait) lines.push(wait);
  const released = st.released.filter((n) => n !== st.cancels);
  if (released.length) lines.push(`Releases ${released.map(name).join(', ')}, waiting until now.`);
  if (st.completedAt !== null) {
    const out = st.outputs.flatMap(outputLines);
    if (out.length) lines.push('The lab printed:', ...out.map((l) => `  ${l}`));
    if (st.error) lines.push(`This step fails in the lab.`);
  }
  return comment(lines.join('\n'));
}

/** One line of the run order. */
export function orderLine(st: RunStep, name: StepName, width: number): string {
  const head = `${String(st.n).padStart(3)}. ${st.session.padEnd(width)}  `;
  if (st.refused) return `${head}(refused by the lab, not run: ${summary(st.sql)})`;
  const notes: string[] = [];
  const wait = waitSummary(st, name);
  if (wait) notes.push(wait);
  const released = st.released.filter((n) => n !== st.cancels);
  if (released.length) notes.push(`releases ${released.map(name).join(', ')}`);
  if (st.error && st.completedAt !== null) notes.push(`fails: ${st.error.code}`);
  return `${head}${summary(st.sql)}${notes.length ? `   <- ${notes.join('; ')}` : ''}`;
}
