// @vitest-environment jsdom
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { labFrames } from '../../../../test/support/frame-at';
import { DependencyGraphPanel } from './DependencyGraphPanel';
import { SnapshotsLocksPanel } from './SnapshotsLocksPanel';
import { TuplesPanel } from './TuplesPanel';

const heapRows = (container: HTMLElement) =>
  [...container.querySelectorAll('table.txn-heap tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent ?? ''));

describe('When s2 waits on the row s1 updated (lost update, step 6)', () => {
  const { view } = labFrames('transactions', 'txn-lost-update-rc').at(6);

  it('lists both versions as pageinspect does: ctid, xmin, xmax, hint bits, t_ctid, data', () => {
    const { container, getByRole } = render(<TuplesPanel view={view} />);
    expect(getByRole('heading', { level: 2 }).textContent).toBe('Tuple versions (heap_page_items)');
    expect(container.querySelector('table.txn-heap caption')?.textContent).toBe('counter');
    expect(heapRows(container)).toEqual([
      ['(0,1)', '3', '4', 'XMIN_COMMITTED', '(0,2)', '1', '0'],
      ['(0,2)', '4', '0', '—', '(0,2)', '1', '1'],
    ]);
  });

  it("shows what s2's snapshot sees, as the engine decided: the old version, not s1's in-progress one", async () => {
    const { container, getByRole } = render(<TuplesPanel view={view} />);
    await userEvent.setup().click(getByRole('button', { name: 's2' }));
    expect(getByRole('button', { name: 's2' }).getAttribute('aria-pressed')).toBe('true');
    expect(container.querySelector('.txn-focus-note')?.textContent).toContain("s2's snapshot: xmin 4, xmax 5, in progress [4]");
    const rows = heapRows(container);
    expect(rows[0].at(-1)).toBe('✓ visible');
    expect(rows[1].at(-1)).toBe('✗ invisible');
    expect(rows[1][1]).toContain('in progress in the snapshot (xip)');
    await userEvent.setup().click(getByRole('button', { name: 's1 (xid 4)' }));
    const mine = heapRows(container);
    expect(mine[1][1]).toContain('its own xid');
    expect(mine.map((r) => r.at(-1))).toEqual(view.tables[0].tuples.map((u) => (u.visibleTo.includes('s1') ? '✓ visible' : '✗ invisible')));
  });

  it('badges each snapshot and lists the held lock and the awaited one', () => {
    const { container } = render(<SnapshotsLocksPanel view={view} />);
    const badges = [...container.querySelectorAll('.txn-badge')].map((b) => b.textContent);
    expect(badges[0]).toContain('snapshot 4:4:[]');
    expect(badges[1]).toContain('snapshot 4:5:[4]');
    expect(badges[1]).toContain('waiting for s1 (xid 4)');
    const locks = [...container.querySelectorAll('table.txn-locks tbody tr')].map((r) => r.textContent);
    expect(locks).toEqual(['s14counter (0,1)FOR NO KEY UPDATE● held', 's2—counter (0,1)FOR NO KEY UPDATE‖ waits for s1 (xid 4)']);
  });
});

describe('When both doctors go off call (write skew)', () => {
  it('draws the rw cycle between the two commits and names G2-item', () => {
    const { view } = labFrames('transactions', 'txn-write-skew').at(8);
    const { container } = render(<DependencyGraphPanel view={view} duration={0} />);
    expect(container.querySelector('.txn-verdict')?.textContent).toContain('G2-item, write skew');
    const cycle = [...container.querySelectorAll('.dsg-edge.in-cycle .edge-label')].map((t) => t.textContent);
    expect(cycle).toEqual(['rw', 'rw']);
    expect([...container.querySelectorAll('.dsg-node.in-cycle .node-name')].map((t) => t.textContent).sort()).toEqual(['alice', 'bob']);
  });
});
