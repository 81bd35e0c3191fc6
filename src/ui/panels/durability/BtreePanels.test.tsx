// @vitest-environment jsdom
import { render, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { labFrames } from '../../../../test/support/frame-at';
import { HeapItemsPanel } from './HeapItemsPanel';
import { IndexPanel } from './IndexPanel';

const entries = (c: HTMLElement, block: number) =>
  within(c)
    .getByRole('list', { name: `Entries of index block ${block}` })
    .querySelectorAll('li');

describe('When a HOT update and a non-HOT update run on the accounts', () => {
  const run = labFrames('durability', 'pg-hot-update');

  it('keeps the index entry of the HOT-updated row on its old line pointer and draws the chain as an arrow', () => {
    const { view, events } = run.at(2);
    const index = render(<IndexPanel view={view} events={events} />).container;
    expect([...entries(index, 1)].map((li) => li.textContent)).toContain('erin → heap (1,1)');
    const heap = render(<HeapItemsPanel view={view} events={events} />).container;
    const block1 = within(heap).getByRole('list', { name: 'Line pointers of accounts block 1' });
    expect(block1.querySelector('[data-offset="3"]')!.textContent).toContain('heap-only');
    const arrows = heap.querySelectorAll('[data-heap-page="accounts/1"] path.lp-link');
    expect(arrows).toHaveLength(1);
  });

  it('adds a second index entry for a row that moved to another page, and VACUUM leaves a redirect', () => {
    const moved = run.at(5);
    const index = render(<IndexPanel view={moved.view} events={moved.events} />).container;
    expect([...entries(index, 1)].map((li) => li.textContent)).toEqual(
      expect.arrayContaining(['alice → heap (0,1)', 'alice → heap (1,4)']),
    );
    const vacuumed = run.at(7);
    const heap = render(<HeapItemsPanel view={vacuumed.view} events={vacuumed.events} />).container;
    const block1 = within(heap).getByRole('list', { name: 'Line pointers of accounts block 1' });
    expect(block1.querySelector('[data-offset="1"]')!.textContent).toContain('redirect');
    expect(heap.querySelector('[data-heap-page="accounts/1"] path.lp-link-redirect')).not.toBeNull();
    const block0 = within(heap).getByRole('list', { name: 'Line pointers of accounts block 0' });
    expect(block0.querySelector('[data-offset="1"]')!.textContent).toContain('unused');
  });
});

describe('When the index leaf splits', () => {
  const run = labFrames('durability', 'pg-index-split');

  it('draws one root leaf before, then a root over two leaves with the split marked', () => {
    const before = render(<IndexPanel view={run.at(3).view} events={run.at(3).events} />).container;
    expect(before.querySelectorAll('li.bt-page')).toHaveLength(1);
    expect(before.textContent).toContain('407 entries');
    const { view, events } = run.at(4);
    const after = render(<IndexPanel view={view} events={events} />).container;
    expect([...after.querySelectorAll<HTMLElement>('li.bt-page')].map((p) => p.dataset.block)).toEqual(['3', '1', '2']);
    expect(after.textContent).toContain('SPLIT_R: block 1 split');
    expect(after.querySelector('[data-block="1"]')!.textContent).toContain('366 entries');
    expect(after.querySelector('[data-block="1"]')!.textContent).toContain('high key c0366');
    expect(after.querySelectorAll('li.bt-changed')).toHaveLength(2);
  });
});
