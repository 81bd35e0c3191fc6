// @vitest-environment jsdom
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { presetById } from '../../../scenarios';
import { createInProcessClient } from '../../../worker/in-process';
import LabView from '../../LabView';
import { createAppStore } from '../../store';
import { StoreProvider } from '../../store-context';

// jsdom has no SVG geometry for d3's transform tweens: run as a reduced-motion user, who sees end states.
window.matchMedia = ((query: string) => ({ matches: query.includes('reduce'), media: query })) as unknown as typeof window.matchMedia;

/**
 * Open a preset at a step in the real lab view. The panels are a lazy chunk: load it first (on a
 * busy machine its transform alone can outlast any fixed wait), so the heading only waits for
 * React to resolve the already loaded module, and wait for that as long as it takes.
 */
async function openLab(id: string, step: number) {
  await import('./DurabilityPanels');
  const store = createAppStore(() => createInProcessClient());
  await store.getState().open(presetById(id)!.scenario, step);
  render(
    <StoreProvider store={store}>
      <LabView />
    </StoreProvider>,
  );
  await screen.findByRole('heading', { name: 'Shared buffers (buffer pool)' }, { timeout: 30_000 });
  return store;
}

describe('When the bank transfer has just been recovered', () => {
  it('lists the redo loop record by record and gives the verdict with its reason', async () => {
    await openLab('pg-bank-transfer-survives', 6);
    const replayed = screen.getByRole('list', { name: 'Records replayed' });
    const rows = within(replayed).getAllByRole('listitem');
    expect(rows).toHaveLength(4);
    expect(rows[1].textContent).toContain('page image restored');
    expect(rows[2].textContent).toContain('redone');
    expect(rows[3].textContent).toContain('pg_xact: committed');
    const verdict = screen.getByLabelText('Recovery verdict');
    expect(verdict.textContent).toMatch(/T1 survived.*commit record \(ending 0\/[0-9A-F]+\) was flushed before the crash/);
    const accounts = document.querySelector('table[data-table="accounts"]') as HTMLElement;
    expect(within(accounts).getByRole('rowheader', { name: 'alice' }).parentElement?.textContent).toContain('70');
    // Checkpoints are not an essential: folded in the default view, one click away.
    expect(screen.queryByLabelText('pg_control')).toBeNull();
    const checkpoints = screen.getByRole('region', { name: 'Checkpoints and pg_control' });
    await userEvent.setup().click(within(checkpoints).getByRole('button', { name: /Show/ }));
    expect(screen.getByLabelText('pg_control').textContent).toContain('in production');
  });
});

describe('When a user pulls the plug where the scenario does not', () => {
  it('forks a crash, offers the restart, and recovery keeps the committed transfer', async () => {
    const store = await openLab('pg-commit-no-data-pages', 4);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: /Pull the plug here/ }));
    await screen.findByText('Server down: crashed');
    expect(store.getState().branches).toHaveLength(2);
    expect(screen.getByText(/Lost with the power/).textContent).toContain('Shared buffers are empty');
    await user.click(screen.getByRole('button', { name: /Restart the server/ }));
    const verdict = await screen.findByLabelText('Recovery verdict');
    expect(verdict.textContent).toContain('T1 survived');
    await waitFor(() => expect(store.getState().frame?.step).toBe(6));
    const accounts = document.querySelector('table[data-table="accounts"]') as HTMLElement;
    expect(within(accounts).getByRole('rowheader', { name: 'alice' }).parentElement?.textContent).toContain('90');
  });
});
