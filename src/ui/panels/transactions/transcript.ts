import type { Scenario } from '../../../engine/scenario/schema';
import type { ErrorInfo } from '../../../engine/sql/errors';
import { transactions } from '../../../engine/txn/engine';
import type { Event } from '../../../engine/txn/events';
import type { ResultSet, State } from '../../../engine/txn/types';

type TxnScenario = Extract<Scenario, { lab: 'transactions' }>;

/** One cell of the interleaving: what one session did (or finished) at one step. */
export interface Cell {
  readonly session: string;
  /** The step's SQL; for a step finishing after a wait, the SQL it had waited on. */
  readonly sql: string;
  /** 'ran': the step ran at this position; 'resumed': a waiting step completed here ("<... completed>"). */
  readonly kind: 'ran' | 'resumed' | 'marker';
  /** The step blocked at this position: on whom, and (when it finished later) at which step. */
  readonly waited: { readonly xid: number; readonly holder: string; readonly until: number | null } | null;
  readonly tags: readonly string[];
  readonly results: readonly ResultSet[];
  readonly error: ErrorInfo | null;
  readonly end: 'committed' | 'aborted' | null;
  readonly reason: string | null;
  readonly deadlock: readonly string[] | null;
}

export interface Row {
  /** The step number on the timeline (1 is the first action). */
  readonly step: number;
  readonly cells: readonly Cell[];
}

/**
 * The events of every step of a scenario, replayed once on this thread by the lab's own engine
 * (the worker sends only the current step's events; the interleaving needs all of them).
 * Cached per scenario object and extended on demand, so playing forward replays one step at a time.
 */
interface Replay {
  state: State;
  steps: Event[][];
}
const replays = new WeakMap<TxnScenario, Replay>();

export function stepEvents(scenario: TxnScenario, upTo: number): readonly (readonly Event[])[] {
  let r = replays.get(scenario);
  if (!r) {
    const { state } = transactions.init(scenario.options, scenario.seed);
    r = { state, steps: [] };
    replays.set(scenario, r);
  }
  const n = Math.min(upTo, scenario.steps.length);
  while (r.steps.length < n) r.steps.push(transactions.step(r.state, scenario.steps[r.steps.length].do));
  return r.steps.slice(0, n);
}

interface MutableCell {
  session: string;
  sql: string;
  kind: Cell['kind'];
  waited: { xid: number; holder: string; until: number | null } | null;
  tags: string[];
  results: readonly ResultSet[];
  error: ErrorInfo | null;
  end: Cell['end'];
  reason: string | null;
  deadlock: readonly string[] | null;
}

const blank = (session: string, sql: string, kind: Cell['kind']): MutableCell => ({ session, sql, kind, waited: null, tags: [], results: [], error: null, end: null, reason: null, deadlock: null });

/**
 * The interleaving as the isolation tester prints it: one row per step, a cell per session that
 * did something in it. Built from the engine's events only (nothing is re-derived here).
 */
export function transcript(scenario: TxnScenario, events: readonly (readonly Event[])[]): Row[] {
  const owner = new Map<number, string>();
  /** The cell of each session's step still waiting, to record when it finished. */
  const waiting = new Map<string, MutableCell>();
  const rows: Row[] = [];
  events.forEach((evs, i) => {
    const stepNo = i + 1;
    const action = scenario.steps[i].do;
    const cells = new Map<string, MutableCell>();
    const own = blank(action.session, action.sql, 'ran');
    cells.set(action.session, own);
    const cellOf = (session: string): MutableCell => {
      let c = cells.get(session);
      if (!c) {
        c = blank(session, '', 'marker');
        cells.set(session, c);
      }
      return c;
    };
    for (const e of evs) {
      switch (e.type) {
        case 'xid.assigned':
          owner.set(e.xid, e.session);
          break;
        case 'statement.finished':
          cellOf(e.session).tags.push(e.tag);
          break;
        case 'txn.blocked': {
          const c = cellOf(e.session);
          c.waited = { xid: e.waitsFor, holder: owner.get(e.waitsFor) ?? '?', until: null };
          waiting.set(e.session, c);
          break;
        }
        case 'deadlock':
          cellOf(e.session).deadlock = e.cycle;
          break;
        case 'txn.committed':
          cellOf(e.session).end = 'committed';
          break;
        case 'txn.aborted': {
          const c = cellOf(e.session);
          c.end = 'aborted';
          c.reason = e.reason;
          break;
        }
        case 'step.completed': {
          const c = cellOf(e.session);
          const w = waiting.get(e.session);
          if (w?.waited) w.waited.until = stepNo;
          waiting.delete(e.session);
          if (e.afterWait) {
            c.kind = c === own ? 'ran' : 'resumed';
            if (c !== own) c.sql = e.sql;
          }
          c.results = e.results;
          c.error = e.error;
          break;
        }
        default:
          break;
      }
    }
    rows.push({ step: stepNo, cells: [...cells.values()] });
  });
  return rows;
}
