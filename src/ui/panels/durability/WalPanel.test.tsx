// @vitest-environment jsdom
import { render, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { labFrames } from '../../../../test/support/frame-at';
import { WalPanel } from './WalPanel';

const records = (c: HTMLElement) => [...c.querySelectorAll<SVGGElement>('svg.wal-svg g.wal-rec')];
const LSN = /^[0-9A-F]+\/[0-9A-F]+$/;

describe('When the bank transfer writes its WAL', () => {
  const run = labFrames('durability', 'pg-bank-transfer-survives');

  it('puts one record per WAL record on the tape, each with its LSN as PostgreSQL prints it and its kind', () => {
    const { view, events } = run.at(3);
    const { container } = render(<WalPanel view={view} events={events} duration={0} stepKey="3" />);
    const tape = records(container);
    expect(tape).toHaveLength(view.wal.records.length);
    expect(tape.map((r) => r.dataset.lsn)).toEqual(view.wal.records.map((r) => r.lsnText));
    for (const r of tape) expect(r.dataset.lsn).toMatch(LSN);
    expect(tape.map((r) => r.dataset.kind)).toEqual(['CHECKPOINT_SHUTDOWN', 'HOT_UPDATE', 'HOT_UPDATE']);
    expect(container.textContent).toContain('0/10000A0');
  });

  it('marks the full-page image (hatched, labelled FPI) on the first change after the checkpoint only', () => {
    const { view, events } = run.at(3);
    const { container } = render(<WalPanel view={view} events={events} duration={0} stepKey="3" />);
    const fpi = records(container).filter((r) => r.dataset.fpi === 'true');
    expect(fpi).toHaveLength(1);
    expect(fpi[0].querySelector('.fpi-overlay')).not.toBeNull();
    expect(fpi[0].textContent).toContain('FPI');
    const list = within(container.querySelector('table.wal-list') as HTMLElement);
    expect(list.getAllByText('FPI')).toHaveLength(1);
  });

  it('leaves records in the WAL buffers until COMMIT flushes them, then flashes the fsync', () => {
    const before = run.at(3);
    const { container, rerender } = render(<WalPanel view={before.view} events={before.events} duration={0} stepKey="3" />);
    const buffered = records(container).filter((r) => r.classList.contains('state-buffered'));
    expect(buffered.map((r) => r.dataset.kind)).toEqual(['HOT_UPDATE', 'HOT_UPDATE']);
    expect(container.querySelector('.fsync-badge')).toBeNull();
    expect(container.querySelector('.ptr-text-insert')?.textContent).not.toBe(container.querySelector('.ptr-text-flushed')?.textContent);

    const after = run.at(4);
    rerender(<WalPanel view={after.view} events={after.events} duration={0} stepKey="4" />);
    expect(records(container).every((r) => r.classList.contains('state-flushed'))).toBe(true);
    expect(
      records(container)
        .filter((r) => r.classList.contains('just-flushed'))
        .map((r) => r.dataset.kind),
    ).toEqual(['HOT_UPDATE', 'HOT_UPDATE', 'COMMIT']);
    expect(container.querySelector('.fsync-badge')?.textContent).toContain('fsync');
    expect(container.querySelector('.ptr-text-flushed')?.textContent).toBe(after.view.wal.insertText);
  });

  it('moves the insert and flush pointers to their LSNs (end state with reduced motion)', () => {
    const { view, events } = run.at(4);
    const { container } = render(<WalPanel view={view} events={events} duration={0} stepKey="4" />);
    const x = (sel: string) => Number(/translate\(([\d.]+)/.exec(container.querySelector(sel)?.getAttribute('transform') ?? '')?.[1]);
    const last = records(container).at(-1)?.querySelector('rect');
    const end = Number(last?.getAttribute('x')) + Number(last?.getAttribute('width'));
    expect(x('g.ptr-insert')).toBeCloseTo(end);
    expect(x('g.ptr-flushed')).toBeCloseTo(end);
    expect(container.querySelector('g.ptr-insert')?.textContent).toContain(`insert ${view.wal.insertText}`);
  });

  it('shows pg_control’s REDO point on the tape, and after recovery the end-of-recovery checkpoint moved it', () => {
    const start = run.at(1);
    const first = render(<WalPanel view={start.view} events={start.events} duration={0} stepKey="1" />);
    expect(first.container.querySelector('.redo-marker')?.textContent).toBe(`REDO ${start.view.control.redoText}`);
    first.unmount();
    const end = run.at(6);
    const { container } = render(<WalPanel view={end.view} events={end.events} duration={0} stepKey="6" />);
    expect(container.querySelector('.redo-marker')?.textContent).toBe(`REDO ${end.view.control.redoText}`);
    expect(end.view.control.redoText).not.toBe(start.view.control.redoText);
    expect(container.querySelector('g.replay-cursor')?.getAttribute('opacity')).toBe('1');
  });
});

describe('When synchronous_commit is off and the power fails', () => {
  const run = labFrames('durability', 'pg-async-commit');

  it('keeps acknowledged commit records in the buffers, then shows the unflushed WAL as lost at the crash', () => {
    const crashStep = run.scenario.steps.findIndex((s) => s.do.type === 'crash') + 1;
    const before = run.at(crashStep - 1);
    const { container, rerender } = render(<WalPanel view={before.view} events={before.events} duration={0} stepKey="a" />);
    const commits = records(container).filter((r) => r.dataset.kind === 'COMMIT');
    expect(commits.map((r) => r.classList.contains('state-flushed'))).toEqual([true, false, false]);

    const crashed = run.at(crashStep);
    rerender(<WalPanel view={crashed.view} events={crashed.events} duration={0} stepKey="b" />);
    const crash = crashed.events.find((e) => e.type === 'node.crashed');
    if (crash?.type !== 'node.crashed') throw new Error('no crash at the crash step');
    const lostBytes = crash.lostWal;
    expect(lostBytes).toBeGreaterThan(0);
    expect(container.querySelector('.wal-lost title')?.textContent).toContain(`${lostBytes} B of WAL`);
    expect(records(container).filter((r) => r.dataset.kind === 'COMMIT')).toHaveLength(1);
  });
});
