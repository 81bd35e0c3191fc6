// @vitest-environment jsdom
import { render, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { labFrames } from '../../../../test/support/frame-at';
import { InterleavingPanel } from './InterleavingPanel';

const cellsOf = (container: HTMLElement) =>
  [...container.querySelectorAll('.txn-schedule > tbody > tr')].map((tr) =>
    [...tr.querySelectorAll(':scope > td')].map((td) => td.textContent ?? ''),
  );

describe('When two sessions increment the same counter under Read Committed', () => {
  const run = labFrames('transactions', 'txn-lost-update-rc');

  it('draws s2 blocked at step 6, waiting for s1 and its xid', () => {
    const { view } = run.at(6);
    const { container, getByRole } = render(<InterleavingPanel step={6} view={view} />);
    expect(getByRole('heading', { level: 2 }).textContent).toBe('Interleaving (isolation tester schedule)');
    const rows = cellsOf(container);
    expect(rows).toHaveLength(6);
    expect(rows[5][0]).toBe('');
    expect(rows[5][1]).toContain('UPDATE counter SET x = 1 WHERE id = 1');
    expect(rows[5][1]).toContain('waiting: waits for s1 (xid 4)');
    // Both SELECTs read 0, shown as a small result table.
    const selects = container.querySelectorAll('.txn-result');
    expect(
      [...selects].map((t) =>
        within(t as HTMLElement)
          .getAllByRole('cell')
          .map((c) => c.textContent),
      ),
    ).toEqual([['0'], ['0']]);
    expect(container.querySelector('tr[aria-current="step"] th')?.textContent).toBe('6');
  });

  it('completes the waiting update when s1 commits, and marks both commits', () => {
    const { view } = run.at(8);
    const { container } = render(<InterleavingPanel step={8} view={view} />);
    const rows = cellsOf(container);
    expect(rows[5][1]).toContain('waited for s1 (xid 4) until step 7');
    expect(rows[6][0]).toContain('✓ committed');
    expect(rows[6][1]).toContain('<… completed>');
    expect(rows[6][1]).toContain('UPDATE 1');
    expect(rows[7][1]).toContain('✓ committed');
    expect(container.querySelectorAll('.end-committed')).toHaveLength(2);
  });

  it('shows s2 waiting again when the timeline goes back to step 6 after the end', () => {
    const { view } = run.at(6);
    const { container } = render(<InterleavingPanel step={6} view={view} />);
    const rows = cellsOf(container);
    expect(rows).toHaveLength(6);
    expect(rows[5][1]).toContain('waiting: waits for s1 (xid 4)');
  });
});

describe('When two transfers lock rows in opposite order', () => {
  it("shows the deadlock victim with SQLSTATE 40P01 and PostgreSQL's message, aborted", () => {
    const run = labFrames('transactions', 'txn-deadlock');
    const { view } = run.at(6);
    const { container } = render(<InterleavingPanel step={6} view={view} />);
    const rows = cellsOf(container);
    // Both wait; s1 waited first, so its deadlock timer fires first and s1 is the victim.
    expect(rows[5][0]).toContain('<… completed>');
    expect(rows[5][0]).toContain('ERROR 40P01: deadlock detected');
    expect(rows[5][0]).toMatch(/✗ aborted$/);
    expect(rows[4][0]).toContain('waited for s2 (xid 5) until step 6');
    // s2's update, blocked at step 6, finishes as soon as s1 is cancelled.
    expect(rows[5][1]).toContain('waited for s1 (xid 4) until step 6');
    expect(container.querySelector('.txn-cell.tone-error .err')?.textContent).toContain('40P01');
  });

  it('says nothing ran yet at step 0', () => {
    const run = labFrames('transactions', 'txn-deadlock');
    const { container } = render(<InterleavingPanel step={0} view={run.at(0).view} />);
    expect(container.textContent).toContain('No step has run yet');
  });
});
