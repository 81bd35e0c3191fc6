import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Scenario } from '../engine/scenario/schema';
import { ScenarioError } from '../engine/scenario/schema';
import type { ManagedClient } from '../worker/client';
import type { FrameMsg } from '../worker/protocol';

/** Playback speeds offered; `Infinity` plays as fast as the machine goes. */
export const SPEEDS = [0.25, 0.5, 1, 2, 4, Number.POSITIVE_INFINITY] as const;
export type Speed = (typeof SPEEDS)[number];
/** At 1x, one step every this many milliseconds. */
export const BASE_STEP_MS = 1500;

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

export interface AppState {
  screen: 'gallery' | 'lab';
  banner: Banner | null;
  scenario: Scenario | null;
  branches: Branch[];
  branchId: number;
  labels: readonly string[];
  frame: FrameMsg | null;
  /** Engine status: `failed` shows the restart offer. */
  engine: 'idle' | 'loading' | 'ready' | 'failed';
  engineError: string | null;
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
  stepBy(delta: number): Promise<void>;
  /** Advance playback by up to `count` steps at once (used by the player at high speed). */
  advance(count: number): Promise<void>;
  setPlaying(playing: boolean): void;
  setSpeed(speed: Speed): void;
  setEssentials(essentials: boolean): void;
  setPresenter(presenter: boolean): void;
  /** Replace what happens after the current step with `action`, keeping the old line as a branch. */
  fork(action: unknown, label: string): Promise<void>;
  switchBranch(id: number): Promise<void>;
  /** Throw the engine away, start a new one and replay to where the user was. */
  restartEngine(): Promise<void>;
  showGallery(): void;
  showError(title: string, err: unknown): void;
  dismissBanner(): void;
}

export type AppStore = StoreApi<AppState & AppActions>;

const initial: AppState = {
  screen: 'gallery',
  banner: null,
  scenario: null,
  branches: [],
  branchId: 0,
  labels: [],
  frame: null,
  engine: 'idle',
  engineError: null,
  playing: false,
  speed: 1,
  essentials: true,
  presenter: false,
};

const messageOf = (err: unknown): string => (err instanceof ScenarioError || err instanceof Error ? err.message : String(err));

/**
 * The app's one store. It owns the engine client; every engine answer that
 * arrives after a newer request was made is dropped, so fast clicking and
 * playback never show a stale step.
 */
export function createAppStore(makeClient: (onFailure: (message: string) => void) => ManagedClient): AppStore {
  let client: ManagedClient | null = null;
  let request = 0;

  return createStore<AppState & AppActions>()((set, get) => {
    const failure = (message: string) => set({ engine: 'failed', engineError: message, playing: false });
    const getClient = () => {
      client ??= makeClient(failure);
      return client;
    };

    /** Run one engine call; apply its frame only if no newer call was made meanwhile. */
    const run = async (call: (c: ManagedClient) => Promise<FrameMsg>) => {
      if (get().engine === 'failed') return;
      const mine = ++request;
      try {
        const frame = await call(getClient());
        if (mine === request) set({ frame });
      } catch (err) {
        if (get().engine !== 'failed') failure(messageOf(err));
      }
    };

    const load = async (scenario: Scenario, step: number) => {
      const mine = ++request;
      set({ engine: 'loading', playing: false });
      try {
        const c = getClient();
        const loaded = await c.load(scenario);
        const frame = step > 0 ? await c.seek(step) : loaded.frame;
        if (mine !== request) return;
        set({ scenario, labels: loaded.labels, frame, engine: 'ready', engineError: null, screen: 'lab' });
      } catch (err) {
        if (err instanceof ScenarioError) {
          set({ engine: 'ready' });
          get().showError('This scenario could not be opened', err);
        } else failure(messageOf(err));
      }
    };

    return {
      ...initial,
      async open(scenario, step = 0, opts = {}) {
        if (!opts.keepBranches) set({ branches: [{ id: 0, label: 'Original', scenario }], branchId: 0, banner: null });
        await load(scenario, step);
      },
      seek: (step) => run((c) => c.seek(step)),
      async stepBy(delta) {
        const f = get().frame;
        if (f) await get().seek(f.step + delta);
      },
      async advance(count) {
        const f = get().frame;
        if (!f) return;
        if (f.step >= f.total) {
          set({ playing: false });
          return;
        }
        const target = Math.min(f.total, f.step + count);
        await run(async (c) => (count === 1 ? c.seek(target) : (await c.runTo(target)).frame));
        const g = get().frame;
        if (g && g.step >= g.total) set({ playing: false });
      },
      setPlaying(playing) {
        const f = get().frame;
        // Pressing play at the end starts again from the beginning.
        if (playing && f && f.step >= f.total) void get().seek(0);
        set({ playing });
      },
      setSpeed: (speed) => set({ speed }),
      setEssentials: (essentials) => set({ essentials }),
      setPresenter: (presenter) => set({ presenter }),
      async fork(action, label) {
        const { scenario, frame, branches } = get();
        if (!scenario || !frame) return;
        const steps = [...scenario.steps.slice(0, frame.step), { do: action }] as Scenario['steps'];
        const { expect: _dropped, ...rest } = scenario;
        const forked = { ...rest, steps } as Scenario;
        const id = Math.max(...branches.map((b) => b.id)) + 1;
        const branch = { id, label: `Fork ${id}: step ${frame.step + 1}, ${label}`, scenario: forked };
        set({ branches: [...branches, branch], branchId: id });
        await load(forked, frame.step + 1);
      },
      async switchBranch(id) {
        const branch = get().branches.find((b) => b.id === id);
        if (!branch) return;
        const step = Math.min(get().frame?.step ?? 0, branch.scenario.steps.length);
        set({ branchId: id });
        await load(branch.scenario, step);
      },
      async restartEngine() {
        client?.dispose();
        client = null;
        const { scenario, frame } = get();
        set({ engine: 'idle', engineError: null });
        if (scenario) await load(scenario, frame?.step ?? 0);
      },
      showGallery: () => set({ screen: 'gallery', playing: false }),
      showError: (title, err) => set({ banner: { kind: 'error', title, message: messageOf(err) } }),
      dismissBanner: () => set({ banner: null }),
    };
  });
}
