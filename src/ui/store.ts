import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Scenario } from '../engine/scenario/schema';
import type { ManagedClient } from '../worker/client';
import type { LoadedMsg } from '../worker/protocol';
import { type AppActions, type AppState, BUSY_AFTER_MS, type Busy, initial } from './app-state';
import { type Doing, explainFailure, isScenarioError, messageOf } from './engine-trouble';
import { forkTitle } from './fork-title';

export { BASE_STEP_MS, SPEEDS } from './app-state';
export type { AppActions, AppState, Banner, Speed } from './app-state';

export type AppStore = StoreApi<AppState & AppActions>;

/** What a call answered with once a newer call or a failure overtook it: nothing to show. */
const STALE = Symbol('stale');
const clamp = (n: number, max: number) => Math.max(0, Math.min(max, n));

/**
 * The app's one store. It owns the engine client; every engine answer that arrives after a
 * newer request was made is dropped, so fast clicking and playback never show a stale step.
 * A failed, timed-out or abandoned engine is terminated and the next call starts a new one.
 */
export function createAppStore(
  makeClient: (onFailure: (message: string) => void) => ManagedClient,
  hooks: {
    /** A scenario starts to load: the page may fetch its lab's code meanwhile. */
    readonly onOpen?: (scenario: Scenario) => void;
  } = {},
): AppStore {
  let client: ManagedClient | null = null;
  let request = 0;
  /** The newest call: what it does (for the busy indicator and failure messages) and its promise. */
  let doing: Doing | null = null;
  let inFlight: Promise<unknown> | null = null;
  let busyTimer: ReturnType<typeof setTimeout> | undefined;
  /** The step the newest seek lands on, and the step relative moves still queued behind it. */
  let heading: number | null = null;
  let queued: number | null = null;
  let draining = false;
  let drained: Promise<void> = Promise.resolve();
  /** The scenario the newest open is loading, and what "restart" opens after a failure. */
  let opening: { scenario: Scenario; step: number } | null = null;
  let retry: { scenario: Scenario; step: number } | null = null;
  /** The words a fork chose for its action ("Crash now"), by action: later forks' titles reuse them. */
  const forkWords = new Map<string, string>();
  /** The client that holds the scenario on screen: any other must load it before it can seek. */
  let holder: ManagedClient | null = null;

  return createStore<AppState & AppActions>()((set, get) => {
    /** The busy indicator's text follows relative moves queued behind the call in flight. */
    const busyNow = (): Busy | null => (doing?.kind === 'step' && queued !== null ? { ...doing, step: queued } : doing);
    const clearBusy = () => {
      clearTimeout(busyTimer);
      busyTimer = undefined;
      if (get().busy) set({ busy: null });
    };

    /** An engine failure: terminate it, drop what it still owes, and say what happened. */
    const failure = (reason: string, from: ManagedClient) => {
      if (from !== client) return; // an engine already replaced: its last words do not matter
      client.dispose();
      client = null;
      request++;
      const { scenario, frame } = get();
      retry = doing?.kind === 'open' ? opening : scenario && frame ? { scenario, step: frame.step } : null;
      queued = null;
      clearBusy();
      set({ engine: 'failed', engineError: explainFailure(doing, reason), playing: false });
    };
    const getClient = () => {
      if (!client) {
        const made: ManagedClient = makeClient((reason) => failure(reason, made));
        client = made;
      }
      return client;
    };

    /**
     * Run one engine call as the newest. Its answer comes back unless a newer call was made
     * meanwhile or the engine failed (then STALE); a scenario the engine refuses is rethrown.
     */
    const track = <T>(what: Doing, call: (c: ManagedClient) => Promise<T>): Promise<T | typeof STALE> => {
      const mine = ++request;
      doing = what;
      clearTimeout(busyTimer);
      if (get().busy) set({ busy: busyNow() });
      else busyTimer = setTimeout(() => mine === request && set({ busy: busyNow() }), BUSY_AFTER_MS);
      const c = getClient();
      const run = (async () => {
        try {
          const value = await call(c);
          return mine === request ? value : STALE;
        } catch (err) {
          if (mine !== request) return STALE;
          if (isScenarioError(err)) throw err;
          failure(messageOf(err), c);
          return STALE;
        } finally {
          // A relative move queued behind this call keeps the indicator up for the next one.
          if (mine === request && queued === null) clearBusy();
        }
      })();
      inFlight = run;
      void run.then(
        () => inFlight === run && (inFlight = null),
        () => inFlight === run && (inFlight = null),
      );
      return run;
    };

    const seekTo = async (step: number) => {
      const { scenario, engine } = get();
      if (!scenario || engine !== 'ready') return;
      if (!client || client !== holder) return load(scenario, step);
      heading = step;
      const frame = await track({ kind: 'step', step, title: scenario.title }, (c) => c.seek(step));
      if (heading === step) heading = null;
      if (frame !== STALE) set({ frame });
    };

    /** Seek to the queued step, then to whatever was queued meanwhile, until nothing is. */
    const drain = async () => {
      draining = true;
      try {
        while (queued !== null) {
          if (inFlight) {
            await inFlight.catch(() => undefined);
            continue;
          }
          // A fork or a restart may have loaded a scenario of another length meanwhile.
          const target = clamp(queued, get().frame?.total ?? queued);
          queued = null;
          if (target !== get().frame?.step) await seekTo(target);
        }
      } finally {
        draining = false;
      }
    };

    const load = async (scenario: Scenario, step: number) => {
      // A slow call still running holds the worker: open on a fresh one instead of waiting behind it.
      if (get().busy && client) {
        client.dispose();
        client = null;
      }
      queued = null;
      heading = step;
      opening = { scenario, step };
      hooks.onOpen?.(scenario);
      set({ engine: 'loading', playing: false });
      try {
        const answer = await track({ kind: 'open', step, title: scenario.title }, async (c) => {
          const loaded: LoadedMsg = await c.load(scenario);
          return { loaded, frame: step > 0 ? await c.seek(step) : loaded.frame };
        });
        if (heading === step) heading = null;
        if (answer === STALE) return;
        holder = client;
        const { loaded, frame } = answer;
        set({ scenario, labels: loaded.labels, frame, engine: 'ready', engineError: null, screen: 'lab' });
      } catch (err) {
        set({ engine: get().scenario ? 'ready' : 'idle' });
        get().showError('This scenario could not be opened', err);
      }
    };

    return {
      ...initial,
      async open(scenario, step = 0, opts = {}) {
        if (!opts.keepBranches) set({ branches: [{ id: 0, label: 'Original', scenario }], branchId: 0, banner: null });
        await load(scenario, step);
      },
      async seek(step) {
        queued = null;
        await seekTo(step);
      },
      stepBy(delta) {
        const f = get().frame;
        // Presses made while a restart or a fork loads count from where the load lands.
        const engine = get().engine;
        if (!f || (engine !== 'ready' && engine !== 'loading')) return Promise.resolve();
        queued = clamp((queued ?? heading ?? f.step) + delta, f.total);
        const busy = get().busy;
        if (busy) set({ busy: { ...busy, step: queued } });
        if (!draining) drained = drain();
        return drained;
      },
      async advance(count, present) {
        const { frame: f, scenario } = get();
        if (!f || !scenario || get().engine !== 'ready') return;
        if (!client || client !== holder) return load(scenario, f.step);
        if (f.step >= f.total) {
          set({ playing: false });
          return;
        }
        const target = Math.min(f.total, f.step + count);
        const what: Doing = { kind: 'step', step: target, title: scenario.title };
        const frame = await track(what, async (c) => {
          const answer = count === 1 ? await c.seek(target) : (await c.runTo(target)).frame;
          // Inside the tracked call, so a seek made meanwhile still makes this answer stale.
          await present?.();
          return answer;
        });
        if (frame !== STALE) set({ frame });
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
        const { scenario, frame, branches, labels } = get();
        if (!scenario || !frame) return;
        const steps = [...scenario.steps.slice(0, frame.step), { do: action }] as Scenario['steps'];
        // A fork is a scenario of its own: its title says where it left the original, and it
        // keeps neither the preset's outcome check, its goal nor its id (its link carries it whole).
        const { expect: _expect, preset: _preset, goal: _goal, ...rest } = scenario;
        const original = branches[0]?.scenario ?? scenario;
        forkWords.set(JSON.stringify(action), label);
        const words = steps.map((st, i) => forkWords.get(JSON.stringify(st.do)) ?? labels[i] ?? '');
        const title = forkTitle(original, steps, words);
        const forked = { ...rest, title, steps } as Scenario;
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
        const again = retry ?? (scenario ? { scenario, step: frame?.step ?? 0 } : null);
        set({ engine: 'idle', engineError: null });
        if (again) await load(again.scenario, again.step);
      },
      stopWork() {
        if (!get().busy) return;
        client?.dispose();
        client = null;
        request++;
        queued = null;
        heading = null;
        clearBusy();
        // What is on screen stays; its next step loads it again on a new engine (see holder).
        set({ engine: get().scenario ? 'ready' : 'idle' });
      },
      showGallery: () => set({ screen: 'gallery', playing: false }),
      showLab() {
        if (get().scenario && get().frame) set({ screen: 'lab' });
      },
      showError: (title, err) => set({ banner: { kind: 'error', title, message: messageOf(err) } }),
      dismissBanner: () => set({ banner: null }),
      dismissFailure: () => set({ engine: get().scenario ? 'ready' : 'idle', engineError: null }),
    };
  });
}
