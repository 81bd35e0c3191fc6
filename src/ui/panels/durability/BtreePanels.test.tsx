// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { manyPagesScenario } from '../../../../test/support/durability';
import { labFrames } from '../../../../test/support/frame-at';
import { HeapItemsPanel } from './HeapItemsPanel';
import { IndexPanel } from './IndexPanel';
import { SessionRows } from './SessionRows';

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

describe('When a run has more tables than a panel draws at once', () => {
  // Twelve one-row tables; step 1 begins T1, steps 2 to 13 update t0 to t11 in turn.
  const run = labFrames('durability', manyPagesScenario(64, 12));
  const drawn = (c: HTMLElement, selector: string, attr: string) =>
    [...c.querySelectorAll<HTMLElement>(selector)].map((e) => e.getAttribute(attr));
  const last8 = ['t4', 't5', 't6', 't7', 't8', 't9', 't10', 't11'];

  it('draws the line pointers of the eight heap pages changed last, in table order, and says how many there are', () => {
    const { view, events } = run.at(13);
    const heap = render(<HeapItemsPanel view={view} events={events} />).container;
    expect(drawn(heap, '[data-heap-page]', 'data-heap-page')).toEqual(last8.map((t) => `${t}/0`));
    expect(heap.textContent).toContain('The 8 heap pages changed last (newest page LSN) of 12; the others are not drawn.');
  });

  it('draws the indexes and the rows of the eight tables changed last, and all twelve on request', async () => {
    const user = userEvent.setup();
    const { view, events } = run.at(13);
    const index = render(<IndexPanel view={view} events={events} />).container;
    expect(drawn(index, '[data-index]', 'data-index')).toEqual(last8);
    expect(index.textContent).toContain('The indexes of the 8 tables changed last; 4 more not drawn.');
    await user.click(within(index).getByRole('button', { name: 'Show all 12' }));
    expect(drawn(index, '[data-index]', 'data-index')).toHaveLength(12);
    expect(within(index).getByRole('button', { name: 'Only the 8 changed last' }).getAttribute('aria-pressed')).toBe('true');

    const rows = render(<SessionRows view={view} />).container;
    expect(drawn(rows, 'table[data-table]', 'data-table')).toEqual(last8);
    await user.click(within(rows).getByRole('button', { name: 'Show all 12' }));
    expect(drawn(rows, 'table[data-table]', 'data-table')).toEqual(Object.keys(view.rows));
    expect(screen.getAllByText(/of all 12 tables/)).toHaveLength(2);
  });

  it('draws every table when there are eight or fewer', () => {
    const small = labFrames('durability', manyPagesScenario(64, 8)).at(9);
    const index = render(<IndexPanel view={small.view} events={small.events} />).container;
    expect(drawn(index, '[data-index]', 'data-index')).toHaveLength(8);
    expect(index.querySelector('.tables-shown')).toBeNull();
  });
});
