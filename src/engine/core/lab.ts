import type { RngState } from './rng';

/** Every engine event names what changed, in engine terms, as plain data. */
export interface EngineEvent {
  readonly type: string;
}

/** What every lab's state carries, so the kernel can drive any lab the same way. */
export interface BaseState {
  /** Logical clock: one tick per action, never wall time. */
  clock: number;
  /** Seeded generator state (see rng.ts). */
  rng: RngState;
}

/** The outcome check of a preset: each failed expectation is one readable sentence. */
export interface CheckResult {
  readonly ok: boolean;
  readonly failures: readonly string[];
}

/** A next action a user may fork into at the current step, described for a button. */
export interface Suggestion<A> {
  readonly label: string;
  readonly action: A;
}

/**
 * A lab engine: a deterministic state machine with no DOM and no I/O.
 * `step` mutates the state it is given (the kernel owns copies and snapshots) and
 * returns the events of that step. Everything it returns is structured-cloneable.
 */
export interface LabEngine<S extends BaseState, A, E extends EngineEvent, V, O, X> {
  readonly id: string;
  /** The state before the first action, and the events that describe it. */
  init(options: O, seed: number): { state: S; events: E[] };
  step(state: S, action: A): E[];
  /**
   * A deep-enough copy for snapshots. Without it the kernel uses structuredClone;
   * a lab whose state grows (an append-only log) shares what it never mutates.
   */
  clone?(state: S): S;
  /** The plain-data projection the UI draws. */
  view(state: S): V;
  /** One sentence a narrator would say about these events, when a preset has none. */
  describe(events: readonly E[], action: A | undefined): string;
  /** Short text of an action, for the timeline and the fork menu. */
  label(action: A): string;
  /** Actions that make sense next, for "fork from here". */
  suggest(state: S): Suggestion<A>[];
  /** Compare the final state with a preset's expected outcome. */
  check(state: S, expected: X): CheckResult;
  /** A small JSON summary for the headless runner. */
  summarize(state: S): Record<string, unknown>;
}

// biome-ignore lint: the kernel is generic over any lab
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyLab = LabEngine<any, any, any, any, any, any>;
