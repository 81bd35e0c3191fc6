/**
 * Transactions conveniences for tests, over the one LabDriver (engine tests): sessions over one
 * engine, steps sent as the isolation tester sends them, and readers for what a step returned.
 * Panel tests take real frames from `labFrames('transactions', presetId)` (frame-at.ts).
 */
import { LabDriver } from '../../src/engine/core/driver';
import type { EventOf } from '../../src/engine/core/lab';
import { transactions } from '../../src/engine/transactions/engine';
import type { Action, Options } from '../../src/engine/transactions/types';

export type TxnEvent = EventOf<typeof transactions>;

/** A transactions lab driven through the kernel, as on the timeline: setup SQL run, sessions connected. */
export function txnLab(
  setup: string | readonly string[],
  sessions: readonly string[] = ['s1', 's2', 's3'],
  options: Partial<Options> = {},
  seed = 1,
) {
  return new LabDriver(
    transactions,
    { sessions: [...sessions], setup: typeof setup === 'string' ? [setup] : [...setup], ...options },
    seed,
  );
}
export type TxnDriver = ReturnType<typeof txnLab>;

/** The action that runs one step (a query string) in a session. */
export const step = (session: string, sql: string, name?: string): Action => ({ type: 'step', session, sql, ...(name ? { name } : {}) });

/** Send a step to a session and return its events; fails the test if the lab refuses it. */
export function send(d: TxnDriver, session: string, sql: string): TxnEvent[] {
  d.run(step(session, sql));
  return d.events;
}

/** The step completion of `session` among these events (its own, or one a wait released). */
function completion(events: readonly TxnEvent[], session: string) {
  for (const e of events) if (e.type === 'step.completed' && e.session === session) return e;
  return null;
}

/** The rows of the last result `session`'s step completion returned, as text, or null. */
export function rows(events: readonly TxnEvent[], session: string): (string | null)[][] | null {
  const rs = completion(events, session)?.results.at(-1);
  return rs ? rs.rows.map((r) => [...r]) : null;
}

/** The SQLSTATE of `session`'s step completion in these events when it failed, else null. */
export function error(events: readonly TxnEvent[], session: string): string | null {
  return completion(events, session)?.error?.code ?? null;
}

/** Whether `session`'s step is blocked on a lock. */
export function waiting(d: TxnDriver, session: string): boolean {
  return !!d.state.sessions[session].pending?.waitingFor;
}
