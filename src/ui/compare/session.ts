/**
 * A comparison on screen: two or three app stores (one per side, each with its own engine
 * client), the step all are driven to, and the first step where any two differ. The differing
 * step is found on engines of its own (one per side), seeking the runs step by step from 0 and
 * comparing every pair of frames (diff.ts) until some pair parts; they are then stopped. Cost:
 * one extra engine load per side and up to sides × (steps + 1) seeks with their frames copied
 * across; 0.1 s for the transactions and durability comparisons, under a second for a
 * 1,000-node Kademlia network.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ManagedClient } from '../../worker/client';
import { createAppStore, type AppStore } from '../store';
import { createPairDiffer, type PairDiff } from './diff';
import { type CompareSpec, sideScenario, sideValues } from './spec';

export type MakeClient = (onFailure: (message: string) => void) => ManagedClient;

/** Where the search for the first differing step is. */
export type DiffState =
  | { readonly status: 'computing'; readonly checked: number }
  /** `pairs`: the pairs of sides that differ at `step` (by index, 0 is A), each with how. */
  | { readonly status: 'differs'; readonly step: number; readonly pairs: readonly PairDiff[] }
  | { readonly status: 'same' }
  | { readonly status: 'failed'; readonly message: string };

export interface CompareState {
  spec: CompareSpec | null;
  /** Side A's store, side B's and, for three values, side C's. */
  sides: readonly AppStore[] | null;
  diff: DiffState;
  /** The step the timeline drives both sides to. */
  step: number;
  total: number;
  /** labels[i] names action i, as side A's engine words it (every side runs the same actions). */
  labels: readonly string[];
  playing: boolean;
}

export interface CompareActions {
  /** Open a comparison; the sides load at `spec.step`. */
  open(spec: CompareSpec): Promise<void>;
  close(): void;
  seek(step: number): Promise<void>;
  stepBy(delta: number): Promise<void>;
  setPlaying(playing: boolean): void;
}

export type CompareStore = StoreApi<CompareState & CompareActions>;

const idle: CompareState = { spec: null, sides: null, diff: { status: 'same' }, step: 0, total: 0, labels: [], playing: false };

/** The comparison's store; `makeClient` makes each engine (a worker in the app, in-process in tests). */
export function createCompareStore(makeClient: MakeClient): CompareStore {
  /** Bumped on every open and close: a diff search from an older comparison stops. */
  let generation = 0;
  /** Every engine this comparison started (an app store keeps its own): closing stops them all. */
  let engines: ManagedClient[] = [];
  const engine: MakeClient = (onFailure) => {
    const client = makeClient(onFailure);
    engines.push(client);
    return client;
  };

  const findDifference = async (spec: CompareSpec, mine: number, set: CompareStore['setState']) => {
    const noop = () => undefined;
    const values = sideValues(spec);
    const clients = values.map(() => engine(noop));
    try {
      const [la] = await Promise.all(clients.map((c, i) => c.load(sideScenario(spec, values[i]))));
      const differ = createPairDiffer(values.length);
      for (let n = 0; n <= la!.frame.total; n++) {
        if (mine !== generation) return;
        const pairs = differ(await Promise.all(clients.map((c) => c.seek(n))));
        if (pairs.length > 0) return mine === generation && set({ diff: { status: 'differs', step: n, pairs } });
        if (mine === generation) set({ diff: { status: 'computing', checked: n } });
      }
      if (mine === generation) set({ diff: { status: 'same' } });
    } catch (err) {
      if (mine === generation) set({ diff: { status: 'failed', message: err instanceof Error ? err.message : String(err) } });
    } finally {
      for (const c of clients) c.dispose();
    }
  };

  return createStore<CompareState & CompareActions>()((set, get) => {
    /** Every side to one step; the timeline shows it once all are there. */
    const both = async (move: (side: AppStore) => Promise<void>) => {
      const sides = get().sides;
      if (!sides) return;
      await Promise.all(sides.map(move));
      // A press while a side still loads moves nothing: the step stays the one being opened.
      if (sides.some((s) => !s.getState().frame)) return;
      const steps = sides.map((s) => s.getState().frame!.step);
      set({ step: Math.min(...steps) });
      if (steps[0]! >= get().total && get().playing) set({ playing: false });
    };
    return {
      ...idle,
      async open(spec) {
        get().close();
        const mine = ++generation;
        const values = sideValues(spec);
        const sides = values.map(() => createAppStore(engine));
        set({ spec, sides, step: spec.step, total: spec.base.steps.length, diff: { status: 'computing', checked: -1 } });
        void findDifference(spec, mine, set);
        await Promise.all(sides.map((side, i) => side.getState().open(sideScenario(spec, values[i]), spec.step)));
        if (mine === generation) set({ labels: sides[0]!.getState().labels });
      },
      close() {
        generation++;
        for (const e of engines) e.dispose();
        engines = [];
        set(idle);
      },
      seek: (step) => both((side) => side.getState().seek(step)),
      stepBy: (delta) => both((side) => side.getState().stepBy(delta)),
      setPlaying(playing) {
        // Pressing play at the end starts again from the beginning.
        if (playing && get().step >= get().total) void get().seek(0);
        set({ playing });
      },
    };
  });
}
