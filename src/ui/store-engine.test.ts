import { afterEach, describe, expect, it, vi } from 'vitest';
import { PRESETS } from '../scenarios';
import type { Scenario } from '../engine/scenario/schema';
import { EngineFailure, type ManagedClient } from '../worker/client';
import { createInProcessClient } from '../worker/in-process';
import { createAppStore } from './store';

const small = PRESETS[0].scenario;
const other = PRESETS[1].scenario;

/** An in-process engine whose calls wait at a gate until the test opens it, like a slow worker. */
function slowEngine() {
  const gates: { name: string; arg: unknown; owner: object; open(): void; fail(e: unknown): void }[] = [];
  const made: { client: ManagedClient; disposed: boolean; onFailure(m: string): void }[] = [];
  const make = (onFailure: (m: string) => void): ManagedClient => {
    const inner = createInProcessClient();
    const entry = { client: null as unknown as ManagedClient, disposed: false, onFailure };
    const gated =
      <A extends unknown[], R>(name: string, f: (...a: A) => Promise<R>) =>
      async (...a: A) => {
        await new Promise<void>((open, fail) => gates.push({ name, arg: a[0], owner: entry, open, fail }));
        return f(...a);
      };
    entry.client = {
      ...inner,
      load: gated('load', inner.load),
      seek: gated('seek', inner.seek),
      // As the worker client does: a stopped engine rejects the calls still waiting.
      dispose: () => {
        entry.disposed = true;
        for (const g of gates.filter((x) => x.owner === entry)) {
          gates.splice(gates.indexOf(g), 1);
          g.fail(new EngineFailure('The engine was stopped'));
        }
      },
    };
    made.push(entry);
    return entry.client;
  };
  /** Open the oldest waiting gate named `name` (waiting for it to be reached). */
  const open = async (name: string) => {
    await vi.waitFor(() => expect(gates.some((g) => g.name === name)).toBe(true));
    const i = gates.findIndex((g) => g.name === name);
    const [gate] = gates.splice(i, 1);
    gate.open();
    return gate.arg;
  };
  return { make, made, gates, open };
}

afterEach(() => vi.useRealTimers());

describe('When arrow presses come faster than the engine answers', () => {
  it('they add up: three presses during a slow step end on step 3, and the busy indicator names step 3', async () => {
    const engine = slowEngine();
    const store = createAppStore(engine.make);
    const opened = store.getState().open(small, 0);
    await engine.open('load');
    await opened;
    const presses = [store.getState().stepBy(1), store.getState().stepBy(1), store.getState().stepBy(1)];
    // The first step is still working after the busy delay: the indicator says where it is heading.
    await vi.waitFor(() => expect(store.getState().busy).toEqual({ kind: 'step', step: 3, title: small.title }));
    expect(await engine.open('seek')).toBe(1);
    expect(await engine.open('seek')).toBe(3);
    await Promise.all(presses);
    expect(store.getState().frame?.step).toBe(3);
    expect(store.getState().busy).toBeNull();
    expect(engine.gates).toEqual([]);
  });

  it('a press back during the queue counts too, and no move goes past either end', async () => {
    const engine = slowEngine();
    const store = createAppStore(engine.make);
    const opened = store.getState().open(small, 0);
    await engine.open('load');
    await opened;
    const s = store.getState();
    const presses = [s.stepBy(-1), s.stepBy(1), s.stepBy(1), s.stepBy(-1), s.stepBy(1)];
    expect(await engine.open('seek')).toBe(1);
    expect(await engine.open('seek')).toBe(2);
    await Promise.all(presses);
    expect(store.getState().frame?.step).toBe(2);
  });

  it('Stop during a slow step keeps the step on screen; the next press starts a new engine that loads the scenario there', async () => {
    const engine = slowEngine();
    const store = createAppStore(engine.make);
    const opened = store.getState().open(small, 1);
    await engine.open('load');
    await engine.open('seek');
    await opened;
    const slow = store.getState().stepBy(1);
    await vi.waitFor(() => expect(store.getState().busy?.step).toBe(2));
    store.getState().stopWork();
    expect(engine.made[0].disposed).toBe(true);
    expect(store.getState()).toMatchObject({ busy: null, engine: 'ready', frame: { step: 1 } });
    await slow;
    const next = store.getState().stepBy(1);
    expect(await engine.open('load')).toBe(small);
    expect(await engine.open('seek')).toBe(2);
    await next;
    expect(engine.made).toHaveLength(2);
    expect(store.getState().frame?.step).toBe(2);
  });

  it('a quick step shows no busy indicator', async () => {
    const store = createAppStore(() => createInProcessClient());
    await store.getState().open(small, 0);
    const seen: unknown[] = [];
    store.subscribe((st) => seen.push(st.busy));
    await store.getState().stepBy(1);
    expect(store.getState().frame?.step).toBe(1);
    expect(seen.every((b) => b === null)).toBe(true);
  });
});

