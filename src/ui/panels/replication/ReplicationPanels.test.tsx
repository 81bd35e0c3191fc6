// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { labFrames } from '../../../../test/support/frame-at';
import ReplicationPanels from './ReplicationPanels';
import { lag } from './StatReplicationPanel';

/** The frame the worker would send for this preset and step. */
const frameOf = (id: string, step: number) => labFrames('replication', id).at(step);

const cell = (node: string, key: string) => document.querySelector(`td.read-cell[data-node="${node}"][data-key="${key}"]`) as HTMLElement;

describe('When the stale-read preset is at its stale read', () => {
  it('marks the standby cell stale, says so in words, and shows the WAL still on the wire', () => {
    render(<ReplicationPanels frame={frameOf('repl-async-stale-read', 5)} duration={0} />);
    expect(cell('standby1', 'alice').dataset.verdict).toBe('stale');
    expect(cell('standby1', 'alice').textContent).toBe('100stale');
    expect(cell('primary', 'alice').dataset.verdict).toBe('same');
    expect(screen.getByRole('status').textContent).toContain('while the primary has 90: a stale read');
    expect(document.querySelectorAll('g.msg-wal')).toHaveLength(1);
    expect(screen.getByRole('list', { name: 'Messages on the wire' }).textContent).toContain(
      'WAL 0/3000028 to 0/3000098 from primary to standby1, arrives at 40 ms',
    );
  });
});

describe('When the partition preset has a waiting commit', () => {
  it('draws the cut link with a label, shows T1 waiting and T2 acknowledged, and pg_stat_replication marks the link', () => {
    render(<ReplicationPanels frame={frameOf('repl-partition', 6)} duration={0} />);
    const link = document.querySelector('g.repl-link[data-cut="true"]');
    expect(link?.textContent).toContain('✂ cut');
    expect(screen.getByRole('img', { name: /primary–standby1: cut/ })).toBeTruthy();
    const t1 = document.querySelector('li.txn[data-tx="T1"]') as HTMLElement;
    expect(t1.dataset.status).toBe('waiting');
    expect(t1.textContent).toContain('waiting for synchronous replication');
    expect(t1.textContent).toContain('waits for 0/3000098');
    expect((document.querySelector('li.txn[data-tx="T2"]') as HTMLElement).textContent).toContain('synchronous_commit = local');
    const stat = within(screen.getByRole('region', { name: 'pg_stat_replication rows' }));
    expect(stat.getByRole('row', { name: /^state/ }).textContent).toContain('link cut');
    expect(stat.getByRole('row', { name: /^sync_state/ }).textContent).toContain('sync');
  });
});

describe('When the failover preset has promoted pg2', () => {
  it('names the lost commit with its writes and prints the history file', () => {
    render(<ReplicationPanels frame={frameOf('repl-failover-loses-commits', 7)} duration={0} />);
    expect(screen.getByRole('note', { name: 'Lost commits' }).textContent).toContain('T2 committed at 0/30000E0 on pg1');
    expect(document.querySelector('.history-file')?.textContent).toBe(
      'pg2: pg_wal/00000002.history1\t0/3000098\tno recovery target specified',
    );
    expect(document.querySelector('g.node-box[data-node="pg1"]')?.classList.contains('node-down')).toBe(true);
  });
});

describe('When the standby that received a waiting commit is promoted after the primary crashed', () => {
  it('lists the commit as committed, but not acknowledged: its client only saw the connection drop', () => {
    const run = labFrames('replication', {
      v: 1,
      lab: 'replication',
      title: 'A waiting commit survives on the promoted standby',
      seed: 1,
      options: { standbys: ['s1'], synchronous_standby_names: ['s1'], latency: { min: 40, max: 40 }, rows: { alice: 100 } },
      steps: [
        { do: { type: 'write', tx: 'T1', key: 'alice', value: 90 } },
        { do: { type: 'commit', tx: 'T1' } },
        { do: { type: 'advance', ms: 50 } },
        { do: { type: 'crash', node: 'primary' } },
        { do: { type: 'promote', node: 's1' } },
      ],
    });
    render(<ReplicationPanels frame={run.at(run.scenario.steps.length)} duration={0} />);
    const t1 = document.querySelector('li.txn[data-tx="T1"]') as HTMLElement;
    expect(t1.dataset.status).toBe('committed');
    expect(t1.textContent).toContain('committed, but its client only saw the connection drop during the wait');
    expect(t1.textContent).not.toContain('acknowledged');
  });
});

describe('When time passes with WAL on the wire', () => {
  it('the message moves from where it was when the step began (clock.advanced from) to where it is now', () => {
    render(<ReplicationPanels frame={frameOf('repl-async-stale-read', 3)} duration={300} />);
    const msg = document.querySelector('g.msg-wal') as SVGGElement;
    // Sent at 0 ms, arriving at 40 ms, and the step let 10 ms pass: a quarter of the way.
    expect(msg.style.getPropertyValue('--x0')).not.toBe(msg.style.getPropertyValue('--x1'));
    expect(msg.style.animationDuration).toBe('300ms');
  });

  it('nothing keeps running once the panels are unmounted mid-animation', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'requestAnimationFrame'] });
    try {
      const { rerender, unmount } = render(<ReplicationPanels frame={frameOf('repl-async-stale-read', 3)} duration={300} />);
      rerender(<ReplicationPanels frame={frameOf('repl-async-stale-read', 4)} duration={300} />);
      unmount();
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('When a lag is printed', () => {
  it('reads like a psql interval', () => {
    expect([lag(null), lag(80), lag(1000), lag(61_250)]).toEqual(['NULL', '00:00:00.08', '00:00:01', '00:01:01.25']);
  });
});
