import { ScenarioError } from '../engine/scenario/schema';

/** What an engine call is doing: opening a scenario (at a step), or moving its timeline to a step. */
export interface Doing {
  readonly kind: 'open' | 'step';
  /** The step the call is heading to. */
  readonly step: number;
  /** The scenario's title. */
  readonly title: string;
}

/** Messages on screen stay readable: an engine message that echoes its input is cut. */
const MAX_MESSAGE = 300;

const cut = (s: string, max = MAX_MESSAGE) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** An error's message, cut to a readable length. */
export const messageOf = (err: unknown): string => cut(err instanceof Error ? err.message : String(err));

/**
 * A scenario the engine refused as invalid. Through the worker it arrives as a plain Error
 * carrying the name (comlink keeps the name, not the class).
 */
export const isScenarioError = (err: unknown): boolean =>
  err instanceof ScenarioError || (err instanceof Error && err.name === 'ScenarioError');

const sentence = (s: string) => (/[.!?…]$/.test(s) ? s : `${s}.`);

/**
 * Say what the engine was doing when it stopped, and why: the call's context first (which
 * scenario, which step), then the engine's own reason, which may be a timeout, a crash, or
 * a named error such as a work budget ("this scenario asks for about N events...").
 */
export function explainFailure(doing: Doing | null, reason: string): string {
  const why = sentence(cut(reason.startsWith('The engine') ? reason : `The engine failed: ${reason}`, 220));
  if (!doing) return why;
  const title = cut(doing.title, 80);
  const where = doing.step > 0 ? ` at step ${doing.step}` : '';
  const what = doing.kind === 'open' ? `“${title}” could not be opened${where}.` : `Step ${doing.step} of “${title}” could not be shown.`;
  return `${what} ${why}`;
}
