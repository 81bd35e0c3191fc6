/**
 * The interleaving explorer: every order of a transactions scenario's steps that keeps each
 * session's own order (the isolation tester's default permutations), run at each isolation level
 * with every session at that level, and the outcome of each run in one of a few classes.
 *
 * Each level's setup runs once; every permutation starts from a copy of that post-setup state
 * and runs its steps with the same runStep as the lab's `step` (refusing what it refuses), so a cell replayed
 * through the timeline ends in the same state and the same class (see explorer.test.ts).
 */
import type { ScenarioOf } from '../scenario/schema';
import { cloneState, initState } from './engine';
import type { Event } from './events';
import {
  type ExploreResult,
  type ExploreStep,
  type LevelSummary,
  type Outcome,
  OUTCOME_CLASSES,
  type OutcomeClass,
} from './explorer-result';
import { type Anomaly, checkHistory } from './history';
import { refusalOf, runStep } from './session';
import { txnRecords } from './txn-records';
import { interleavings } from './spec-parse';
import type { IsoLevel, Options, State } from './types';
import { CONTROL } from './view';

type TxnScenario = ScenarioOf<'transactions'>;

export * from './explorer-result';

/** A scenario the explorer refuses, with the reason in a sentence. */
export class ExploreError extends Error {
  override name = 'ExploreError';
}

/** More runs than this (permutations × levels) are refused: a few seconds of work at most. */
export const MAX_RUNS = 40_000;

/**
 * The levels explored. READ UNCOMMITTED behaves exactly as READ COMMITTED in PostgreSQL (and in
 * the lab), so it is a column only in textbook dirty-reads mode, where it reads uncommitted versions.
 */
export function levelsFor(options: Options): IsoLevel[] {
  return [...(options.textbookDirtyReads ? (['read uncommitted'] as const) : []), 'read committed', 'repeatable read', 'serializable'];
}

/** n! / (k1! k2! ...): the number of interleavings of sessions with these step counts, or Infinity past 2^53. */
export function countInterleavings(sizes: readonly number[]): number {
  let n = 0;
  let out = 1;
  for (const k of sizes) {
    for (let i = 1; i <= k; i++) {
      n++;
      out = (out * n) / i;
    }
    if (!Number.isFinite(out) || out > Number.MAX_SAFE_INTEGER) return Number.POSITIVE_INFINITY;
  }
  return Math.round(out);
}

/** The sessions that have steps, in options.sessions order (unknown names after, in order of appearance). */
function groupSteps(scenario: TxnScenario): { names: string[]; lists: number[][] } {
  const names = [...scenario.options.sessions.filter((s) => scenario.steps.some((st) => st.do.session === s))];
  for (const st of scenario.steps) if (!names.includes(st.do.session)) names.push(st.do.session);
  const lists = names.map((n) => scenario.steps.flatMap((st, i) => (st.do.session === n ? [i] : [])));
  return { names, lists };
}

/** Short names per session: their first letters when those differ, else a, b, c… */
function shortNames(names: readonly string[]): string[] {
  const first = names.map((n) => n.trim().charAt(0).toLowerCase());
  const distinct = new Set(first).size === names.length && first.every((c) => /^[a-z]$/.test(c));
  return distinct ? first : names.map((_, i) => (i < 26 ? String.fromCharCode(97 + i) : `s${i + 1}`));
}

/** The options of a run at one level: every session of the scenario at that level. */
function optionsAt(options: Options, level: IsoLevel): Options {
  return { ...options, isolation: Object.fromEntries(options.sessions.map((s) => [s, level])) };
}

/** What a run's final state shows, against the post-setup state it started from. */
export function classify(state: State, base: { readonly errors: number; readonly waitSeq: number }, skipped: number): Outcome {
  const codes = state.errors
    .slice(base.errors)
    .filter((e) => e.session !== CONTROL)
    .map((e) => e.code);
  const blocked = state.waitSeq > base.waitSeq;
  const stuck = Object.values(state.sessions)
    .filter((s) => s.pending)
    .map((s) => s.name);
  const anomaly = checkHistory(state.history, txnRecords(state)).anomaly;
  const kind: OutcomeClass =
    skipped > 0 || stuck.length > 0
      ? 'invalid'
      : anomaly
        ? 'anomaly'
        : codes.includes('40P01')
          ? 'deadlock'
          : codes.includes('40001')
            ? 'serialization'
            : codes.length > 0
              ? 'error'
              : blocked
                ? 'blocked'
                : 'ok';
  return { kind, anomaly, codes, blocked, skipped, stuck };
}

const noop = (_e: Event) => {};

