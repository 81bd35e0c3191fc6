// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { labFrames } from '../../../../test/support/frame-at';
import ReplicationPanels from './ReplicationPanels';

const frameOf = (id: string, step: number) => labFrames('replication', id).at(step);
const horizonPanel = () => screen.getByRole('region', { name: 'VACUUM and the xmin horizon' });
const dead = (node: string) => Number((document.querySelector(`.dead-list li[data-node="${node}"]`) as HTMLElement).dataset.dead);
const query = (session: string) => document.querySelector(`li.query[data-session="${session}"]`) as HTMLElement;

describe('When a run never uses VACUUM, long reads, feedback or slots', () => {
  it('shows no horizon panel', () => {
    render(<ReplicationPanels frame={frameOf('repl-async-stale-read', 3)} duration={0} />);
    expect(screen.queryByRole('region', { name: 'VACUUM and the xmin horizon' })).toBeNull();
  });
});

describe('When VACUUM on the primary conflicts with a standby query', () => {
  it("prints VACUUM VERBOSE's lines and counts the dead versions per node", () => {
    render(<ReplicationPanels frame={frameOf('repl-vacuum-cancels-standby-query', 5)} duration={0} />);
    const panel = horizonPanel();
    expect(panel.querySelector('.vacuum-verbose')?.textContent).toBe(
      'tuples: 1 removed, 2 remain, 0 are dead but not yet removable\nremovable cutoff: 751, which was 0 XIDs old when operation ended',
    );
    expect(panel.querySelector('.vacuum-title')?.textContent).toContain('Heap2 PRUNE at 0/3000098');
    expect([dead('primary'), dead('s1')]).toEqual([0, 1]);
    expect(panel.querySelector('.horizon-line')?.textContent).toBe('xmin horizon on primary: 751, the next xid: nothing holds it back');
  });

  it('shows the query waited for while replay is held, then cancelled with the error', () => {
    render(<ReplicationPanels frame={frameOf('repl-vacuum-cancels-standby-query', 9)} duration={0} />);
    expect(query('R1').dataset.status).toBe('conflict');
    expect(query('R1').textContent).toContain('replay on s1 waits for it since 340 ms (max_standby_streaming_delay 30s)');
  });

  it('after 30 s the query shows ERROR and DETAIL as psql prints them', () => {
    render(<ReplicationPanels frame={frameOf('repl-vacuum-cancels-standby-query', 11)} duration={0} />);
    expect(query('R1').dataset.status).toBe('cancelled');
    expect(query('R1').querySelector('pre')?.textContent).toBe(
      'ERROR:  canceling statement due to conflict with recovery\nDETAIL:  User query might have needed to see row versions that must be removed.',
    );
  });
});

describe('When a slot holds the feedback xmin', () => {
  it('names the slot as the holder, lists pg_replication_slots, and pg_stat_replication.backend_xmin is NULL', () => {
    render(<ReplicationPanels frame={frameOf('repl-standby-feedback-bloat', 8)} duration={0} />);
    const panel = horizonPanel();
    expect(panel.querySelector('.horizon-line')?.textContent).toBe('xmin horizon on primary: 750, held by slot s1 (next xid 752)');
    expect(dead('primary')).toBe(2);
    const slots = within(screen.getByRole('region', { name: 'pg_replication_slots' }));
    expect(slots.getByRole('row', { name: /^s1/ }).textContent).toBe('s1t7500/3000028');
    const stat = within(screen.getByRole('region', { name: 'pg_stat_replication rows' }));
    expect(stat.getByRole('row', { name: /^backend_xmin/ }).textContent).toBe('backend_xminNULL');
  });

  it('after the standby crashed the slot is inactive and still holds 750', () => {
    render(<ReplicationPanels frame={frameOf('repl-standby-feedback-bloat', 10)} duration={0} />);
    const slots = within(screen.getByRole('region', { name: 'pg_replication_slots' }));
    expect(slots.getByRole('row', { name: /^s1/ }).textContent).toMatch(/^s1f750/);
    expect(horizonPanel().querySelector('.vacuum-verbose')?.textContent).toContain('0 removed, 4 remain, 2 are dead but not yet removable');
  });
});

describe('When the cluster diagram shows the horizon story', () => {
  it("notes the primary's dead versions and horizon, and the standby's conflict, under their bars", () => {
    render(<ReplicationPanels frame={frameOf('repl-vacuum-cancels-standby-query', 9)} duration={0} />);
    const note = (node: string) => document.querySelector(`g.node-box[data-node="${node}"] .node-horizon-note`)?.textContent;
    expect(note('primary')).toBe('1 dead version · xmin horizon 752');
    expect(note('s1')).toBe('‖ replay waits for R1: conflict');
  });
});
