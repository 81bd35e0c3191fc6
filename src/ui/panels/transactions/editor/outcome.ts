import type { View } from '../../../../engine/transactions/view';
import { ANOMALY_TEXT } from '../DependencyGraphPanel';

/**
 * The end of a run in one sentence, for the editor to say after Apply: the history checker's
 * verdict, then every error with its step and SQLSTATE, waits and how sessions ended.
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
  const errors: string[] = [];
  let waits = 0;
  for (const row of view.schedule.rows)
    for (const c of row.cells) {
      if (c.error) errors.push(`${c.session} ERROR ${c.error.code} at step ${row.step}`);
      if (c.waited && c.kind !== 'resumed') waits++;
    }
  parts.push(errors.length ? errors.join(', ') : 'no errors');
  if (waits) parts.push(`${waits} lock wait${waits === 1 ? '' : 's'}`);
  return `${parts.join('; ')}.`;
}
