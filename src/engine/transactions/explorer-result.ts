/**
 * The interleaving explorer's answer and what the panel needs to read it, apart from the explorer
 * itself (explorer.ts) so the panel's chunk carries no engine or SQL parser.
 */
import type { ScenarioOf } from '../scenario/schema';
import type { Anomaly } from './anomalies';
import type { IsoLevel } from './types';

type TxnScenario = ScenarioOf<'transactions'>;

/**
 * What happened in one run, most telling first: a step could not run (its session was still
 * waiting, or a step was left waiting at the end); the committed transactions show an anomaly;
 * a deadlock (40P01); a serialization failure (40001); another error; a step waited for a lock
 * and then completed; everything ran without error or anomaly.
 */
export const OUTCOME_CLASSES = ['invalid', 'anomaly', 'deadlock', 'serialization', 'error', 'blocked', 'ok'] as const;
export type OutcomeClass = (typeof OUTCOME_CLASSES)[number];

export interface Outcome {
  readonly kind: OutcomeClass;
  /** The history checker's most severe phenomenon over the committed transactions, or null. */
  readonly anomaly: Anomaly | null;
  /** SQLSTATEs of the steps that failed, in the order they failed. */
  readonly codes: readonly string[];
  /** Some step waited for a row lock. */
  readonly blocked: boolean;
  /** Steps refused because their session was still waiting (the tester's invalid permutation). */
  readonly skipped: number;
  /** Sessions still waiting after the last step (the tester's "mutually-blocking steps"). */
  readonly stuck: readonly string[];
}

export interface ExploreStep {
  readonly session: string;
  readonly sql: string;
  /** Short name for the matrix: the session's letter and the step's number in its session ("a1"). */
  readonly short: string;
}

export interface LevelSummary {
  readonly level: IsoLevel;
  readonly counts: Readonly<Record<OutcomeClass, number>>;
  /** How many runs of the 'anomaly' class showed each one (runs that cannot run as written are not counted). */
  readonly anomalies: Readonly<Partial<Record<Anomaly, number>>>;
}

/** The explorer's answer: plain data, structured-cloneable (it crosses the worker boundary). */
export interface ExploreResult {
  readonly title: string;
  readonly sessions: readonly { readonly name: string; readonly short: string }[];
  /** The scenario's steps in their original order. */
  readonly steps: readonly ExploreStep[];
  readonly levels: readonly IsoLevel[];
  /** Each permutation as indices into `steps`, in the tester's order. */
  readonly permutations: readonly (readonly number[])[];
  /** outcomes[p][l]: permutation p at levels[l]. */
  readonly outcomes: readonly (readonly Outcome[])[];
  /** The index of the scenario's own order among the permutations. */
  readonly original: number;
  readonly summary: readonly LevelSummary[];
  /** Sessions whose steps chose their own level (BEGIN ISOLATION LEVEL, SET TRANSACTION), which options.isolation does not override. */
  readonly ownLevel: readonly string[];
  readonly runs: number;
}

const LEVEL_TITLE: Record<IsoLevel, string> = {
  'read uncommitted': 'Read Uncommitted',
  'read committed': 'Read Committed',
  'repeatable read': 'Repeatable Read',
  serializable: 'Serializable',
};
export const levelTitle = (level: IsoLevel): string => LEVEL_TITLE[level];

/**
 * The scenario of one cell: the steps in that order, every session at that level. The preset's
 * narration, expectation and id go: they describe the original order.
 */
export function cellScenario(
  scenario: TxnScenario,
  result: Pick<ExploreResult, 'steps'>,
  order: readonly number[],
  level: IsoLevel,
): TxnScenario {
  const label = order.map((i) => result.steps[i].short).join(' ');
  const title = `${scenario.title} · ${label} at ${levelTitle(level)}`;
  return {
    v: scenario.v,
    lab: 'transactions',
    title: title.length > 200 ? `${title.slice(0, 199)}…` : title,
    seed: scenario.seed,
    options: { ...scenario.options, isolation: Object.fromEntries(scenario.options.sessions.map((s) => [s, level])) },
    steps: order.map((i) => ({ do: scenario.steps[i].do })),
  };
}
