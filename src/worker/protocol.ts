/**
 * The one contract between the UI and the engine worker. Both sides import these
 * types; comlink carries the calls, so every argument and result here must be
 * plain, structured-cloneable data (no Maps, classes or functions), except explore's
 * progress callback, which the client passes through comlink's `proxy`.
 */
import type { ActionOf, CheckResult } from '../engine/core/lab';
import type { LabEvent, LabOf, LabView } from '../engine/labs';
import type { LabId, Scenario } from '../engine/scenario/schema';
import type { ExploreResult } from '../engine/transactions/explorer-result';

/** Bumped whenever a call or a field below changes meaning. */
export const PROTOCOL_VERSION = 3 as const;

/** What the UI shows for one step of a lab's timeline, typed by the lab's id. */
export interface LabFrame<K extends LabId> {
  /** The lab this frame belongs to: it decides the type of `view` and `events`. */
  readonly lab: K;
  /** The step this frame is at: 0 is before the first action. */
  readonly step: number;
  /** Steps in the scenario. */
  readonly total: number;
  /** Events of the action that led here, in order: panels animate them. */
  readonly events: readonly LabEvent<K>[];
  /** The lab's plain-data view of the engine state at this step. */
  readonly view: LabView<K>;
  /** The narrator's text for this step: the preset's words, or the engine's description. */
  readonly narration: string;
  /** The outcome check, present at the last step when the scenario has an `expect`. */
  readonly outcome: CheckResult | null;
  /** Actions a user may fork into here. */
  readonly suggestions: readonly { readonly label: string; readonly action: ActionOf<LabOf<K>> }[];
}

/** A frame of any lab: `frame.lab` tells which, and narrows `view` and `events`. */
export type FrameMsg = { [K in LabId]: LabFrame<K> }[LabId];

/** The answer to `load`: the first frame and a label per step for the timeline. */
export interface LoadedMsg {
  readonly protocol: typeof PROTOCOL_VERSION;
  readonly frame: FrameMsg;
  /** labels[i] names action i (the one that leads to step i + 1). */
  readonly labels: readonly string[];
}

/** A run forward: every intermediate step's events, then the frame at the end. */
export interface BatchMsg {
  readonly steps: readonly { readonly step: number; readonly events: FrameMsg['events'] }[];
  readonly frame: FrameMsg;
}

/** The calls the worker answers. Each returns a promise on the UI side. */
export interface EngineApi {
  /** Validate and load a scenario; the engine is at step 0 afterwards. */
  load(scenario: Scenario): LoadedMsg;
  /** Jump to a step (restore the nearest snapshot and replay). */
  seek(step: number): FrameMsg;
  /** Run forward to a step, returning every step's events in one batch. */
  runTo(step: number): BatchMsg;
  /** Back to step 0 of the loaded scenario. */
  reset(): FrameMsg;
  /**
   * Run every interleaving of a transactions scenario's steps at each isolation level (the given
   * scenario, validated, or else the loaded one) and return the outcome matrix, calling
   * `onProgress` every few hundred runs. Protocol 2.
   */
  explore(scenario?: Scenario, onProgress?: (done: number, total: number) => void): ExploreResult;
}

/** What the UI holds: the same calls, answered asynchronously. */
export type EngineClient = {
  [K in keyof EngineApi]: (...args: Parameters<EngineApi[K]>) => Promise<ReturnType<EngineApi[K]>>;
};
