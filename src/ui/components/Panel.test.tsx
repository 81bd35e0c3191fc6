// @vitest-environment jsdom
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isTouched, Panel, priorityOf, StepContext, type StepInfo } from './Panel';

const at = (info: Partial<StepInfo>, ui: React.ReactNode) =>
  render(<StepContext.Provider value={{ step: 1, events: [], essentials: false, ...info }}>{ui}</StepContext.Provider>);

describe('isTouched', () => {
  const events = [{ type: 'page.dirtied' }, { type: 'wal.flushed' }];
  it('matches exact types and whole nouns', () => {
    expect(isTouched(['wal.flushed'], events)).toBe(true);
    expect(isTouched(['page.*'], events)).toBe(true);
    expect(isTouched(['pages.*', 'wal.inserted'], events)).toBe(false);
    expect(isTouched(undefined, events)).toBe(false);
  });
  it('takes a predicate for panels that care about a field', () => {
    const ev = [{ type: 'page.written', by: 'checkpointer' }];
    expect(isTouched((e) => e.type === 'page.written' && 'by' in e && e.by === 'bgwriter', ev)).toBe(false);
    expect(isTouched((e) => e.type === 'page.written' && 'by' in e && e.by === 'checkpointer', ev)).toBe(true);
  });
});

describe('priorityOf', () => {
  it("gives a panel's highest priority among the step's events, 0 without one", () => {
    const events = [{ type: 'page.hit' }, { type: 'table.vacuumed' }];
    expect(priorityOf({ 'table.vacuumed': 2, 'page.*': 1 }, events)).toBe(2);
    expect(priorityOf({ 'page.*': 1 }, events)).toBe(1);
    expect(priorityOf({ 'wal.*': 3 }, events)).toBe(0);
    expect(priorityOf(undefined, events)).toBe(0);
  });
  it('marks a changed panel with it, and only a changed one', () => {
    at(
      { events: [{ type: 'table.vacuumed' }] },
      <>
        <Panel name="table-size" title="Size" touchedBy={['table.vacuumed']} priority={{ 'table.vacuumed': 1 }} />
        <Panel name="pool" title="Pool" touchedBy={['page.*']} priority={{ 'table.vacuumed': 1 }} />
      </>,
    );
    expect(screen.getByRole('region', { name: 'Size' }).dataset.priority).toBe('1');
    expect(screen.getByRole('region', { name: 'Pool' }).dataset.priority).toBeUndefined();
  });
});

