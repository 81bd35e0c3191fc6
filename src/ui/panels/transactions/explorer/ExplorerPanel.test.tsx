// @vitest-environment jsdom
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ScenarioOf } from '../../../../engine/scenario/schema';
import { explore as exploreHere } from '../../../../engine/transactions/explorer';
import { PRESETS } from '../../../../scenarios';
import { createEngineHost } from '../../../../worker/host';
import { scenarioStep, txnPreset } from '../../../../../test/support/transactions';
import { matrixRows, THREE_BY_THREE, viaHost } from '../../../../../test/support/transactions-ui';
import ExplorerPanel, { PAGE } from './ExplorerPanel';

type TxnScenario = ScenarioOf<'transactions'>;

describe('When the explorer runs on the lost-update preset', () => {
  const scenario = txnPreset('txn-lost-update-rc');
  const expected = exploreHere(scenario);

  it("shows each level's counts per outcome and the anomalies found: G-single under Read Committed, none under Serializable", async () => {
    const { container } = render(<ExplorerPanel scenario={scenario} onOpen={() => {}} onClose={() => {}} explore={viaHost} />);
    const summary = await screen.findByRole('table', { name: /Outcomes per isolation level \(70 orders each, 210 runs\)/ });
    const head = within(summary)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(head).toEqual(['Outcome', 'Read Committed', 'Repeatable Read', 'Serializable']);
    const row = (name: RegExp) => within(summary).getByRole('rowheader', { name }).closest('tr') as HTMLElement;
    const cells = (name: RegExp) =>
      within(row(name))
        .getAllByRole('cell')
        .map((c) => c.textContent);
    expect(cells(/serialization failure/)).toEqual(expected.summary.map((s) => String(s.counts.serialization)));
    expect(cells(/cannot run as written/)).toEqual(expected.summary.map((s) => String(s.counts.invalid)));
    expect(cells(/Anomalies found/)).toEqual([`G-single ×${expected.summary[0].anomalies['G-single']}`, 'none', 'none']);
    expect(expected.summary[0].anomalies['G-single']).toBeGreaterThan(0);
    // The first page of the matrix, the scenario's own order marked.
    expect(matrixRows(container)).toHaveLength(70);
    expect(container.querySelector('.xp-matrix tr.original th')?.textContent).toBe('a1b1a2b2a3b3a4b4 (the scenario’s order)');
  });

  it('opens the cell chosen: the steps in that order, every session at that level, and says which it is', async () => {
    const onOpen = vi.fn<(s: TxnScenario) => void>();
    render(<ExplorerPanel scenario={scenario} onOpen={onOpen} onClose={() => {}} explore={viaHost} />);
    const cell = await screen.findByRole('button', {
      name: 'a1 b1 a2 b2 a3 b3 a4 b4 at Read Committed: G-single anomaly in the committed transactions, after a lock wait',
    });
    fireEvent.click(cell);
    expect(onOpen).toHaveBeenCalledTimes(1);
    const opened = onOpen.mock.calls[0][0];
    expect(opened.title).toBe('Lost update under Read Committed · a1 b1 a2 b2 a3 b3 a4 b4 at Read Committed');
    expect(opened.options.isolation).toEqual({ s1: 'read committed', s2: 'read committed' });
    expect(opened.steps.map((s) => s.do)).toEqual(scenario.steps.map((s) => s.do));
    // The matrix folds away so the lab below is in view, and comes back on request.
    expect(screen.getByRole('status').textContent).toMatch(/at Read Committed: G-single anomaly/);
    fireEvent.click(screen.getByRole('button', { name: 'Back to the matrix' }));
    expect(screen.getByRole('button', { name: /^a1 b1 a2 b2 a3 b3 a4 b4 at Read Committed/ }).getAttribute('aria-current')).toBe('true');

    const serial = expected.permutations.findIndex((p) => p.join(',') === '0,2,4,6,1,3,5,7');
    fireEvent.click(screen.getByRole('button', { name: /^a1 a2 a3 a4 b1 b2 b3 b4 at Serializable: / }));
    const second = onOpen.mock.calls[1][0];
    expect(second.steps.map((s) => s.do)).toEqual(expected.permutations[serial].map((i) => scenario.steps[i].do));
    expect(second.options.isolation).toEqual({ s1: 'serializable', s2: 'serializable' });
  });
});

describe('When the explorer runs on three sessions of three steps', () => {
  it(`draws ${PAGE} of the 1,680 orders at a time, more on request`, async () => {
    const { container } = render(<ExplorerPanel scenario={THREE_BY_THREE} onOpen={() => {}} onClose={() => {}} explore={viaHost} />);
    await screen.findByRole('table', { name: /1,680 orders each, 5,040 runs/ });
    expect(matrixRows(container)).toHaveLength(PAGE);
    expect(container.querySelectorAll('.xp-matrix button.xp-cell')).toHaveLength(PAGE * 3);
    fireEvent.click(screen.getByRole('button', { name: `Show ${PAGE} more (${(1680 - PAGE).toLocaleString('en')} not shown)` }));
    expect(matrixRows(container)).toHaveLength(2 * PAGE);
  });

  it('says why when the scenario has too many orders to run', async () => {
    const four: TxnScenario = {
      ...THREE_BY_THREE,
      options: { sessions: ['a', 'b', 'c', 'd'] },
      steps: ['a', 'b', 'c', 'd'].flatMap((s) => [1, 2, 3, 4].map((n) => scenarioStep(s, `SELECT ${n}`))),
    };
    render(<ExplorerPanel scenario={four} onOpen={() => {}} onClose={() => {}} explore={viaHost} />);
    expect((await screen.findByRole('alert')).textContent).toMatch(/^Too many runs to explore: 63,063,000 interleavings × 3 levels/);
  });
});

describe('When the engine host is asked to explore', () => {
  it('explores the loaded scenario when given none, and refuses other labs with a sentence', () => {
    const host = createEngineHost();
    expect(() => host.explore()).toThrow('No scenario is loaded.');
    const scenario = txnPreset('txn-write-skew');
    host.load(scenario);
    expect(host.explore()).toEqual(exploreHere(scenario));
    const other = txnPreset('txn-lost-update-rc');
    expect(host.explore(other).title).toBe(other.title);
    const notTxn = PRESETS.find((p) => p.scenario.lab !== 'transactions')?.scenario;
    if (!notTxn) throw new Error('No preset of another lab');
    expect(() => host.explore(notTxn)).toThrow('The interleaving explorer runs transactions scenarios only.');
    expect(() => host.explore({ ...scenario, steps: [{ do: { type: 'step', session: '', sql: 'SELECT 1' } }] })).toThrow(/session/);
  });
});
