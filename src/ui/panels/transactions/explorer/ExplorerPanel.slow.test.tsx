// @vitest-environment jsdom
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ScenarioOf } from '../../../../engine/scenario/schema';
import { explore as exploreHere, type ExploreResult } from '../../../../engine/transactions/explorer';
import { presetById } from '../../../../scenarios';
import { createInProcessClient } from '../../../../worker/in-process';
import ExplorerPanel from './ExplorerPanel';

type TxnScenario = ScenarioOf<'transactions'>;

function preset(id: string): TxnScenario {
  const s = presetById(id)?.scenario;
  if (s?.lab !== 'transactions') throw new Error(`No transactions preset ${id}`);
  return s;
}
/** Through the engine host and a structured clone, as the worker answers. */
const viaHost = (s: TxnScenario): Promise<ExploreResult> => createInProcessClient().explore(s);

const step = (session: string, sql: string) => ({ do: { type: 'step' as const, session, sql } });
const THREE: TxnScenario = {
  v: 1,
  lab: 'transactions',
  title: 'Three by three',
  seed: 1,
  options: {
    sessions: ['a', 'b', 'c'],
    setup: ['CREATE TABLE t (id int PRIMARY KEY, x int NOT NULL); INSERT INTO t VALUES (1, 0), (2, 0), (3, 0);'],
  },
  steps: ['a', 'b', 'c'].flatMap((s, i) => [
    step(s, `BEGIN; SELECT x FROM t WHERE id = ${i + 1}`),
    step(s, `UPDATE t SET x = x + 1 WHERE id = ${((i + 1) % 3) + 1}`),
    step(s, 'COMMIT'),
  ]),
};

const matrixRows = (c: HTMLElement) => c.querySelectorAll('.xp-matrix tbody tr');

describe('When the explorer runs on the lost-update preset', () => {
  const scenario = preset('txn-lost-update-rc');
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
    render(<ExplorerPanel scenario={THREE} onOpen={() => {}} onClose={() => {}} explore={explore} />);
    await screen.findByRole('table', { name: /1,680 orders each/ });
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.every(([, total]) => total === 5040)).toBe(true);
    expect(seen.map(([d]) => d)).toEqual([...seen.map(([d]) => d)].sort((a, b) => a - b));
    expect(seen.at(-1)).toEqual([5040, 5040]);
  });
});
