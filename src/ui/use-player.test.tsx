// @vitest-environment jsdom
import { render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PRESETS } from '../scenarios';
import { createInProcessClient } from '../worker/in-process';
import { createAppStore } from './store';
import { StoreProvider } from './store-context';
import { usePlayer } from './use-player';

/** Animation frames the test runs by hand. */
let frames: FrameRequestCallback[] = [];
const tick = () => {
  const due = frames;
  frames = [];
  for (const f of due) f(performance.now());
};

beforeEach(() => {
  frames = [];
  vi.spyOn(window, 'requestAnimationFrame').mockImplementation((f) => frames.push(f));
  vi.spyOn(window, 'cancelAnimationFrame').mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

function Player() {
  usePlayer();
  return null;
}

const until = async (ok: () => boolean) => {
  for (let i = 0; i < 500 && !ok(); i++) await new Promise((r) => setTimeout(r, 1));
};

async function playingAtMax() {
  const store = createAppStore(() => createInProcessClient());
  await store.getState().open(PRESETS[0].scenario);
  store.getState().setSpeed(Number.POSITIVE_INFINITY);
  store.getState().setPlaying(true);
  const view = render(
    <StoreProvider store={store}>
      <Player />
    </StoreProvider>,
  );
  // The player's loop asks for the first batch; the answer then waits for an animation frame.
  tick();
  await until(() => frames.length === 2);
  return { store, view };
}

describe('When the player runs at Max speed', () => {
  it("shows the engine's answer in the next animation frame, not when it arrives", async () => {
    const { store } = await playingAtMax();
    expect(frames).toHaveLength(2);
    expect(store.getState().frame?.step).toBe(0);
    tick();
    await until(() => store.getState().frame?.step === 1);
    expect(store.getState().frame?.step).toBe(1);
  });

  it('an answer waiting for its frame when the player goes away is still shown, so the call ends', async () => {
    const { store, view } = await playingAtMax();
    view.unmount();
    await until(() => store.getState().frame?.step === 1);
    expect(store.getState().frame?.step).toBe(1);
  });
});
