import { defineLab } from '../core/lab';
import { refuse } from '../core/refusal';
import { schema } from './schema';
import { seedRng } from '../core/rng';
import { checkOutcome } from './check';
import { DEADLOCK_TIMEOUT_MS } from './deadlock';
import type { Event } from './events';
import { copySchedule, emptySchedule, recordStep } from './schedule';
import { refusalOf, runStep } from './session';
import { countEnded } from './txn-records';
import { describe, label, suggest } from './text';
import type { Options, Session, State, Table } from './types';
import { CONTROL, view } from './view';
import { setOwn } from '../sql/own';

/** PostgreSQL's FirstNormalTransactionId. */
const FIRST_XID = 3;

const newSession = (name: string, options: Options): Session => ({
  name,
  defaultIso:
    (options.isolation && Object.hasOwn(options.isolation, name) ? options.isolation[name] : undefined) ??
    options.defaultIsolation ??
    'read committed',
  deadlockTimeout: DEADLOCK_TIMEOUT_MS,
  txn: null,
  pending: null,
  last: null,
  lastResult: null,
});

/** A fresh state: sessions connected, setup SQL run on the control connection. */
export function initState(options: Options, seed: number, events: Event[]): State {
  const firstXid = options.firstXid ?? FIRST_XID;
  const state: State = {
    clock: 0,
    rng: seedRng(seed),
    options,
    tables: {},
    nextOid: 16384,
    firstXid,
    nextXid: firstXid,
    clog: [],
    owner: {},
    txns: [],
    nextVxid: 1,
    sessions: {},
    waitSeq: 0,
    now: 0,
    timerSeq: 0,
    ssi: { sxacts: [], locks: [], lastCommitSeq: 0 },
    heavy: [],
    history: [],
    droppable: [],
    statements: 0,
    errors: [],
    schedule: emptySchedule(),
  };
  state.sessions[CONTROL] = newSession(CONTROL, options);
  for (const name of options.sessions) state.sessions[name] = newSession(name, options);
  const emit = (e: Event) => events.push(e);
  (options.setup ?? []).forEach((sql, i) => runStep(state, CONTROL, sql, `setup${i + 1}`, emit));
  return state;
}

const copyTable = (t: Table): Table => ({ ...t, checks: t.checks.slice(), tuples: t.tuples.map((u) => ({ ...u })) });

/**
 * A snapshot copy: tuples are copied shallowly (their values, parsed statements and
 * snapshots are never mutated, so they are shared); sessions and SSI records are copied.
 */
export function cloneState(s: State): State {
  const tables: State['tables'] = {};
  for (const [k, t] of Object.entries(s.tables)) setOwn(tables, k, copyTable(t));
  const sessions: State['sessions'] = {};
  for (const [k, x] of Object.entries(s.sessions)) {
    sessions[k] = {
      ...x,
      txn: x.txn ? { ...x.txn, catalogUndo: x.txn.catalogUndo.map((u) => ({ ...u, table: u.table ? copyTable(u.table) : null })) } : null,
      pending: x.pending
        ? {
            ...x.pending,
            results: x.pending.results.slice(),
            progress: x.pending.progress
              ? {
                  ...x.pending.progress,
                  phases: x.pending.progress.phases.map((p) => ({ ...p })),
                  rows: x.pending.progress.rows,
                  locked: x.pending.progress.locked.slice(),
                  pending: x.pending.progress.pending.slice(),
                }
              : null,
          }
        : null,
    };
  }
  return {
    ...s,
    tables,
    sessions,
    clog: s.clog.slice(),
    owner: { ...s.owner },
    txns: s.txns.map((t) => ({ ...t })),
    ssi: { ...s.ssi, sxacts: s.ssi.sxacts.map((x) => ({ ...x, outs: x.outs.slice(), ins: x.ins.slice() })), locks: s.ssi.locks.slice() },
    heavy: s.heavy.slice(),
    history: s.history.slice(),
    droppable: s.droppable.slice(),
    errors: s.errors.slice(),
    schedule: copySchedule(s.schedule),
  };
}

/**
 * A step's events as they come, in one list reused by every step (steps never nest): the step returns
 * a copy of exactly their number, and the list lets go of them (a new list per step would reserve
 * sixteen slots at its first push, and a closure over it would be made per step as well).
 */
const stepEvents: (Event | undefined)[] = [];
let stepEventCount = 0;
const collect = (e: Event): void => {
  stepEvents[stepEventCount++] = e;
};

/** The events collected since the step began, in a list of their own; the reused list is emptied. */
function takeEvents(): Event[] {
  const n = stepEventCount;
  const events = new Array<Event>(n);
  for (let i = 0; i < n; i++) {
    events[i] = stepEvents[i] as Event;
    stepEvents[i] = undefined;
  }
  stepEventCount = 0;
  return events;
}

/** The transactions lab: SQL sessions over PostgreSQL's MVCC, row locks and SSI. */
export const transactions = defineLab({
  schema,
  init(options, seed) {
    const events: Event[] = [];
    const state = initState(options, seed, events);
    events.unshift({ type: 'lab.started', sessions: options.sessions, tables: Object.keys(state.tables) });
    return { state, events };
  },
  step(state, action) {
    const why = refusalOf(state, action.session);
    if (why !== null) {
      // The interleaving shows the refused step in its row, as it did when it was asked for.
      recordStep(state, action, [], why);
      refuse(why);
    }
    stepEventCount = 0;
    try {
      runStep(state, action.session, action.sql, action.name ?? action.sql, collect);
    } catch (e) {
      takeEvents();
      throw e;
    }
    const events = takeEvents();
    recordStep(state, action, events);
    return events;
  },
  clone: cloneState,
  view,
  describe,
  label,
  suggest,
  check: checkOutcome,
  summarize: (state) => ({
    xids: state.nextXid - state.firstXid,
    committed: countEnded(state, 'committed', CONTROL),
    aborted: countEnded(state, 'aborted', CONTROL),
    statements: state.statements,
    errors: state.errors,
  }),
});
