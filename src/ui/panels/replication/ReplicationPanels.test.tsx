// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Timeline } from '../../../engine/core/timeline';
import { replicationLab } from '../../../engine/replication/engine';
import { replicationPresets } from '../../../scenarios/replication/presets';
import type { FrameMsg } from '../../../worker/protocol';
import ReplicationPanels from './ReplicationPanels';
import { lag } from './StatReplicationPanel';

/** The frame the worker would send for this preset and step. */
function frameOf(id: string, step: number): FrameMsg {
  const p = replicationPresets.find((x) => x.preset === id);
  if (!p) throw new Error(id);
  const t = new Timeline(replicationLab, { seed: p.seed, options: p.options, actions: p.steps.map((s) => s.do) });
  const f = t.seek(step);
  return { step, total: t.total, events: f.events, view: f.view, narration: p.steps[step - 1]?.say ?? '', outcome: null, suggestions: [] };
}

const cell = (node: string, key: string) => document.querySelector(`td.read-cell[data-node="${node}"][data-key="${key}"]`) as HTMLElement;

describe('When the stale-read preset is at its stale read', () => {
  it('marks the standby cell stale, says so in words, and shows the WAL still on the wire', () => {
    render(<ReplicationPanels frame={frameOf('repl-async-stale-read', 5)} duration={0} />);
    expect(cell('standby1', 'alice').dataset.verdict).toBe('stale');
    expect(cell('standby1', 'alice').textContent).toBe('100stale');
    expect(cell('primary', 'alice').dataset.verdict).toBe('same');
    expect(screen.getByRole('status').textContent).toContain('while the primary has 90: a stale read');
    expect(document.querySelectorAll('g.msg-wal')).toHaveLength(1);
    expect(screen.getByRole('list', { name: 'Messages on the wire' }).textContent).toContain('WAL 0/3000028 to 0/3000098 from primary to standby1, arrives at 40 ms');
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
    expect(document.querySelector('.history-file')?.textContent).toBe('pg2: pg_wal/00000002.history1\t0/3000098\tno recovery target specified');
    expect(document.querySelector('g.node-box[data-node="pg1"]')?.classList.contains('node-down')).toBe(true);
  });
});

describe('When the standby that received a waiting commit is promoted after the primary crashed', () => {
  it('lists the commit as committed, but not acknowledged: its client only saw the connection drop', () => {
    const actions = [
      { type: 'write', tx: 'T1', key: 'alice', value: 90 },
      { type: 'commit', tx: 'T1' },
      { type: 'advance', ms: 50 },
      { type: 'crash', node: 'primary' },
      { type: 'promote', node: 's1' },
    ] as const;
    const options = { standbys: ['s1'], synchronous_standby_names: ['s1'], latency: { min: 40, max: 40 }, rows: { alice: 100 } };
    const t = new Timeline(replicationLab, { seed: 1, options, actions: [...actions] });
    const f = t.seek(actions.length);
    render(<ReplicationPanels frame={{ step: actions.length, total: t.total, events: f.events, view: f.view, narration: '', outcome: null, suggestions: [] }} duration={0} />);
    const t1 = document.querySelector('li.txn[data-tx="T1"]') as HTMLElement;
    expect(t1.dataset.status).toBe('committed');
    expect(t1.textContent).toContain('committed, but its client only saw the connection drop during the wait');
    expect(t1.textContent).not.toContain('acknowledged');
  });
});

describe('When a lag is printed', () => {
  it('reads like a psql interval', () => {
    expect([lag(null), lag(80), lag(1000), lag(61_250)]).toEqual(['NULL', '00:00:00.08', '00:00:01', '00:01:01.25']);
  });
});
