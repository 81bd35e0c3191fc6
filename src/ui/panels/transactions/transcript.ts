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
 * Builds the interleaving as the isolation tester prints it, one step's events at a time: a row
 * per step, a cell per session that did something in it. Built from the engine's events only
 * (nothing is re-derived here). A cell that waited learns later at which step it finished
 * (`waited.until`), so a row list read at an earlier step must treat a later `until` as still waiting.
 */
export function scheduleBuilder() {
  const owner = new Map<number, string>();
  /** The cell of each session's step still waiting, to record when it finished. */
  const waiting = new Map<string, MutableCell>();
  const rows: Row[] = [];
  const add = (action: { readonly session: string; readonly sql: string }, evs: readonly Event[]) => {
    const stepNo = rows.length + 1;
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
  };
  return { rows: rows as readonly Row[], add };
}

/** The schedule of a whole list of steps' events (see scheduleBuilder). */
export function transcript(scenario: TxnScenario, events: readonly (readonly Event[])[]): readonly Row[] {
  const b = scheduleBuilder();
  events.forEach((evs, i) => b.add(scenario.steps[i].do, evs));
  return b.rows;
}

/**
 * The schedule up to a step. The worker sends only the current step's events and the
 * interleaving needs every step's, so the lab's own engine replays the scenario once on this
 * thread, cached per scenario object and extended on demand: playing forward replays one step
 * at a time, going back reads a prefix.
 */
interface Replay {
  readonly state: State;
  readonly builder: ReturnType<typeof scheduleBuilder>;
}
const replays = new WeakMap<TxnScenario, Replay>();

export function scheduleUpTo(scenario: TxnScenario, upTo: number): readonly Row[] {
  let r = replays.get(scenario);
  if (!r) {
    r = { state: transactions.init(scenario.options, scenario.seed).state, builder: scheduleBuilder() };
    replays.set(scenario, r);
  }
  const n = Math.min(upTo, scenario.steps.length);
  const { rows, add } = r.builder;
  while (rows.length < n) {
    const action = scenario.steps[rows.length].do;
    add(action, transactions.step(r.state, action));
  }
  return rows.slice(0, n);
}
