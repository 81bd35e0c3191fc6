import { describe, expect, it } from 'vitest';
import { PRESETS } from '../scenarios';
import { createInProcessClient } from '../worker/in-process';
import { createAppStore } from './store';

const small = PRESETS[0].scenario;

/** A `present` hook that holds the answer until the test lets it through. */
function gate() {
  const g = { asked: false, release: () => {}, present: () => Promise.resolve() };
  g.present = () =>
    new Promise<void>((resolve) => {
      g.asked = true;
      g.release = resolve;
    });
  return g;
}

const until = async (ok: () => boolean) => {
  while (!ok()) await new Promise((r) => setTimeout(r, 1));
};

/** A store on the first preset, with a batch of `count` steps answered and held at the hook. */
async function held(count: number) {
  const store = createAppStore(() => createInProcessClient());
  await store.getState().open(small);
  const g = gate();
  const done = store.getState().advance(count, g.present);
  await until(() => g.asked);
  return { store, g, done };
}

describe('When playback shows a batch through a present hook (Max speed)', () => {
  it('the frame reaches the store only once the hook lets it through', async () => {
    const { store, g, done } = await held(2);
    expect(store.getState().frame?.step).toBe(0);
    g.release();
    await done;
    expect(store.getState().frame?.step).toBe(2);
  });

  it('a seek made while the answer waits wins: the held batch is dropped', async () => {
    const { store, g, done } = await held(3);
    await store.getState().seek(1);
    g.release();
    await done;
    expect(store.getState().frame?.step).toBe(1);
  });
});
