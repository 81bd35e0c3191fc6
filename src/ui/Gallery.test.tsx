// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { LAB_GROUPS, PRESETS, SUBGROUPS } from '../scenarios';
import { createInProcessClient } from '../worker/in-process';
import { Gallery } from './Gallery';
import { createAppStore } from './store';
import { StoreProvider } from './store-context';

/** A lab listed in the gallery before any of its presets exist: every real lab has presets. */
const UNBUILT = vi.hoisted(() => ({ id: 'unbuilt', title: 'Consensus', blurb: 'A lab that has no scenarios yet.' }) as const);

vi.mock('../scenarios', async (importOriginal) => {
  const real = await importOriginal<typeof import('../scenarios')>();
  return { ...real, LAB_GROUPS: [...real.LAB_GROUPS, UNBUILT] };
});

const renderGallery = (onOpen: (p: unknown) => void) =>
  render(
    <StoreProvider store={createAppStore(() => createInProcessClient())}>
      <Gallery onOpen={onOpen} />
    </StoreProvider>,
  );

describe('When the gallery is shown', () => {
  it('groups presets by lab, each card with its title, teaser and tags', () => {
    renderGallery(vi.fn());
    for (const g of LAB_GROUPS) {
      const region = screen.getByRole('region', { name: new RegExp(`^${g.title}`) });
      expect(within(region).getByRole('heading', { level: 2 }).textContent).toMatch(new RegExp(`^${g.title}`));
      // Cards by their data attribute: a role query per card checks every element's visibility in jsdom (seconds).
      const cards = [...region.querySelectorAll<HTMLButtonElement>('button.card')];
      const presets = PRESETS.filter((p) => p.group === g.id);
      expect(cards.map((c) => c.dataset.preset).sort(), g.id).toEqual(presets.map((p) => p.id).sort());
      for (const p of presets) {
        const card = cards.find((c) => c.dataset.preset === p.id);
        expect(card?.textContent).toContain(p.scenario.title);
        expect(card?.textContent).toContain(p.teaser);
        for (const t of p.tags) expect(card?.textContent).toContain(t);
      }
    }
  });

  it('splits a group under sub-headings, the simplest write-ahead log before PostgreSQL, every card under its own', () => {
    renderGallery(vi.fn());
    const durability = screen.getByRole('region', { name: /^Durability/ });
    const headings = within(durability).getAllByRole('heading', { level: 3 });
    const expected = SUBGROUPS.filter((sg) => sg.group === 'durability');
    expect(headings.map((h) => h.id)).toEqual(expected.map((sg) => `subgroup-${sg.id}`));
    expect(headings[0].textContent).toMatch(/^The simplest write-ahead log/);
    expect(headings[1].textContent).toMatch(/^As PostgreSQL does it/);
    for (const sg of expected) {
      const region = within(durability).getByRole('region', { name: new RegExp(`^${sg.title}`) });
      const ids = within(region)
        .getAllByRole('button')
        .map((b) => b.dataset.preset);
      expect(ids).toEqual(PRESETS.filter((p) => p.subgroup === sg.id).map((p) => p.id));
    }
    // The intent-log cards come first in the page, so the simplest story is the first one met.
    const all = within(durability).getAllByRole('button');
    expect(all[0].dataset.lab).toBe('intent-log');
    expect(all.at(-1)?.dataset.lab).toBe('durability');
  });

  it('gives every card in a group that has sub-headings a subgroup of that group', () => {
    for (const p of PRESETS) {
      const subgroups = SUBGROUPS.filter((sg) => sg.group === p.group);
      if (subgroups.length > 0)
        expect(
          subgroups.map((sg) => sg.id),
          p.id,
        ).toContain(p.subgroup);
    }
  });

  it('says which labs have no presets yet instead of showing empty space, and only those', () => {
    renderGallery(vi.fn());
    const empty = LAB_GROUPS.filter((g) => !PRESETS.some((p) => p.group === g.id));
    expect(empty.map((g) => g.id)).toEqual([UNBUILT.id]);
    for (const g of LAB_GROUPS) {
      const section = screen.getByRole('region', { name: new RegExp(`^${g.title}`) });
      expect(section.textContent?.includes('being built'), g.id).toBe(empty.includes(g));
      expect(within(section).queryAllByRole('button').length === 0, g.id).toBe(empty.includes(g));
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
