// @vitest-environment jsdom
import { render, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { PRESETS, presetById } from '../../scenarios';
import { createInProcessClient } from '../../worker/in-process';
import LabView from '../LabView';
import { createAppStore } from '../store';
import { StoreProvider } from '../store-context';

// jsdom has no SVG geometry for d3's transform tweens: run as a reduced-motion user, who sees end states.
window.matchMedia = ((query: string) => ({ matches: query.includes('reduce'), media: query })) as unknown as typeof window.matchMedia;

const focused = PRESETS.filter((p) => p.scenario.focus !== undefined);

/** The names of the panels a preset's lab view draws at its first step (essentials view), and the ones marked as its focus. */
async function panelsOf(id: string) {
  const store = createAppStore(() => createInProcessClient());
  await store.getState().open(presetById(id)!.scenario, 0);
  store.setState({ essentials: true });
  const { container, unmount } = render(
    <StoreProvider store={store}>
      <LabView />
    </StoreProvider>,
  );
  // The panels are a lazy chunk: wait as long as it takes on a busy machine.
  await waitFor(() => expect(container.querySelector('.lab-panels-root .panel')).not.toBeNull(), { timeout: 30_000 });
  const names = (sel: string) => [...container.querySelectorAll<HTMLElement>(sel)].map((el) => el.dataset.panel);
  const out = { all: names('.lab-panels-root .panel'), marked: names('.lab-panels-root .panel[data-focus]') };
  unmount();
  return out;
}

describe("A preset's focus", () => {
  it('is stated by some presets', () => {
    expect(focused.length).toBeGreaterThan(0);
  });

  it.each(focused.map((p) => [p.id, p.scenario.focus ?? []] as const))(
    'of %s names panels its lab draws, and marks them',
    async (id, focus) => {
      const { all, marked } = await panelsOf(id);
      for (const name of focus) expect(all).toContain(name);
      expect([...new Set(marked)].sort()).toEqual([...focus].sort());
    },
  );

  it('marks nothing in a preset that states none', async () => {
    const plain = PRESETS.find((p) => p.scenario.lab === 'durability' && p.scenario.focus === undefined);
    expect(plain).toBeDefined();
    const { all, marked } = await panelsOf(plain!.id);
    expect(all.length).toBeGreaterThan(3);
    expect(marked).toEqual([]);
  });
});
