import { initState } from './engine';
import type { Event } from './events';
import { runStep } from './session';
import type { Options, State } from './types';

/**
 * A small test driver: sessions over one engine state, each `run` one step as the
 * isolation tester would send it, returning that step's events.
 */
export class TxnDriver {
  readonly state: State;
  readonly log: Event[] = [];

  constructor(setup: string | readonly string[], sessions: readonly string[] = ['s1', 's2', 's3'], options: Partial<Options> = {}) {
    this.state = initState({ sessions, setup: typeof setup === 'string' ? [setup] : setup, ...options }, 1, this.log);
  }

  run(session: string, sql: string): Event[] {
    const events: Event[] = [];
    runStep(this.state, session, sql, sql, (e) => events.push(e));
    this.log.push(...events);
    return events;
  }

  /** The rows of the last result of a step's completion event for `session`, as text. */
  rows(events: readonly Event[], session: string): (string | null)[][] | null {
    const done = events.find((e) => e.type === 'step.completed' && e.session === session);
    if (done?.type !== 'step.completed') return null;
    const rs = done.results.at(-1);
    return rs ? rs.rows.map((r) => [...r]) : null;
  }

  /** The error code of `session`'s step completion in these events, if it failed. */
  error(events: readonly Event[], session: string): string | null {
    const done = events.find((e) => e.type === 'step.completed' && e.session === session);
    return done?.type === 'step.completed' ? (done.error?.code ?? null) : null;
  }

  waiting(session: string): boolean {
    return !!this.state.sessions[session].pending?.waitingFor;
  }
}
