// @vitest-environment jsdom
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { leaveApp, renderApp } from '../../../test/support/app';
import { presetById } from '../../scenarios';
import { CompareChooser } from './CompareChooser';

// jsdom has no SVG geometry for d3's transform tweens: run as a reduced-motion user, who sees end states.
window.matchMedia = ((query: string) => ({ matches: query.includes('reduce'), media: query })) as unknown as typeof window.matchMedia;
window.scrollTo = () => undefined;

afterEach(leaveApp);

describe('When the three-sided comparison is opened from the gallery', () => {
  it('shows three sides, names the sides that differ, steps all three and keeps the link', { timeout: 60_000 }, async () => {
    const user = userEvent.setup();
    renderApp();
    await user.click(screen.getByRole('button', { name: /^Read Committed vs Repeatable Read vs Serializable/ }));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Compare: Doctors on call: one interleaving, three isolation levels' }),
    ).toBeTruthy();
    expect(window.location.hash).toMatch(/^#compare=1\.[^&]+&opt=isolation&a=read-committed&b=repeatable-read&c=serializable$/);
    // Role queries over three labs' panels are slow: the sides are found by their data attribute.
    const sides = ['A', 'B', 'C'].map((n) => document.querySelector<HTMLElement>(`[data-side="${n}"]`)!);
    expect(sides.map((side) => side.querySelector('h2')?.textContent)).toEqual([
      'ASide A: Read Committed',
      'BSide B: Repeatable Read',
      'CSide C: Serializable',
    ]);
    expect(await screen.findByText(/all three differ from step 3 \(alice: SELECT count\(\*\) FROM doctors WHERE on_call\)/)).toBeTruthy();
    expect(document.querySelector('.diff-bar')?.getAttribute('data-differs-from')).toBe('3');
    expect([...document.querySelectorAll('.diff-pair-head')].map((p) => p.textContent)).toEqual(['A and B', 'A and C', 'B and C']);

    await user.click(screen.getByRole('button', { name: 'Jump to end' }));
    await waitFor(() => expect(within(sides[2]!).getAllByText(/could not serialize access/).length).toBeGreaterThan(0));
    expect(within(sides[0]!).queryAllByText(/could not serialize access/)).toEqual([]);
    expect(within(sides[1]!).queryAllByText(/could not serialize access/)).toEqual([]);
    expect(sides.map((side) => side.querySelector('.compare-differs')?.textContent)).toEqual(['differs', 'differs', 'differs']);
    expect(window.location.hash).toMatch(/&c=serializable&step=9$/);
  });
});

describe('A two-sided comparison link', () => {
  it('opens as before, with two sides', { timeout: 60_000 }, async () => {
    window.history.replaceState(null, '', '/#compare=txn-lost-update-rc&opt=isolation&a=read-committed&b=repeatable-read&step=3');
    renderApp();
    expect(await screen.findByRole('heading', { level: 1, name: 'Compare: Lost update under Read Committed' })).toBeTruthy();
    expect(await screen.findByText(/they differ from step 3 \(s1: SELECT x FROM counter WHERE id = 1\)/)).toBeTruthy();
    expect(document.querySelectorAll('[data-side]')).toHaveLength(2);
    expect(document.querySelector('.diff-pair-head')).toBeNull();
  });
});

describe('When a comparison link is opened', () => {
  it('opens at its step', async () => {
    window.history.replaceState(null, '', '/#compare=pg-async-commit&opt=synchronous_commit&a=on&b=off&step=4');
    renderApp();
    expect(await screen.findByRole('heading', { level: 1, name: /^Compare: synchronous_commit = off/ })).toBeTruthy();
    expect(await screen.findByText(/they differ from step 4 \(T1: COMMIT\)/)).toBeTruthy();
    expect(document.querySelector('.timeline-position')?.textContent).toBe('Step 4 / 15');
  });

  it.each([
    [
      '#compare=kademlia-churn&opt=isolation&a=rr&b=serializable',
      'The kademlia lab has no option "isolation" to compare. It offers: k, alpha.',
    ],
    ['#compare=kademlia-churn&opt=k&a=4&b=99', '"99" is not a value of k'],
  ])('%s shows what is wrong over the gallery', async (hash, message) => {
    window.history.replaceState(null, '', `/${hash}`);
    renderApp();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('This comparison could not be opened');
    expect(alert.textContent).toContain(message);
    expect(screen.getByRole('heading', { level: 1, name: 'Watch databases work, step by step' })).toBeTruthy();
  });

  it('closes when the address goes back to a lab', async () => {
    window.history.replaceState(null, '', '/#compare=txn-lost-update-rc&opt=isolation&a=read-committed&b=serializable');
    renderApp();
    expect(await screen.findByRole('heading', { level: 1, name: /^Compare:/ })).toBeTruthy();
    act(() => {
      window.location.hash = '#preset=txn-lost-update-rc';
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Lost update under Read Committed' })).toBeTruthy();
  });
});

describe('The Compare chooser', () => {
  const chooser = (id: string) => {
    const opened: unknown[] = [];
    render(<CompareChooser base={presetById(id)!.scenario} step={2} onOpen={(s) => opened.push(s)} onClose={() => undefined} />);
    return opened;
  };

  it('offers only the lab’s options, with their values, and the scenario’s own value on side A', async () => {
    const user = userEvent.setup();
    const opened = chooser('kademlia-churn');
    const setting = screen.getByRole('combobox', { name: 'Setting' });
    expect(
      within(setting)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['k (bucket size)', 'α (parallel lookups)']);
    expect((screen.getByRole('combobox', { name: 'Side A' }) as HTMLSelectElement).selectedOptions[0]?.textContent).toBe('k = 20');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Side B' }), 'k = 4');
    await user.click(screen.getByRole('button', { name: 'Compare' }));
    expect(opened).toMatchObject([{ a: 20, b: 4, step: 2 }]);
  });

  it('says so when both sides have the same value', async () => {
    const user = userEvent.setup();
    const opened = chooser('txn-write-skew');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Side B' }), 'Repeatable Read');
    await user.click(screen.getByRole('button', { name: 'Compare' }));
    expect(screen.getByRole('alert').textContent).toBe('Both sides have Repeatable Read: choose two different values.');
    expect(opened).toEqual([]);
  });

  it('adds a third side where the option has three or more values, and checks every pair differs', async () => {
    const user = userEvent.setup();
    const opened = chooser('txn-write-skew');
    expect(screen.queryByRole('combobox', { name: 'Side C' })).toBeNull();
    await user.click(screen.getByRole('button', { name: '+ Add a third side (C)' }));
    const c = screen.getByRole('combobox', { name: 'Side C' }) as HTMLSelectElement;
    await user.selectOptions(c, 'Repeatable Read');
    await user.click(screen.getByRole('button', { name: 'Compare' }));
    expect(screen.getByRole('alert').textContent).toBe('Sides A and C both have Repeatable Read: choose a different value for each side.');
    await user.selectOptions(c, 'Serializable');
    await user.click(screen.getByRole('button', { name: 'Compare' }));
    expect(opened).toMatchObject([{ a: 'repeatable read', b: 'read uncommitted', c: 'serializable', step: 2 }]);
  });

  it('offers no third side for an option with two values', async () => {
    chooser('pg-async-commit');
    expect(screen.queryByRole('button', { name: /third side/ })).toBeNull();
  });

  it('says a lab without comparable options has nothing to compare', () => {
    chooser('recipe-all-or-none');
    expect(screen.getByText(/The intent-log lab has no option that changes what happens/)).toBeTruthy();
    expect(screen.queryByRole('combobox')).toBeNull();
  });
});
