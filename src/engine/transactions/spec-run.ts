import type { Event } from './events';
import { initState } from './engine';
import { refusalOf, runStep } from './session';
import { allPermutations, type Spec, type SpecStep } from './spec-parse';
import { formatError, formatResultSet } from './spec-format';
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
    if (e.type === 'notice.raised') out.push(`${e.session}: ${e.severity}:  ${e.message}\n`);
    else if (e.type === 'step.blocked') out.push(`step ${e.step}: ${e.sql} <waiting ...>\n`);
    else if (e.type === 'step.completed') {
      if (e.session === CONTROL) {
        for (const rs of e.results) out.push(formatResultSet(rs));
        if (e.error) out.push(`setup failed: ${formatError(e.error.severity, e.error.message)}`);
        continue;
      }
      out.push(e.afterWait ? `step ${e.step}: <... completed>\n` : `step ${e.step}: ${e.sql}\n`);
      for (const rs of e.results) out.push(formatResultSet(rs));
      if (e.error) out.push(formatError(e.error.severity, e.error.message));
    }
  }
}

/** Run one permutation on a fresh engine and return its output block. */
export function runPermutation(spec: Spec, perm: readonly string[], opts: RunOptions = {}): string {
  const out: string[] = [`\nstarting permutation: ${perm.join(' ')}\n`];
  const steps = new Map<string, SpecStep>();
  for (const s of spec.sessions) for (const st of s.steps) steps.set(st.name, st);
  const options: Options = { sessions: spec.sessions.map((s) => s.name), textbookDirtyReads: opts.textbookDirtyReads };
  const events: Event[] = [];
  const emit = (e: Event) => events.push(e);
  const state = initState({ ...options, setup: [] }, 0, events);
  const run = (session: string, sql: string, name: string) => {
    events.length = 0;
    runStep(state, session, sql, name, emit);
    printEvents(events, out);
  };
  for (const [i, sql] of spec.setup.entries()) run(CONTROL, sql, `setup${i}`);
  for (const s of spec.sessions) if (s.setup) runQuiet(state, s.name, s.setup, out);
  for (const name of perm) {
    const st = steps.get(name) as SpecStep;
    if (state.sessions[st.session].pending) {
      out.push(`step ${name} cannot start: session ${st.session} is still waiting (the isolation tester would time out)\n`);
      continue;
    }
    run(st.session, st.sql, st.name);
  }
  if (Object.values(state.sessions).some((s) => s.pending)) out.push('failed to complete permutation due to mutually-blocking steps\n');
  for (const s of spec.sessions) if (s.teardown) runQuiet(state, s.name, s.teardown, out);
  if (spec.teardown) runQuiet(state, CONTROL, spec.teardown, out);
  opts.onState?.(state, perm);
  return out.join('');
}

/** Setup and teardown blocks: only their result sets (and failures) are printed. */
function runQuiet(state: State, session: string, sql: string, out: string[]): void {
  // A session still waiting (a permutation that could not complete) has no free connection: nothing runs.
  if (refusalOf(state, session) !== null) return;
  const events: Event[] = [];
  runStep(state, session, sql, 'setup', (e) => events.push(e));
  for (const e of events) {
    if (e.type === 'notice.raised') out.push(`${e.session}: ${e.severity}:  ${e.message}\n`);
    if (e.type !== 'step.completed') continue;
    for (const rs of e.results) out.push(formatResultSet(rs));
    if (e.error)
      out.push(
        `${session === CONTROL ? 'teardown' : `setup of session ${session}`} failed: ${formatError(e.error.severity, e.error.message)}`,
      );
  }
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
  for (const p of perms) out += runPermutation(spec, p, opts);
  return out;
}