describe('Panel', () => {
  it('is a region named by its title, marked changed when the step drew it', () => {
    at(
      { events: [{ type: 'wal.flushed' }] },
      <>
        <Panel name="wal" title="Write-ahead log" touchedBy={['wal.*']} legend="Records" />
        <Panel name="disk" title="Data files" touchedBy={['file.*']} />
      </>,
    );
    expect(screen.getByRole('region', { name: 'Write-ahead log' }).hasAttribute('data-changed')).toBe(true);
    expect(screen.getByRole('region', { name: 'Data files' }).hasAttribute('data-changed')).toBe(false);
    expect(screen.getByText('Records').classList.contains('legend')).toBe(true);
  });

  it('marks nothing at step 0, where every panel is new', () => {
    at({ step: 0, events: [{ type: 'wal.flushed' }] }, <Panel name="wal" title="Write-ahead log" touchedBy={['wal.*']} />);
    expect(screen.getByRole('region', { name: 'Write-ahead log' }).hasAttribute('data-changed')).toBe(false);
  });

  it('folds an optional panel in the essentials view until asked, saying when it changed', async () => {
    at(
      { essentials: true, events: [{ type: 'counter.changed' }] },
      <Panel name="counters" title="Counters" optional touchedBy={['counter.*']}>
        <p>pg_stat figures</p>
      </Panel>,
    );
    expect(screen.queryByText('pg_stat figures')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Show (changed)' }));
    expect(screen.getByText('pg_stat figures')).toBeTruthy();
  });

  it('shows an optional panel whole when all panels are shown', () => {
    at(
      { essentials: false },
      <Panel name="counters" title="Counters" optional>
        <p>pg_stat figures</p>
      </Panel>,
    );
    expect(screen.getByText('pg_stat figures')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Show/ })).toBeNull();
  });

  it('unfolds, marks and orders first a panel the scenario focuses on', () => {
    at(
      { essentials: true, focus: ['counters'] },
      <>
        <Panel name="wal" title="Write-ahead log" optional>
          <p>records</p>
        </Panel>
        <Panel name="counters" title="Counters" optional>
          <p>pg_stat figures</p>
        </Panel>
      </>,
    );
    const focused = screen.getByRole('region', { name: 'Counters' });
    expect(screen.getByText('pg_stat figures')).toBeTruthy();
    expect(focused.hasAttribute('data-focus')).toBe(true);
    expect(focused.dataset.panel).toBe('counters');
    expect(focused.style.order).toBe('-1');
    const other = screen.getByRole('region', { name: 'Write-ahead log' });
    expect(screen.queryByText('records')).toBeNull();
    expect(other.hasAttribute('data-focus') || other.style.order !== '').toBe(false);
  });

  it('says its empty sentence in place of its body while it has nothing to show', () => {
    const { rerender } = render(
      <Panel name="commits" title="Commits" empty={[].length === 0 && 'No transaction yet.'}>
        <ul aria-label="commits" />
      </Panel>,
    );
    expect(screen.getByText('No transaction yet.').className).toBe('empty');
    expect(screen.queryByRole('list', { name: 'commits' })).toBeNull();
    rerender(
      <Panel name="commits" title="Commits" empty={[1].length === 0 && 'No transaction yet.'}>
        <ul aria-label="commits" />
      </Panel>,
    );
    expect(screen.queryByText('No transaction yet.')).toBeNull();
    expect(screen.getByRole('list', { name: 'commits' })).toBeTruthy();
  });
});

/** jsdom has no IntersectionObserver: this one reports what the test says about each element. */
class Watcher {
  static all: Watcher[] = [];
  readonly seen = new Set<Element>();
  constructor(private readonly callback: IntersectionObserverCallback) {
    Watcher.all.push(this);
  }
  observe(el: Element) {
    this.seen.add(el);
  }
  unobserve(el: Element) {
    this.seen.delete(el);
  }
  disconnect() {
    this.seen.clear();
  }
  static report(el: Element, inView: boolean) {
    for (const w of Watcher.all)
      if (w.seen.has(el))
        act(() => w.callback([{ target: el, isIntersecting: inView } as IntersectionObserverEntry], w as unknown as IntersectionObserver));
  }
}

describe('Panel playing at Max', () => {
  afterEach(() => vi.unstubAllGlobals());
  const wal = (atMax: boolean, records: number) => (
    <StepContext.Provider value={{ step: records, events: [], essentials: false, atMax }}>
      <Panel name="wal" title="Write-ahead log">
        <p>{records} records</p>
      </Panel>
    </StepContext.Provider>
  );

  it('keeps its last drawing while out of view, and draws the present when it scrolls in or play stops', () => {
    vi.stubGlobal('IntersectionObserver', Watcher);
    const { rerender } = render(wal(true, 1));
    const region = screen.getByRole('region', { name: 'Write-ahead log' });
    rerender(wal(true, 2));
    expect(screen.getByText('2 records')).toBeTruthy();
    Watcher.report(region, false);
    rerender(wal(true, 3));
    expect(screen.getByText('2 records')).toBeTruthy();
    Watcher.report(region, true);
    expect(screen.getByText('3 records')).toBeTruthy();
    Watcher.report(region, false);
    rerender(wal(true, 4));
    expect(screen.getByText('3 records')).toBeTruthy();
    rerender(wal(false, 5));
    expect(screen.getByText('5 records')).toBeTruthy();
    rerender(wal(true, 6));
    expect(screen.getByText('6 records')).toBeTruthy();
  });

  it('is not held at other speeds, in or out of view', () => {
    vi.stubGlobal('IntersectionObserver', Watcher);
    const { rerender } = render(wal(false, 1));
    Watcher.report(screen.getByRole('region', { name: 'Write-ahead log' }), false);
    rerender(wal(false, 2));
    expect(screen.getByText('2 records')).toBeTruthy();
  });
});
