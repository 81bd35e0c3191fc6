// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { txnPreset } from '../../../../../test/support/transactions';
import { openEditor, statusText } from '../../../../../test/support/transactions-ui';

/** The blobs the page offered for download, with the names it gave them. */
let downloads: { name: string; blob: Blob }[] = [];

beforeEach(() => {
  downloads = [];
  let blob: Blob | null = null;
  vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: (b: Blob) => ((blob = b), 'blob:psql'), revokeObjectURL: () => {} }));
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    if (blob) downloads.push({ name: this.download, blob });
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('When a transactions scenario is exported for psql', () => {
  it('downloads one file with the run order, setup, each session and the spec, and shows how to run it', async () => {
    const { user } = await openEditor(txnPreset('txn-deadlock'));
    await user.click(screen.getByRole('button', { name: 'Export for psql' }));
    await waitFor(() => expect(downloads).toHaveLength(1));
    expect(downloads[0].name).toBe('deadlock-two-transfers-in-opposite-order.psql.txt');
    const text = await downloads[0].blob.text();
    for (const section of ['RUN ORDER', 'setup.sql', 's1.sql', 's2.sql', 'teardown.sql']) expect(text).toContain(`\n-- ${section}\n`);
    expect(text).toMatch(/5\. s1 .*<- WAITS for s2/);
    expect(statusText()).toBe(
      'Exported deadlock-two-transfers-in-opposite-order.psql.txt: setup.sql, s1.sql, s2.sql, teardown.sql, the run order and the spec.',
    );
    const howTo = screen.getByRole('note', { name: 'How to run the export in psql' });
    expect(within(howTo).getAllByRole('listitem')).toHaveLength(4);
    expect(howTo.textContent).toContain('2 steps are marked WAITS');
  });

  it('an invalid draft (an empty new step) is not exported, and says why', async () => {
    const { user } = await openEditor();
    await user.click(screen.getByRole('button', { name: '+ Step in s1' }));
    await user.click(screen.getByRole('button', { name: 'Export for psql' }));
    await waitFor(() => expect(statusText()).toMatch(/^Not exported: .*empty/));
    expect(downloads).toEqual([]);
    expect(screen.queryByRole('note', { name: 'How to run the export in psql' })).toBeNull();
  });

  it('a scenario whose step fails still exports, with the failing step marked', async () => {
    const sc = txnPreset('txn-lost-update-rc');
    const broken = { ...sc, steps: [...sc.steps, { do: { type: 'step' as const, session: 's1', sql: 'SELECT * FROM nowhere' } }] };
    const { user } = await openEditor(broken);
    await user.click(screen.getByRole('button', { name: 'Export for psql' }));
    await waitFor(() => expect(downloads).toHaveLength(1));
    const text = await downloads[0].blob.text();
    expect(text).toContain(
      'ERROR:  relation "nowhere" does not exist (SQLSTATE 42P01)\n-- This step fails in the lab.\nSELECT * FROM nowhere;',
    );
    expect(text).toMatch(/9\. s1 {2}SELECT \* FROM nowhere {3}<- fails: 42P01/);
  });
});
