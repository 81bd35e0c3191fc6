// @vitest-environment jsdom
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ScenarioOf } from '../../../../engine/scenario/schema';
import { explore as exploreHere } from '../../../../engine/transactions/explorer';
import { createInProcessClient } from '../../../../worker/in-process';
import { txnPreset } from '../../../../../test/support/transactions';
import { matrixRows, THREE_BY_THREE, viaHost } from '../../../../../test/support/transactions-ui';
import ExplorerPanel from './ExplorerPanel';

type TxnScenario = ScenarioOf<'transactions'>;

describe('When the explorer runs on the lost-update preset', () => {
  const scenario = txnPreset('txn-lost-update-rc');
  const expected = exploreHere(scenario);

  it('filters to orders whose outcome differs between levels, and to one outcome pattern', async () => {
    const { container } = render(<ExplorerPanel scenario={scenario} onOpen={() => {}} onClose={() => {}} explore={viaHost} />);
    await screen.findByRole('table', { name: /Outcomes per isolation level/ });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Only orders whose outcome differs between levels' }));
    const differing = expected.outcomes.filter((row) => new Set(row.map((o) => o.kind + (o.anomaly ?? ''))).size > 1).length;
    expect(differing).toBeLessThan(70);
    expect(matrixRows(container)).toHaveLength(differing);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Only orders whose outcome differs between levels' }));
    const patterns = screen.getAllByRole('button', { name: 'Only these' });
    expect(patterns.length).toBeGreaterThan(1);
    const first = patterns[0].closest('tr') as HTMLElement;
    const count = Number(within(first).getAllByRole('cell').at(-2)?.textContent);
    fireEvent.click(patterns[0]);
    expect(matrixRows(container)).toHaveLength(count);
    expect(screen.getByRole('button', { name: 'Show all' }).getAttribute('aria-pressed')).toBe('true');
  });
});

describe('When the explorer runs on three sessions of three steps', () => {
  it('reports progress while it runs, through the host as the worker does', async () => {
    const seen: [number, number][] = [];
    const host = createInProcessClient();
    const explore = (s: TxnScenario, onProgress?: (done: number, total: number) => void) =>
      host.explore(s, (done, total) => {
        seen.push([done, total]);
        onProgress?.(done, total);
      });
    render(<ExplorerPanel scenario={THREE_BY_THREE} onOpen={() => {}} onClose={() => {}} explore={explore} />);
    await screen.findByRole('table', { name: /1,680 orders each/ });
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.every(([, total]) => total === 5040)).toBe(true);
    expect(seen.map(([d]) => d)).toEqual([...seen.map(([d]) => d)].sort((a, b) => a - b));
    expect(seen.at(-1)).toEqual([5040, 5040]);
  });
});
