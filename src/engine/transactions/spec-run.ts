import type { Event } from './events';
import { initState } from './engine';
import { refusalOf, runStep } from './session';
import { allPermutations, type Spec, type SpecStep } from './spec-parse';
import { formatError, formatFullError, formatResultSet } from './spec-format';
import type { Options, State } from './types';
import { CONTROL } from './view';

export interface RunOptions {
  readonly textbookDirtyReads?: boolean;
  /** Called with each permutation's final state (tests and benchmarks). */
  readonly onState?: (state: State, permutation: readonly string[]) => void;
}

/** Print a step's events in the tester's order: notices, then the step, then steps it released. */
function printEvents(events: readonly Event[], out: string[]): void {
  for (const e of events) {
    // The control connection's notices go to a black hole (blackholeNoticeProcessor).
    if (e.type === 'notice.raised') {
      if (e.session !== CONTROL) out.push(`${e.session}: ${e.severity}:  ${e.message}\n`);
    } else if (e.type === 'step.blocked') out.push(`step ${e.step}: ${e.sql} <waiting ...>\n`);
    else if (e.type === 'step.completed') {
      if (e.session === CONTROL) {
        for (const rs of e.results) out.push(formatResultSet(rs));
        if (e.error) out.push(`setup failed: ${formatFullError(e.error)}`);
        continue;
      }
      out.push(e.afterWait ? `step ${e.step}: <... completed>\n` : `step ${e.step}: ${e.sql}\n`);
      for (const rs of e.results) out.push(formatResultSet(rs));
      if (e.error) out.push(formatError(e.error.severity, e.error.message));
    }
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
 * One permutation on `state` (the tester's connections, kept from the permutation before: a
 * session left inside a transaction is still in it). `stop`: a setup failed, which ends the
 * tester's run (it exits with status 1 after printing why).
 */
function permutationOn(state: State, spec: Spec, perm: readonly string[], opts: RunOptions): { text: string; stop: boolean } {
  const out: string[] = [`\nstarting permutation: ${perm.join(' ')}\n`];
  const steps = new Map<string, SpecStep>();
  for (const s of spec.sessions) for (const st of s.steps) steps.set(st.name, st);
  const events: Event[] = [];
  const emit = (e: Event) => events.push(e);
  const run = (session: string, sql: string, name: string) => {
    events.length = 0;
    runStep(state, session, sql, name, emit);
    printEvents(events, out);
    return events.some((e) => e.type === 'step.completed' && e.error !== null);
  };
  const failed = () => {
    opts.onState?.(state, perm);
    return { text: out.join(''), stop: true };
  };
  for (const [i, sql] of spec.setup.entries()) if (run(CONTROL, sql, `setup${i}`)) return failed();
  for (const s of spec.sessions) if (s.setup && runQuiet(state, s.name, s.setup, out, `setup of session ${s.name}`)) return failed();
  for (const name of perm) {
    const st = steps.get(name) as SpecStep;
    if (state.sessions[st.session].pending) {
      out.push(`step ${name} cannot start: session ${st.session} is still waiting (the isolation tester would time out)\n`);
      continue;
    }
    run(st.session, st.sql, st.name);
  }
  if (Object.values(state.sessions).some((s) => s.pending)) out.push('failed to complete permutation due to mutually-blocking steps\n');
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
  runStep(state, session, sql, 'setup', (e) => events.push(e));
  for (const e of events) {
    if (e.type === 'notice.raised' && e.session !== CONTROL) out.push(`${e.session}: ${e.severity}:  ${e.message}\n`);
    if (e.type !== 'step.completed') continue;
    for (const rs of e.results) out.push(formatResultSet(rs));
    if (e.error) out.push(`${what} failed: ${formatFullError(e.error)}`);
  }
  return events.some((e) => e.type === 'step.completed' && e.error !== null);
}

/** The tester's warning for each step that no permutation names, printed before anything else. */
function unusedSteps(spec: Spec): string {
  if (!spec.permutations.length) return '';
  const used = new Set(spec.permutations.flat());
  return spec.sessions
    .flatMap((s) => s.steps)
    .filter((st) => !used.has(st.name))
    .map((st) => `unused step name: ${st.name}\n`)
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
