import type { CSSProperties } from 'react';
import type { Outcome, OutcomeClass } from '../../../../engine/transactions/explorer-result';

/** The word each outcome class goes by in the summary. */
export const CLASS_NAME: Record<OutcomeClass, string> = {
  ok: 'ran cleanly',
  blocked: 'waited, then ran cleanly',
  anomaly: 'anomaly',
  serialization: 'serialization failure (40001)',
  deadlock: 'deadlock (40P01)',
  error: 'other error',
  invalid: 'cannot run as written',
};

/** A glyph per class, so colour is never the only cue. */
export const CLASS_GLYPH: Record<OutcomeClass, string> = {
  ok: '✓',
  blocked: '‖',
  anomaly: '⚠',
  serialization: '↺',
  deadlock: '⨯',
  error: '✗',
  invalid: '–',
};

/** A class's colours, as the page's colour names: the left bar, the fill, and the bar's line where it is not solid. */
const tone = (bar: string, fill: string, line: 'solid' | 'dashed' | 'dotted' = 'solid') =>
  // React sets custom properties from the style object; its type lists only the standard ones.
  ({ '--bar': `var(--${bar})`, '--fill': `var(--${fill})`, '--bar-style': line }) as CSSProperties;
const CLASS_STYLE: Record<OutcomeClass, CSSProperties> = {
  ok: tone('durable', 'durable-bg'),
  blocked: tone('waiting', 'inflight-bg', 'dashed'),
  anomaly: tone('error', 'aborted-bg'),
  serialization: tone('committed', 'committed-bg'),
  deadlock: tone('error', 'dirty-bg'),
  error: tone('dirty', 'dirty-bg'),
  invalid: tone('muted', 'surface-2', 'dotted'),
};

/** The style of a cell, chip or swatch of this class: explorer.css draws its bar and fill from these properties. */
export const classStyle = (k: OutcomeClass): CSSProperties => CLASS_STYLE[k];

/** The error a run is known by: the first one that is not a consequence of an earlier one (25P02). */
const mainCode = (o: Outcome) => o.codes.find((c) => c !== '25P02') ?? o.codes[0] ?? '';

/** The short label of a cell: the anomaly's name, the SQLSTATE, or a word. */
export function shortLabel(o: Outcome): string {
  switch (o.kind) {
    case 'anomaly':
      return o.anomaly ?? 'anomaly';
    case 'serialization':
      return '40001';
    case 'deadlock':
      return '40P01';
    case 'error':
      return mainCode(o);
    case 'blocked':
      return 'waited';
    case 'invalid':
      return o.skipped > 0 ? 'can’t run' : 'stuck';
    default:
      return 'ok';
  }
}

/** What a cell means, in a sentence fragment (its accessible name and tooltip). */
export function longLabel(o: Outcome): string {
  const wait = o.blocked ? ', after a lock wait' : '';
  switch (o.kind) {
    case 'anomaly':
      return `${o.anomaly} anomaly in the committed transactions${wait}`;
    case 'serialization':
      return `serialization failure, SQLSTATE 40001${wait}`;
    case 'deadlock':
      return 'deadlock detected, SQLSTATE 40P01';
    case 'error':
      return `error, SQLSTATE ${[...new Set(o.codes)].join(', ')}${wait}`;
    case 'blocked':
      return 'a step waited for a lock, then everything ran without error or anomaly';
    case 'invalid':
      return o.skipped > 0
        ? `${o.skipped} step${o.skipped === 1 ? '' : 's'} cannot start: the session is still waiting (the isolation tester's invalid permutation)`
        : `${o.stuck.join(', ')} left waiting at the end`;
    default:
      return 'no wait, no error, no anomaly';
  }
}