describe('When a link takes too long to open from the gallery', () => {
  it('the busy indicator names it; after the timeout the engine is terminated, the failure names the scenario, and the next card opens', async () => {
    const engine = slowEngine();
    const store = createAppStore(engine.make);
    const slow = store.getState().open(other, 2);
    await vi.waitFor(() => expect(store.getState().busy).toEqual({ kind: 'open', step: 2, title: other.title }));
    // What the worker client does when its timer runs out: report it; the store stops the engine.
    const first = engine.made[0];
    first.onFailure('The engine gave no answer within 60 s, so it was stopped');
    await slow;
    const s = store.getState();
    expect(s.engine).toBe('failed');
    expect(s.engineError).toBe(`“${other.title}” could not be opened at step 2. The engine gave no answer within 60 s, so it was stopped.`);
    expect(first.disposed).toBe(true);
    expect(s.busy).toBeNull();
    expect(s.screen).toBe('gallery');

    const next = store.getState().open(small, 0);
    await engine.open('load');
    await next;
    expect(engine.made).toHaveLength(2);
    expect(store.getState()).toMatchObject({ engine: 'ready', engineError: null, screen: 'lab', scenario: small });
  });

  it('Stop throws the busy engine away and leaves the gallery as it was', async () => {
    const engine = slowEngine();
    const store = createAppStore(engine.make);
    const slow = store.getState().open(other, 0);
    await vi.waitFor(() => expect(store.getState().busy?.kind).toBe('open'));
    store.getState().stopWork();
    expect(engine.made[0].disposed).toBe(true);
    expect(store.getState()).toMatchObject({ busy: null, engine: 'idle', screen: 'gallery' });
    await slow;
    expect(store.getState()).toMatchObject({ screen: 'gallery', scenario: null });
  });

  it('a card clicked while a link is still loading opens on a fresh engine instead of waiting behind it', async () => {
    const engine = slowEngine();
    const store = createAppStore(engine.make);
    void store.getState().open(other, 0);
    await vi.waitFor(() => expect(store.getState().busy?.kind).toBe('open'));
    const card = store.getState().open(small, 0);
    expect(engine.made[0].disposed).toBe(true);
    await engine.open('load');
    await card;
    expect(store.getState()).toMatchObject({ scenario: small, screen: 'lab', engine: 'ready' });
  });
});

describe('When the engine throws an error of its own', () => {
  it('(a work budget, say) the message reaches the user with the scenario named, and Try again opens a fresh engine', async () => {
    let budget = true;
    const made: ManagedClient[] = [];
    const store = createAppStore(() => {
      const inner = createInProcessClient();
      const c: ManagedClient = {
        ...inner,
        load: async (sc: Scenario) => {
          if (budget) throw new Error('This scenario asks for about 36,000,000,000 events; the limit is 50,000,000.');
          return inner.load(sc);
        },
        dispose: vi.fn(),
      };
      made.push(c);
      return c;
    });
    await store.getState().open(other, 0);
    expect(store.getState().engine).toBe('failed');
    expect(store.getState().engineError).toBe(
      `“${other.title}” could not be opened. The engine failed: This scenario asks for about 36,000,000,000 events; the limit is 50,000,000.`,
    );
    expect(made[0].dispose).toHaveBeenCalled();
    budget = false;
    await store.getState().restartEngine();
    expect(made).toHaveLength(2);
    expect(store.getState()).toMatchObject({ engine: 'ready', scenario: other, screen: 'lab' });
  });

  it('an engine message that echoes a huge input is cut to a readable length', async () => {
    const store = createAppStore(() => ({
      ...createInProcessClient(),
      load: async () => {
        throw new Error(`column "${'x'.repeat(100_000)}" does not exist`);
      },
    }));
    await store.getState().open(small, 0);
    expect(store.getState().engineError?.length).toBeLessThan(400);
  });
});