/**
 * Run one order of steps on a copy of a post-setup state with the lab step's own runStep. The
 * lab's `step` also records the interleaving the panels draw, a quarter of the time here and
 * nothing a run's class depends on, so it is left out.
 */
function runOne(base: State, steps: TxnScenario['steps'], order: readonly number[]): { outcome: Outcome; state: State } {
  const state = cloneState(base);
  let skipped = 0;
  for (const i of order) {
    const a = steps[i].do;
    // The tester's invalid permutation: the session is still waiting for its previous step (the lab refuses the step, nothing changes).
    if (refusalOf(state, a.session) !== null) skipped++;
    else runStep(state, a.session, a.sql, a.name ?? a.sql, noop);
  }
  return { outcome: classify(state, { errors: base.errors.length, waitSeq: base.waitSeq }, skipped), state };
}

/** Sessions whose transactions ran at a level other than the one asked for (their steps chose it). */
function ownLevels(state: State, level: IsoLevel, into: Set<string>): void {
  for (const t of state.txns) if (t.session !== CONTROL && t.iso !== level) into.add(t.session);
}

export interface ExploreOptions {
  /** Called every few hundred runs with the runs done and the total. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Explore every interleaving of a transactions scenario at every level (see the module comment). */
export function explore(scenario: TxnScenario, opts: ExploreOptions = {}): ExploreResult {
  if (scenario.lab !== 'transactions') throw new ExploreError('The interleaving explorer runs transactions scenarios only.');
  if (scenario.steps.length === 0) throw new ExploreError('This scenario has no steps to interleave.');
  const { names, lists } = groupSteps(scenario);
  const levels = levelsFor(scenario.options);
  const count = countInterleavings(lists.map((l) => l.length));
  const runs = count * levels.length;
  if (runs > MAX_RUNS) {
    const what = Number.isFinite(count)
      ? `${count.toLocaleString('en')} interleavings × ${levels.length} levels = ${runs.toLocaleString('en')} runs`
      : 'more interleavings than can be counted';
    throw new ExploreError(
      `Too many runs to explore: ${what}; the explorer runs at most ${MAX_RUNS.toLocaleString('en')}. Use fewer sessions or fewer steps (${lists.map((l, i) => `${names[i]}: ${l.length}`).join(', ')}).`,
    );
  }
  const shorts = shortNames(names);
  const shortOf = new Map(names.map((n, i) => [n, shorts[i]]));
  const steps: ExploreStep[] = scenario.steps.map((st, i) => {
    const list = lists[names.indexOf(st.do.session)];
    return { session: st.do.session, sql: st.do.sql, short: `${shortOf.get(st.do.session)}${list.indexOf(i) + 1}` };
  });
  const permutations = interleavings(lists);
  const identity = scenario.steps.map((_, i) => i).join(',');
  const original = permutations.findIndex((p) => p.join(',') === identity);
  const outcomes: Outcome[][] = permutations.map(() => []);
  const own = new Set<string>();
  // Equal outcomes share one object: a structured clone (the worker's answer) then carries each once.
  const interned = new Map<string, Outcome>();
  const intern = (o: Outcome): Outcome => {
    const key = JSON.stringify(o);
    const known = interned.get(key);
    if (known) return known;
    interned.set(key, o);
    return o;
  };
  let done = 0;
  for (const level of levels) {
    const base = initState(optionsAt(scenario.options, level), scenario.seed, []);
    if (base.errors.length > 0)
      throw new ExploreError(`The setup fails (${base.errors[0].code}: ${base.errors[0].message}); fix it before exploring.`);
    for (let p = 0; p < permutations.length; p++) {
      const run = runOne(base, scenario.steps, permutations[p]);
      outcomes[p].push(intern(run.outcome));
      if (p === 0) ownLevels(run.state, level, own);
      if (++done % 250 === 0) opts.onProgress?.(done, runs);
    }
  }
  const summary = levels.map((level, l): LevelSummary => {
    const counts = Object.fromEntries(OUTCOME_CLASSES.map((k) => [k, 0])) as Record<OutcomeClass, number>;
    const anomalies: Partial<Record<Anomaly, number>> = {};
    for (const row of outcomes) {
      const o = row[l];
      counts[o.kind]++;
      if (o.kind === 'anomaly' && o.anomaly) anomalies[o.anomaly] = (anomalies[o.anomaly] ?? 0) + 1;
    }
    return { level, counts, anomalies };
  });
  opts.onProgress?.(runs, runs);
  return {
    title: scenario.title,
    sessions: names.map((name, i) => ({ name, short: shorts[i] })),
    steps,
    levels,
    permutations,
    outcomes,
    original,
    summary,
    ownLevel: [...own],
    runs,
  };
}
