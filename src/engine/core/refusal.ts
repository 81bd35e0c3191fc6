import type { EngineEvent } from './lab';

/**
 * The one way a lab refuses an action a user asked for ("there is no session named s3",
 * "the server is down"). The kernel turns it into an `action.refused` event and the step
 * still counts; the events the lab emitted before refusing are kept. Any other exception
 * thrown by a lab is an engine bug and is never shown as if it were the user's mistake.
 */
export class Refusal extends Error {
  constructor(
    message: string,
    /** What happened before the refusal, in order. */
    readonly events: readonly EngineEvent[] = [],
  ) {
    super(message);
    this.name = 'Refusal';
  }
}

/** Refuse the current action: throws, so a lab's code reads `if (bad) refuse('...')`. */
export function refuse(message: string, events: readonly EngineEvent[] = []): never {
  throw new Refusal(message, events);
}
