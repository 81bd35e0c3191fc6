import { utf8 } from '../core/utf8';
import type { Event } from './events';
import { initState } from './engine';
import { MAX_STEP_WAIT_MS } from './deadlock';
import { refusalOf, runStep, waitForStep } from './session';
import { allPermutations, type Spec, type SpecStep } from './spec-parse';
import { formatError, formatFullError, formatResultSet } from './spec-format';
import type { Options, State } from './types';
import { CONTROL } from './view';

export interface RunOptions {
  readonly textbookDirtyReads?: boolean;
  /** Called with each permutation's final state (tests and benchmarks). */
  readonly onState?: (state: State, permutation: readonly string[]) => void;
}

/**
 * What the isolation tester has received from each session and not printed yet: libpq hands
 * it a session's notices and results only when the tester looks at that connection.
 */
class Tester {
  private readonly unread = new Map<string, string[]>();
  /** Sessions whose step waits, in the order the tester saw them start waiting. */
  readonly waiting: string[] = [];
  private readonly done = new Set<string>();
  /** Whether a step of the control connection (the spec's setup) failed. */
  setupFailed = false;

  constructor(private readonly out: string[]) {}

  /** Take in a batch of events (one step, or time passing while the tester waits). */
  receive(events: readonly Event[]): void {
    for (const e of events) {
      // The control connection's notices go to a black hole (blackholeNoticeProcessor).
      if (e.type === 'notice.raised') {
        if (e.session !== CONTROL) this.buf(e.session).push(`${e.session}: ${e.severity}:  ${e.message}\n`);
      } else if (e.type === 'step.blocked') this.buf(e.session).push(`step ${e.step}: ${e.sql} <waiting ...>\n`);
      else if (e.type === 'step.completed') {
        const b = this.buf(e.session);
        if (e.session === CONTROL) {
          for (const rs of e.results) b.push(formatResultSet(rs));
          if (e.error) {
            b.push(`setup failed: ${formatFullError(e.error)}`);
            this.setupFailed = true;
          }
          continue;
        }
        b.push(e.afterWait ? `step ${e.step}: <... completed>\n` : `step ${e.step}: ${e.sql}\n`);
        for (const rs of e.results) b.push(formatResultSet(rs));
        if (e.error) b.push(formatError(e.error.severity, e.error.message));
        this.done.add(e.session);
      }
    }
  }

  private buf(session: string): string[] {
    let b = this.unread.get(session);
    if (!b) this.unread.set(session, (b = []));
    return b;
  }

  /** Print what `session` sent; true when its step is over. */
  look(session: string): boolean {
    const b = this.unread.get(session);
    if (b) this.out.push(...b.splice(0));
    const finished = this.done.delete(session);
    if (finished) {
      const i = this.waiting.indexOf(session);
      if (i >= 0) this.waiting.splice(i, 1);
    }
    return finished;
  }

  /** try_complete_steps: look at every waiting session once, in order. */
  poll(): void {
    for (const s of this.waiting.slice()) this.look(s);
  }
}

/** A fresh engine with the spec's sessions connected. */
function freshState(spec: Spec, opts: RunOptions): State {
  const options: Options = { sessions: spec.sessions.map((s) => s.name), textbookDirtyReads: opts.textbookDirtyReads };
  return initState({ ...options, setup: [] }, 0, []);
}

/** Run one permutation on a fresh engine and return its output block. */
export function runPermutation(spec: Spec, perm: readonly string[], opts: RunOptions = {}): string {
  return permutationOn(freshState(spec, opts), spec, perm, opts).text;
}

/**
 * One permutation on `state`, as isolationtester runs it (the tester's connections, kept from the
 * permutation before: a session left inside a transaction is still in it). `stop`: a setup
 * failed, which ends the tester's run (it exits with status 1 after printing why).
 */
