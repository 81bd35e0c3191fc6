import type * as v from 'valibot';
import type { LabSchema } from '../scenario/lab-schema';
import { Refusal } from './refusal';
import type { RngState } from './rng';

/**
 * Every engine event names what changed, in engine terms, as plain data. Names are
 * `<noun>.<pastTense>` in one vocabulary across labs: `page.dirtied`, `wal.flushed`,
 * `txn.began`, `txn.committed`, `txn.aborted`, `msg.sent`, `msg.lost`, `clock.advanced`.
 */
export interface EngineEvent {
  readonly type: `${string}.${string}`;
}

/**
 * One member of a lab's event union: the event named `T` with its fields `F`, every field
 * read-only (an event records what happened; nothing changes it after the step).
 */
export type EventOfType<T extends EngineEvent['type'], F extends object = object> = Readonly<{ type: T } & F>;

/** The kernel's event for an action the lab refused (see refusal.ts); the same in every lab. */
export interface RefusedEvent {
  readonly type: 'action.refused';
  readonly message: string;
}

/** Is this the kernel's refusal event? */
const isRefused = (e: EngineEvent): e is RefusedEvent => e.type === 'action.refused';

/** The message of the refusal among these events, or null when the action ran. */
export function refusalIn(events: readonly EngineEvent[]): string | null {
  for (const e of events) if (isRefused(e)) return e.message;
  return null;
}

/** What every lab's state carries, so the kernel can drive any lab the same way. */
export interface BaseState {
  /** Logical clock: one tick per action, advanced by the kernel only (`applyAction`). */
  clock: number;
  /** Seeded generator state (see rng.ts). */
  rng: RngState;
}

/** One expectation of a preset, in words: what was expected, what happened, whether it holds. */
export interface Expectation {
  readonly expected: string;
  readonly actual: string;
  readonly ok: boolean;
  /** Set when what is expected is a failure or a loss the preset is about: why that is the lesson. */
  readonly lesson?: string;
}

/** The outcome check of a preset: each failed expectation is one readable sentence. */
export interface CheckResult {
  readonly ok: boolean;
  readonly failures: readonly string[];
  /** Every expectation checked, met or not, in the order the preset states them. */
  readonly expectations?: readonly Expectation[];
}

/** A next action a user may fork into at the current step, described for a button. */
export interface Suggestion<A> {
  readonly label: string;
  readonly action: A;
}

type In<S extends v.GenericSchema> = v.InferOutput<S>;

/**
 * A lab engine: a deterministic state machine with no DOM and no I/O, defined once with
 * its schemas (`defineLab`), so its action, option and expected-outcome types are the
 * schemas' and its view and event types are what its functions return.
 * `step` mutates the state it is given (the kernel owns copies and snapshots) and returns
 * the events of that step; it refuses an action by throwing a `Refusal`. Everything it
 * returns is structured-cloneable.
 */
export interface LabEngine<Sc extends LabSchema, S extends BaseState, E extends EngineEvent, V> {
  readonly id: Sc['id'];
  readonly schema: Sc;
  /** The state before the first action, and the events that describe it. */
  init(options: In<Sc['options']>, seed: number): { state: S; events: E[] };
  step(state: S, action: In<Sc['action']>): E[];
  /**
   * A deep-enough copy for snapshots. Without it the kernel uses structuredClone;
   * a lab whose state grows (an append-only log) shares what it never mutates.
   */
  clone?(state: S): S;
  /** The plain-data projection the UI draws. */
  view(state: S): V;
  /** One sentence a narrator would say about these events, when a preset has none. */
  describe(events: readonly (E | RefusedEvent)[], action: In<Sc['action']> | undefined): string;
  /** Short text of an action, for the timeline and the fork menu. */
  label(action: In<Sc['action']>): string;
  /** Actions that make sense next, for "fork from here". */
  suggest(state: S): Suggestion<In<Sc['action']>>[];
  /** Compare the final state with a preset's expected outcome. */
  check(state: S, expected: In<Sc['expected']>): CheckResult;
  /** A small JSON summary for the headless runner. */
  summarize(state: S): Record<string, unknown>;
}

/** Define a lab from its schemas and functions; its id is its schema's id. */
export function defineLab<Sc extends LabSchema, S extends BaseState, E extends EngineEvent, V>(
  lab: Omit<LabEngine<Sc, S, E, V>, 'id'>,
): LabEngine<Sc, S, E, V> {
  return { id: lab.schema.id, ...lab };
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the kernel is generic over any lab: this is the one place its types are erased */
type AnySchema = v.GenericSchema<any, any>;
export type AnyLab = LabEngine<{ id: string; options: AnySchema; action: AnySchema; expected: AnySchema }, any, any, any>;
/* eslint-enable @typescript-eslint/no-explicit-any */

export type StateOf<L extends AnyLab> = L extends LabEngine<LabSchema, infer S extends BaseState, EngineEvent, unknown> ? S : never;
export type ActionOf<L extends AnyLab> = In<L['schema']['action']>;
export type OptionsOf<L extends AnyLab> = In<L['schema']['options']>;
export type ExpectedOf<L extends AnyLab> = In<L['schema']['expected']>;
export type ViewOf<L extends AnyLab> = ReturnType<L['view']>;
/** The events a step of this lab can produce, the kernel's refusal included. */
export type EventOf<L extends AnyLab> =
  (L extends LabEngine<LabSchema, BaseState, infer E extends EngineEvent, unknown> ? E : never) | RefusedEvent;

/**
 * Run one action: the only place the logical clock moves. A `Refusal` becomes the
 * `action.refused` event after whatever the lab emitted before refusing; any other
 * exception is an engine bug and propagates.
 */
export function applyAction<L extends AnyLab>(lab: L, state: StateOf<L>, action: ActionOf<L>): EventOf<L>[] {
  state.clock += 1;
  try {
    return lab.step(state, action);
  } catch (e) {
    if (!(e instanceof Refusal)) throw e;
    return [...(e.events as EventOf<L>[]), { type: 'action.refused', message: e.message }];
  }
}
