/** The app store's shape: its state, its actions and where it starts. The behaviour lives in store.ts. */
import type { Scenario } from '../engine/scenario/schema';
import type { FrameMsg } from '../worker/protocol';
import type { Doing } from './engine-trouble';

/** Playback speeds offered; `Infinity` plays as fast as the machine goes. */
export const SPEEDS = [0.25, 0.5, 1, 2, 4, Number.POSITIVE_INFINITY] as const;
export type Speed = (typeof SPEEDS)[number];
/** At 1x, one step every this many milliseconds. */
export const BASE_STEP_MS = 1500;
/** An engine call that takes longer than this shows the busy indicator. */
export const BUSY_AFTER_MS = 300;

export interface Banner {
  readonly kind: 'error' | 'info';
  readonly title: string;
  readonly message: string;
}

/** One line of history the timeline keeps: the original scenario and each fork made from it. */
export interface Branch {
  readonly id: number;
  readonly label: string;
  readonly scenario: Scenario;
}

/** A slow engine call in progress: what the busy indicator says. */
export type Busy = Doing;

export interface AppState {
  screen: 'gallery' | 'lab';
  banner: Banner | null;
  scenario: Scenario | null;
  branches: Branch[];
  branchId: number;
  labels: readonly string[];
  frame: FrameMsg | null;
  /** Engine status: `failed` shows what stopped it and the ways out, on every screen. */
  engine: 'idle' | 'loading' | 'ready' | 'failed';
  engineError: string | null;
  /** Set once an engine call has taken longer than BUSY_AFTER_MS, until it ends. */
  busy: Busy | null;
  playing: boolean;
  speed: Speed;
  /** The lab shows its essential panels, the others folded one click away. */
  essentials: boolean;
  /** Presenter mode: large type, a narration strip, only the panels the step changed. */
  presenter: boolean;
}

export interface AppActions {
  /** Load a scenario (from a preset, a link or a file) and go to `step`. */
  open(scenario: Scenario, step?: number, opts?: { keepBranches?: boolean }): Promise<void>;
  seek(step: number): Promise<void>;
  /**
   * Move by `delta` steps from where the timeline is heading: presses made while the engine
   * is still working add up (three → presses end on step 3, however slow the first one is).
   */
  stepBy(delta: number): Promise<void>;
  /**
   * Advance playback by up to `count` steps at once (used by the player at high speed).
   * `present`, when given, is awaited between the engine's answer and showing its frame: the
   * player waits there for an animation frame, so the drawing and the browser's rendering of
   * it fall in one frame.
   */
  advance(count: number, present?: () => Promise<void>): Promise<void>;
  setPlaying(playing: boolean): void;
  setSpeed(speed: Speed): void;
  setEssentials(essentials: boolean): void;
  setPresenter(presenter: boolean): void;
  /** Replace what happens after the current step with `action`, keeping the old line as a branch. */
  fork(action: unknown, label: string): Promise<void>;
  switchBranch(id: number): Promise<void>;
  /** Throw the engine away, start a new one and open again what failed (or what is on screen). */
  restartEngine(): Promise<void>;
  /** Stop a slow call (an open or a step): the engine is thrown away and the screen stays as it was. */
  stopWork(): void;
  showGallery(): void;
  /** Show again the lab the gallery replaced (the browser's Forward). */
  showLab(): void;
  showError(title: string, err: unknown): void;
  dismissBanner(): void;
  /** Put the engine failure away (the next engine call starts a fresh engine). */
  dismissFailure(): void;
}

export const initial: AppState = {
  screen: 'gallery',
  banner: null,
  scenario: null,
  branches: [],
  branchId: 0,
  labels: [],
  frame: null,
  engine: 'idle',
  engineError: null,
  busy: null,
  playing: false,
  speed: 1,
  essentials: true,
  presenter: false,
};
