// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { LAB_GROUPS, PRESETS } from '../scenarios';
import { createInProcessClient } from '../worker/client';
import { Gallery } from './Gallery';
import { createAppStore } from './store';
import { StoreProvider } from './store-context';

const renderGallery = (onOpen: (p: unknown) => void) =>
  render(
    <StoreProvider store={createAppStore(() => createInProcessClient())}>
      <Gallery onOpen={onOpen} />
    </StoreProvider>,
  );

describe('When the gallery is shown', () => {
  it('groups presets by lab, each card with its title, teaser and tags', () => {
    renderGallery(vi.fn());
    for (const g of LAB_GROUPS) expect(screen.getByRole('heading', { level: 2, name: new RegExp(`^${g.title}`) })).toBeTruthy();
    const durability = screen.getByRole('region', { name: /^Durability/ });
    const cards = within(durability).getAllByRole('button');
    expect(cards).toHaveLength(PRESETS.filter((p) => p.group === 'durability').length);
    for (const p of PRESETS) {
      const card = screen.getByRole('button', { name: new RegExp(p.scenario.title.replace(/[()]/g, '.')) });
      expect(card.textContent).toContain(p.teaser);
      for (const t of p.tags) expect(card.textContent).toContain(t);
    }
  });

  it('says which labs have no presets yet instead of showing empty space', () => {
    renderGallery(vi.fn());
    const empty = LAB_GROUPS.filter((g) => !PRESETS.some((p) => p.group === g.id));
    for (const g of empty) {
      const section = screen.getByRole('region', { name: new RegExp(`^${g.title}`) });
      expect(section.textContent).toContain('being built');
    }
  });

  it('opens the preset whose card is clicked', async () => {
    const onOpen = vi.fn();
    renderGallery(onOpen);
    const target = PRESETS[1];
    await userEvent.setup().click(screen.getByRole('button', { name: new RegExp(`^${target.scenario.title}`) }));
    expect(onOpen).toHaveBeenCalledWith(target);
  });
});
