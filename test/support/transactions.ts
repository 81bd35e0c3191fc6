/**
 * Transactions conveniences for tests, over the one LabDriver (engine tests): sessions over one
 * engine, steps sent as the isolation tester sends them, and readers for what a step returned.
 * Panel tests take real frames from `labFrames('transactions', presetId)` (frame-at.ts).
 */
import { LabDriver } from '../../src/engine/core/driver';
import type { EventOf } from '../../src/engine/core/lab';
import { transactions } from '../../src/engine/transactions/engine';
import type { ScenarioOf } from '../../src/engine/scenario/schema';
import type { Action, Options } from '../../src/engine/transactions/types';
import { presetById } from '../../src/scenarios';

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

/** A scenario step (without narration) that runs `sql` in `session`. */
export const scenarioStep = (session: string, sql: string) => ({ do: { type: 'step' as const, session, sql } });

/**
 * Three sessions a, b and c over a three-row table: session i reads row i + 1, then increments
 * row `updates[i]`, then commits (9 steps, 1,680 orders).
 */
export function threeByThree(updates: readonly [number, number, number]): ScenarioOf<'transactions'> {
  return {
    v: 1,
    lab: 'transactions',
    title: 'Three by three',
    seed: 1,
    options: {
      sessions: ['a', 'b', 'c'],
      setup: ['CREATE TABLE t (id int PRIMARY KEY, x int NOT NULL); INSERT INTO t VALUES (1, 0), (2, 0), (3, 0);'],
    },
    steps: ['a', 'b', 'c'].flatMap((s, i) => [
      scenarioStep(s, `BEGIN; SELECT x FROM t WHERE id = ${i + 1}`),
      scenarioStep(s, `UPDATE t SET x = x + 1 WHERE id = ${updates[i]}`),
      scenarioStep(s, 'COMMIT'),
    ]),
  };
}

/** A transactions preset by id; fails the test when there is none. */
export function txnPreset(id: string): ScenarioOf<'transactions'> {
  const s = presetById(id)?.scenario;
  if (s?.lab !== 'transactions') throw new Error(`No transactions preset ${id}`);
  return s;
}

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
