import { describe, expect, it } from 'vitest';
import { PRESETS } from '../scenarios';
import { EngineFailure, type ManagedClient } from '../worker/client';
import { createInProcessClient } from '../worker/in-process';
import { decodeHash } from '../share/codec';
import { presetById } from '../scenarios';
import { createAppStore } from './store';
import { currentLink } from './url-sync';

/** An in-process engine that can be told to fail like a dead worker. */
function flakyClient(onFailure: (m: string) => void, state: { broken: boolean; made: number }): ManagedClient {
  state.made++;
  const inner = createInProcessClient();
  const guard =
    <A extends unknown[], R>(f: (...a: A) => Promise<R>) =>
    async (...a: A) => {
      if (state.broken) {
        onFailure('The engine did not answer "seek" within 20 s.');
        throw new EngineFailure('timeout');
      }
      return f(...a);
    };
  return {
    load: guard(inner.load),
    seek: guard(inner.seek),
    runTo: guard(inner.runTo),
    reset: guard(inner.reset),
    explore: guard(inner.explore),
    dispose() {},
  };
}

const preset = PRESETS[0].scenario;

describe('When the engine stops answering', () => {
  it('the store reports it, and a restart replays the scenario to the same step on a new engine', async () => {
    const state = { broken: false, made: 0 };
    const store = createAppStore((f) => flakyClient(f, state));
    await store.getState().open(preset, 3);
    expect(store.getState().frame?.step).toBe(3);
    state.broken = true;
    await store.getState().seek(4);
    expect(store.getState().engine).toBe('failed');
    expect(store.getState().engineError).toMatch(/did not answer/);
    expect(store.getState().frame?.step).toBe(3);
    state.broken = false;
    await store.getState().restartEngine();
    expect(state.made).toBe(2);
    expect(store.getState().engine).toBe('ready');
    expect(store.getState().frame?.step).toBe(3);
  });
});

describe('When a user forks and switches branches', () => {
  it('keeps the original line and the fork, and the fork drops the preset outcome and goal', async () => {
    const store = createAppStore(() => createInProcessClient());
    await store.getState().open(preset, 2);
    await store.getState().fork({ type: 'crash' }, 'Crash now');
    const s = store.getState();
    expect(s.branches.map((b) => b.label)).toEqual(['Original', 'Fork 1: step 3, Crash now']);
    expect(s.frame?.step).toBe(3);
    expect(s.frame?.total).toBe(3);
    expect(s.scenario?.expect).toBeUndefined();
    expect(s.scenario?.goal).toBeUndefined();
    expect(store.getState().branches[0].scenario.goal).toBe(preset.goal);
    await store.getState().switchBranch(0);
    expect(store.getState().frame?.total).toBe(preset.steps.length);
    expect(store.getState().frame?.step).toBe(3);
  });
});

describe('When a user forks a preset', () => {
  const bank = presetById('pg-bank-transfer-survives')?.scenario;
  if (!bank) throw new Error('the bank transfer preset is missing');

  it('the fork gets a title saying where it left the preset and what it does, and its link carries that title, no preset id and no outcome check', async () => {
    const store = createAppStore(() => createInProcessClient());
    await store.getState().open(bank, 3);
    await store.getState().fork({ type: 'crash' }, 'Crash now');
    await store.getState().fork({ type: 'recover' }, 'Restart and recover');
    const s = store.getState();
    expect(s.scenario?.title).toBe('The bank transfer survives the crash — forked at step 4: crash now, then restart and recover');
    expect(s.scenario?.preset).toBeUndefined();
    expect(s.scenario?.expect).toBeUndefined();
    expect(s.frame?.outcome).toBeNull();

    const link = currentLink(store, 'https://example.org/walkthrough/#preset=pg-bank-transfer-survives&step=3');
    expect(link).toMatch(/^https:\/\/example\.org\/walkthrough\/#s=1\.[^&]+&step=5$/);
    const opened = decodeHash(link.slice(link.indexOf('#')));
    expect(opened?.scenario.title).toBe(s.scenario?.title);
    expect(opened?.scenario.preset).toBeUndefined();
    expect(opened?.scenario.expect).toBeUndefined();
    expect(opened?.step).toBe(5);
  });

  it('a fork whose new step is the one the preset had anyway says it stops there', async () => {
    const store = createAppStore(() => createInProcessClient());
    await store.getState().open(bank, 3);
    await store.getState().fork(bank.steps[3]?.do, 'Commit T1');
    expect(store.getState().scenario?.title).toBe('The bank transfer survives the crash — stopped after step 4');
  });

  it('a long line of changes is counted, and the title stays within the schema’s 200 characters', async () => {
    const store = createAppStore(() => createInProcessClient());
    await store.getState().open({ ...bank, title: 'T'.repeat(200) }, 0);
    for (let i = 0; i < 5; i++) await store.getState().fork({ type: 'checkpoint' }, 'Checkpoint');
    const title = store.getState().scenario?.title ?? '';
    expect(title.length).toBeLessThanOrEqual(200);
    expect(title).toMatch(/… — forked at step 1: checkpoint, then checkpoint, then 3 more steps$/);
  });
});

/**
 * An in-process engine whose seek answers are held back until released, so a test decides
 * the order in which they arrive (an in-process client alone always answers in call order).
 */
function heldClient(): { client: ManagedClient; release(step: number): void } {
  const inner = createInProcessClient();
  const held = new Map<number, () => void>();
  const client: ManagedClient = {
    ...inner,
    seek: async (step) => {
      await new Promise<void>((go) => held.set(step, go));
      return inner.seek(step);
    },
  };
  return {
    client,
    release(step) {
      const go = held.get(step);
      if (!go) throw new Error(`no seek(${step}) is waiting`);
      held.delete(step);
      go();
    },
  };
}

describe('When answers arrive out of order', () => {
  it('an older answer that arrives after a newer one does not move the timeline back', async () => {
    const { client, release } = heldClient();
    const store = createAppStore(() => client);
    await store.getState().open(preset, 0);
    const older = store.getState().seek(1);
    const newer = store.getState().seek(4);
    release(4);
    await newer;
    expect(store.getState().frame?.step).toBe(4);
    release(1);
    await older;
    expect(store.getState().frame?.step).toBe(4);
  });

  it('a seek answered after a newer open is dropped', async () => {
    const { client, release } = heldClient();
    const store = createAppStore(() => client);
    await store.getState().open(preset, 0);
    const stale = store.getState().seek(1);
    // open() goes to step 0 without a seek, so only the held seek(1) is waiting.
    await store.getState().open(preset, 0);
    release(1);
    await stale;
    expect(store.getState().frame?.step).toBe(0);
    expect(store.getState().engine).toBe('ready');
  });
});

describe('When Web Workers are unavailable', () => {
  it('the fallback client loads the engine on demand and answers like the worker would', async () => {
    const { createFallbackClient } = await import('../worker/client');
    const store = createAppStore(() => createFallbackClient());
    await store.getState().open(preset, 2);
    expect(store.getState().engine).toBe('ready');
    expect(store.getState().frame?.step).toBe(2);
  });
});
