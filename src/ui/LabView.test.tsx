// @vitest-environment jsdom
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { PRESETS } from '../scenarios';
import { EngineFailure, type ManagedClient } from '../worker/client';
import { createInProcessClient } from '../worker/in-process';
import LabView from './LabView';
import { createAppStore } from './store';
import { StoreProvider } from './store-context';

// jsdom has no SVG geometry for d3's transform tweens: run as a reduced-motion user, who sees end states.
window.matchMedia = ((query: string) => ({ matches: query.includes('reduce'), media: query })) as unknown as typeof window.matchMedia;

describe('When the engine dies while a lab is open', () => {
  it('says so and "Restart from this scenario" brings the same step back', async () => {
    let broken = false;
    const make = (onFailure: (m: string) => void): ManagedClient => {
      const inner = createInProcessClient();
      return {
        ...inner,
        seek: async (n) => {
          if (broken) {
            onFailure('The engine stopped: out of memory');
            throw new EngineFailure('dead');
          }
          return inner.seek(n);
        },
      };
    };
    const store = createAppStore(make);
    await store.getState().open(PRESETS[0].scenario, 2);
    render(
      <StoreProvider store={store}>
        <LabView />
      </StoreProvider>,
    );
    expect(screen.getByText('Step 2 of 5')).toBeTruthy();
    broken = true;
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Step forward' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('out of memory');
    broken = false;
    await user.click(screen.getByRole('button', { name: 'Restart from this scenario' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(screen.getByText('Step 2 of 5')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Step forward' }));
    expect(await screen.findByText('Step 3 of 5')).toBeTruthy();
  });
});

describe('When keys are pressed in a lab', () => {
  it('arrows step the timeline, but not inside a region that uses the keys itself', async () => {
    const store = createAppStore(() => createInProcessClient());
    await store.getState().open(PRESETS[0].scenario, 2);
    render(
      <StoreProvider store={store}>
        <LabView />
        <div data-own-keys>
          <button type="button">drag handle</button>
        </div>
      </StoreProvider>,
    );
    const user = userEvent.setup();
    await user.keyboard('{ArrowRight}');
    expect(await screen.findByText('Step 3 of 5')).toBeTruthy();
    // The key handler asks the store to step synchronously, so a spy sees any leak at once (no waiting).
    const stepBy = vi.fn(store.getState().stepBy);
    store.setState({ stepBy });
    screen.getByRole('button', { name: 'drag handle' }).focus();
    await user.keyboard('{ArrowRight}{ArrowRight}');
    expect(stepBy).not.toHaveBeenCalled();
    expect(screen.getByText('Step 3 of 5')).toBeTruthy();
    // The same key outside the region still reaches the timeline through the same spy.
    screen.getByRole('button', { name: 'Step forward' }).focus();
    await user.keyboard('{ArrowRight}');
    expect(stepBy).toHaveBeenCalledWith(1);
    expect(await screen.findByText('Step 4 of 5')).toBeTruthy();
  });
});
