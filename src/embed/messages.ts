/**
 * The player's postMessage API: what a host page may send it, and what it sends back. Messages
 * are plain objects checked field by field; anything of another shape is ignored, and nothing in
 * a message is ever run or used as markup.
 */

/** Go to a step (an absolute step number of the scenario; the player keeps it inside its range). */
export interface SeekCommand {
  readonly type: 'walkthrough:seek';
  /** An integer; a step outside the player's range is clamped to it (and the player says so). */
  readonly step: number;
}

/** Start playing from the current step to the end of the range. */
export interface PlayCommand {
  readonly type: 'walkthrough:play';
}

/** Stop playing; the step stays where it is. */
export interface PauseCommand {
  readonly type: 'walkthrough:pause';
}

/** Everything a host page may send the player. */
export type HostCommand = SeekCommand | PlayCommand | PauseCommand;

/**
 * What the player posts to its parent after every step change (and once when it has loaded).
 * It carries only step numbers (no scenario, no user data), so it is posted to any origin ('*'):
 * the player cannot know its host's origin, and nothing in it is private.
 */
export interface FrameNotice {
  readonly type: 'walkthrough:frame';
  /** The step on screen, numbered as in the whole scenario (0 is before the first action). */
  readonly step: number;
  /** The scenario's last step (its number of steps), not the range's: see `from` and `to` for that. */
  readonly total: number;
  /** The first step the player may show. */
  readonly from: number;
  /** The last step the player may show. */
  readonly to: number;
}

/** A seek whose step is not a whole number: the player names it instead of moving. */
export interface BadSeek {
  readonly type: 'bad-seek';
  readonly shown: string;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * A host's message as a command, a malformed seek (named so the player can say what was wrong),
 * or null for anything else (other pages' messages, other shapes), which the player ignores.
 */
export function readCommand(data: unknown): HostCommand | BadSeek | null {
  if (!isRecord(data)) return null;
  const type = data.type;
  if (type === 'walkthrough:play' || type === 'walkthrough:pause') return { type };
  if (type !== 'walkthrough:seek') return null;
  const step = data.step;
  if (typeof step === 'number' && Number.isSafeInteger(step)) return { type, step };
  const shown = typeof step === 'string' ? JSON.stringify(step.slice(0, 20)) : typeof step === 'number' ? String(step) : typeof step;
  return { type: 'bad-seek', shown };
}

/** The notice for a step. */
export const frameNotice = (step: number, total: number, from: number, to: number): FrameNotice => ({
  type: 'walkthrough:frame',
  step,
  total,
  from,
  to,
});
