import { applyAction, type RefusedEvent, refusalIn } from '../core/lab';
import type { ScenarioOf } from '../scenario/schema';
import type { ErrorInfo } from '../sql/errors';
import { transactions } from './engine';
import type { Event } from './events';
import type { ResultSet } from './types';
import { CONTROL } from './view';

type TxnScenario = ScenarioOf<'transactions'>;

/** What psql would receive for one statement of a step: its notices, then a result, a tag or an error. */
export interface StatementOutput {
  /** `NOTICE:  …` / `WARNING:  …` lines, as psql prints them, raised before the statement ended. */
  readonly notices: readonly string[];
  /** The command tag (`BEGIN`, `UPDATE 1`, `SELECT 1`); null when the statement failed. */
  readonly tag: string | null;
  readonly result: ResultSet | null;
  readonly error: ErrorInfo | null;
}

/** One step of the scenario as the lab ran it. */
export interface RunStep {
  /** Position in the scenario, from 1 (the timeline's step number). */
  readonly n: number;
  readonly session: string;
  readonly sql: string;
  readonly name: string | null;
  /** The lab refused the step (its session still waited): it did not run. */
  readonly refused: string | null;
  /** The session whose transaction the step waited for when it blocked; null when it did not block. */
  readonly waitedFor: string | null;
  /** The step at which it completed (its own number when it did not wait); null when it never did. */
  readonly completedAt: number | null;
  /** The steps whose waits this step released (they completed during it). */
  readonly released: readonly number[];
  readonly outputs: readonly StatementOutput[];
  /** The error the step ended with, if any. */
  readonly error: ErrorInfo | null;
  /** PostgreSQL's deadlock check picked this step as the victim of a wait-for cycle (40P01). */
  readonly deadlock: boolean;
  /** The victim's step, when this step closed a wait-for cycle that the deadlock check broke during it. */
  readonly cancels: number | null;
}

/** A scenario's run in the lab, step by step, as the psql export needs it. */
export interface PsqlRun {
  readonly steps: readonly RunStep[];
  /** Tables that exist after the setup (for the teardown). */
  readonly tables: readonly string[];
  /** The setup's error, when a setup block failed. */
  readonly setupError: ErrorInfo | null;
  /** The lab could not run the scenario past this point (an engine failure), with why; null when it ran to the end. */
  readonly failure: string | null;
}

interface Open {
  n: number;
  waitedFor: string | null;
  completedAt: number | null;
  outputs: StatementOutput[];
  notices: string[];
  error: ErrorInfo | null;
  deadlock: boolean;
}

/**
 * Run a transactions scenario through the lab (the kernel's `applyAction`, as the timeline runs
 * it) and record, per step, when it blocked, when it completed, which steps it released, and
 * what psql would have printed for each of its statements. Needs the SQL parser loaded.
 */
export function runForPsql(scenario: TxnScenario): PsqlRun {
  const open = new Map<string, Open>();
  const byN: Open[] = [];
  const released = new Map<number, number[]>();
  let setupError: ErrorInfo | null = null;
  let tables: readonly string[] = [];
  let failure: string | null = null;
  const refused = new Map<number, string>();
  const cancels = new Map<number, number>();

  const take = (at: number, events: readonly (Event | RefusedEvent)[]) => {
    for (const e of events) if (e.type !== 'action.refused') handle(at, e);
  };
  const handle = (at: number, e: Event) => {
    if (e.type === 'lab.started') {
      tables = e.tables;
      return;
    }
    if (!('session' in e)) return;
    if (e.session === CONTROL) {
      if (e.type === 'step.completed' && e.error && !setupError) setupError = e.error;
      return;
    }
    const o = open.get(e.session);
    if (!o) return;
    switch (e.type) {
      case 'notice.raised':
        o.notices.push(`${e.severity}:  ${e.message}`);
        break;
      case 'statement.finished':
        o.outputs.push({ notices: o.notices.splice(0), tag: e.tag, result: e.result, error: null });
        break;
      case 'statement.failed':
        o.outputs.push({ notices: o.notices.splice(0), tag: null, result: null, error: e.error });
        break;
      case 'txn.blocked':
        if (o.waitedFor === null) o.waitedFor = e.holder;
        break;
      case 'deadlock.detected':
        o.deadlock = true;
        cancels.set(at, o.n);
        break;
      case 'step.completed':
        if (e.error && !o.outputs.some((x) => x.error))
          o.outputs.push({ notices: o.notices.splice(0), tag: null, result: null, error: e.error });
        else if (o.notices.length) o.outputs.push({ notices: o.notices.splice(0), tag: null, result: null, error: null });
        o.error = e.error;
        o.completedAt = at;
        if (o.n !== at) released.set(at, [...(released.get(at) ?? []), o.n]);
        open.delete(e.session);
        break;
      default:
        break;
    }
  };

  try {
    const { state, events } = transactions.init(scenario.options, scenario.seed);
    take(0, events);
    for (const [i, { do: action }] of scenario.steps.entries()) {
      const n = i + 1;
      const o: Open = { n, waitedFor: null, completedAt: null, outputs: [], notices: [], error: null, deadlock: false };
      byN.push(o);
      const wasOpen = open.get(action.session);
      open.set(action.session, o);
      const out = applyAction(transactions, state, action);
      const why = refusalIn(out);
      if (why !== null) {
        refused.set(n, why);
        if (wasOpen) open.set(action.session, wasOpen);
        else open.delete(action.session);
        continue;
      }
      take(n, out);
    }
  } catch (err) {
    failure = err instanceof Error ? err.message : String(err);
  }

  const steps = scenario.steps.map(({ do: a }, i): RunStep => {
    const n = i + 1;
    const o = byN[i];
    return {
      n,
      session: a.session,
      sql: a.sql,
      name: a.name ?? null,
      refused: refused.get(n) ?? null,
      waitedFor: o?.waitedFor ?? null,
      completedAt: o?.completedAt ?? null,
      released: released.get(n) ?? [],
      outputs: o?.outputs ?? [],
      error: o?.error ?? null,
      deadlock: o?.deadlock ?? false,
      cancels: cancels.get(n) ?? null,
    };
  });
  return { steps, tables, setupError, failure };
}
