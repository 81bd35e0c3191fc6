import type { View } from '../../../../engine/transactions/view';
import { ANOMALY_TEXT } from '../DependencyGraphPanel';

/** PostgreSQL's error for one step of the run, at the step that was asked for (not where a wait ended). */
export interface StepError {
  /** The step's number on the timeline (1 is the first), so the editor's step `step - 1`. */
  readonly step: number;
  readonly session: string;
  readonly code: string;
  readonly message: string;
  /** Where it was reported, when later than `step` (the step waited, then failed). */
  readonly reportedAt: number | null;
}

/**
 * Every error in the run's schedule, given to the step that ran the SQL: a step that waited and
 * then failed ("<... completed>" with an error) is the step that started the wait.
 */
export function stepErrors(view: View): StepError[] {
  const out: StepError[] = [];
  for (const row of view.schedule.rows)
    for (const c of row.cells) {
      if (!c.error) continue;
      const origin =
        c.kind === 'resumed'
          ? (view.schedule.rows.find((r) => r.cells.some((x) => x.session === c.session && x.waited?.until === row.step))?.step ?? row.step)
          : row.step;
      out.push({
        step: origin,
        session: c.session,
        code: c.error.code,
        message: c.error.message,
        reportedAt: origin === row.step ? null : row.step,
      });
    }
  return out;
}

/** "s2 ERROR 40001 at step 6 (it ended at step 7): could not serialize access due to concurrent update" */
export const errorText = (e: StepError) =>
  `${e.session} ERROR ${e.code} at step ${e.step}${e.reportedAt ? ` (it ended at step ${e.reportedAt})` : ''}: ${e.message}`;

/**
 * The end of a run in one sentence, for the editor to say after Apply: the history checker's
 * verdict, then every error with its step, SQLSTATE and PostgreSQL's message, waits and how
 * sessions ended.
 */
export function outcomeLine(view: View): string {
  const parts: string[] = [];
  const { anomaly } = view.graph;
  parts.push(
    anomaly
      ? `anomaly ${ANOMALY_TEXT[anomaly] ?? anomaly}`
      : view.graph.deps.length
        ? 'no anomaly: the committed transactions are serializable'
        : 'no dependencies between committed transactions',
  );
  const errors = stepErrors(view).map(errorText);
  let waits = 0;
  for (const row of view.schedule.rows) for (const c of row.cells) if (c.waited && c.kind !== 'resumed') waits++;
  parts.push(errors.length ? errors.join(', ') : 'no errors');
  if (waits) parts.push(`${waits} lock wait${waits === 1 ? '' : 's'}`);
  return `${parts.join('; ')}.`;
}
