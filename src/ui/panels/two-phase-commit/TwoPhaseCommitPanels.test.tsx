// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { labFrames } from '../../../../test/support/frame-at';
import TwoPhaseCommitPanels from './TwoPhaseCommitPanels';

/** The frame the worker would send at `step` of a preset. */
const frameAt = (id: string, step: number) => labFrames('two-phase-commit', id).at(step);

describe('When the coordinator has crashed and the banks wait in doubt', () => {
  it('each lane shows its state in words, the held locks, pg_prepared_xacts and the blocked transaction', () => {
    const frame = frameAt('2pc-coordinator-crash-in-doubt', 8);
    const { container } = render(<TwoPhaseCommitPanels frame={frame} duration={0} />);
    const coordinator = container.querySelector('.tpc-lane[data-node="coordinator"]') as HTMLElement;
    expect(coordinator.dataset.up).toBe('false');
    expect(within(coordinator.closest('section') as HTMLElement).getByText('✕ down: crashed')).toBeTruthy();
    const bankA = container.querySelector('.tpc-lane[data-node="bank_a"]') as HTMLElement;
    expect(within(bankA).getByText('prepared, in doubt')).toBeTruthy();
    expect(within(bankA).getByRole('list', { name: 'bank_a row locks' }).textContent).toContain(
      'alice held by xid 750 (tx1) · prepared transaction',
    );
    const table = within(bankA).getByRole('table', { name: 'bank_a pg_prepared_xacts' });
    // Prepared at the moment its PREPARE arrived (the seeded latency of that message).
    const prepare = frame.view.messages.find((m) => m.kind === 'PREPARE' && m.to === 'bank_a' && m.status === 'delivered')!;
    expect(prepare.endedAt).toBeGreaterThan(0);
    expect(within(table).getAllByRole('row')[1].textContent).toBe(`750tx1${prepare.endedAt} mspostgresbank`);
    expect(within(bankA).getByText('waiting for a lock').closest('li')?.textContent).toContain('blocked by xid 750 (tx1)');
    expect(screen.getByText('Nothing in flight.')).toBeTruthy();
  });
});

describe('When COMMIT PREPARED is on the wire', () => {
  it('lists each message in flight with its SQL, ends and times, and draws it dashed with a dot', () => {
    const { container } = render(<TwoPhaseCommitPanels frame={frameAt('2pc-everyone-votes-yes', 6)} duration={300} />);
    const flight = screen.getByRole('list', { name: 'Messages in flight' });
    const items = within(flight)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(items).toHaveLength(2);
    expect(items.every((t) => t?.startsWith("COMMIT PREPARED 'tx1' coordinator → bank_"))).toBe(true);
    const dots = container.querySelectorAll('g.tpc-msg.status-flight circle');
    expect(dots).toHaveLength(2);
    expect((dots[0] as SVGElement).style.transition).toContain('300ms');
    // The decision log shows the forced COMMIT, flushed.
    const log = screen.getByRole('list', { name: 'coordinator decision log, newest last' });
    expect(log.textContent).toContain('0/1000028 COMMIT tx1 → bank_a, bank_b flushed');
  });

  it('with duration 0 (reduced motion) nothing transitions', () => {
    const { container } = render(<TwoPhaseCommitPanels frame={frameAt('2pc-everyone-votes-yes', 6)} duration={0} />);
    for (const c of container.querySelectorAll('g.tpc-msg circle')) expect((c as SVGElement).style.transition).toBe('none');
  });
});

describe('When the panels are unmounted while messages move', () => {
  it('nothing keeps running afterwards', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'requestAnimationFrame'] });
    try {
      const { rerender, unmount } = render(<TwoPhaseCommitPanels frame={frameAt('2pc-everyone-votes-yes', 5)} duration={300} />);
      rerender(<TwoPhaseCommitPanels frame={frameAt('2pc-everyone-votes-yes', 6)} duration={300} />);
      unmount();
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