function permutationOn(state: State, spec: Spec, perm: readonly string[], opts: RunOptions): { text: string; stop: boolean } {
  const out: string[] = [`\nstarting permutation: ${perm.join(' ')}\n`];
  const steps = new Map<string, SpecStep>();
  for (const s of spec.sessions) for (const st of s.steps) steps.set(st.name, st);
  const events: Event[] = [];
  const emit = (e: Event) => events.push(e);
  const tester = new Tester(out);
  const take = () => {
    tester.receive(events);
    events.length = 0;
  };
  const failed = () => {
    opts.onState?.(state, perm);
    return { text: out.join(''), stop: true };
  };
  /** The tester blocks on a session's step until it ends; after 300 s it cancels it. */
  const wait = (session: string) => {
    const step = state.sessions[session].pending?.step;
    const canceled = waitForStep(state, session, emit);
    if (canceled) out.push(`isolationtester: canceling step ${step} after ${MAX_STEP_WAIT_MS / 1000} seconds\n`);
    take();
    tester.look(session);
  };
  for (const [i, sql] of spec.setup.entries()) {
    runStep(state, CONTROL, sql, `setup${i}`, emit, true);
    take();
    tester.look(CONTROL);
    if (tester.setupFailed) return failed();
  }
  for (const s of spec.sessions) if (s.setup && runQuiet(state, s.name, s.setup, out, `setup of session ${s.name}`)) return failed();
  for (const name of perm) {
    const st = steps.get(name) as SpecStep;
    if (state.sessions[st.session].pending) {
      wait(st.session);
      tester.poll();
    }
    runStep(state, st.session, st.sql, st.name, emit, true);
    take();
    const over = tester.look(st.session);
    tester.poll();
    if (!over) tester.waiting.push(st.session);
  }
  for (const s of tester.waiting.slice()) wait(s);
  for (const s of spec.sessions) if (s.teardown) runQuiet(state, s.name, s.teardown, out, `teardown of session ${s.name}`);
  if (spec.teardown) runQuiet(state, CONTROL, spec.teardown, out, 'teardown');
  opts.onState?.(state, perm);
  return { text: out.join(''), stop: false };
}

/** Setup and teardown blocks: only their result sets (and failures, in full) are printed. Whether it failed. */
function runQuiet(state: State, session: string, sql: string, out: string[], what: string): boolean {
  // A session still waiting (a permutation that could not complete) has no free connection: nothing runs.
  if (refusalOf(state, session) !== null) return false;
  const events: Event[] = [];
  runStep(state, session, sql, 'setup', (e) => events.push(e), true);
  for (const e of events) {
    if (e.type === 'notice.raised' && e.session !== CONTROL) out.push(`${e.session}: ${e.severity}:  ${e.message}\n`);
    if (e.type !== 'step.completed') continue;
    for (const rs of e.results) out.push(formatResultSet(rs));
    if (e.error) out.push(`${what} failed: ${formatFullError(e.error)}`);
  }
  return events.some((e) => e.type === 'step.completed' && e.error !== null);
}

/** C's strcmp over UTF-8: byte by byte. */
function strcmp(a: string, b: string): number {
  const x = utf8(a);
  const y = utf8(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

/**
 * The tester's warning for each step that no permutation names, printed before anything else, in
 * the order of its step table: sorted by name, byte by byte (strcmp), for its binary search.
 */
function unusedSteps(spec: Spec): string {
  if (!spec.permutations.length) return '';
  const used = new Set(spec.permutations.flat());
  return spec.sessions
    .flatMap((s) => s.steps)
    .filter((st) => !used.has(st.name))
    .map((st) => st.name)
    .sort(strcmp)
    .map((name) => `unused step name: ${name}\n`)
    .join('');
}

/** Run a whole spec and print it as isolationtester does (its standard error merged in, as pg_isolation_regress runs it). */
export function runSpec(spec: Spec, opts: RunOptions = {}): string {
  const perms = spec.permutations.length ? spec.permutations : allPermutations(spec);
  let out = `${unusedSteps(spec)}Parsed test spec with ${spec.sessions.length} sessions\n`;
  // One set of connections for the whole run, as the tester keeps: the database and any open
  // transaction carry over to the next permutation (after steps left waiting, a fresh engine).
  let state = freshState(spec, opts);
  for (const p of perms) {
    const r = permutationOn(state, spec, p, opts);
    out += r.text;
    if (r.stop) break;
    if (Object.values(state.sessions).some((s) => s.pending)) state = freshState(spec, opts);
  }
  return out;
}
