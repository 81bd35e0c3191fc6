// @vitest-environment jsdom
import { render } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { labFrames } from '../../../../test/support/frame-at';
import { box, fakeViewport } from '../../../../test/support/in-view';
import { createInProcessClient } from '../../../worker/in-process';
import { createAppStore } from '../../store';
import { StoreProvider } from '../../store-context';
import { StepContext } from '../../components/Panel';
import { ChangeInView } from '../in-view';
import DurabilityPanels from './DurabilityPanels';
import { FsmPanel } from './FsmPanel';
import { HorizonPanel } from './HorizonPanel';
import { TableSizePanel } from './TableSizePanel';

describe('When an idle REPEATABLE READ session holds the xmin horizon', () => {
  const run = labFrames('durability', 'pg-idle-blocks-vacuum');

  it('names the session holding the horizon, with its backend_xmin, on the line under the open transactions', () => {
    const { view } = run.at(22);
    const { container } = render(<HorizonPanel view={view} />);
    const holder = container.querySelector('tr[data-holds]');
    expect(holder?.textContent).toContain('REPORT');
    expect(holder?.textContent).toContain('idle in transaction');
    expect(holder?.textContent).toContain('751');
    const line = container.querySelector('.horizon-line') as HTMLElement;
    expect(line.dataset.horizon).toBe('751');
    expect(line.textContent).toContain("held by REPORT's snapshot");
  });

  it('on a phone, brings the horizon panel into view at the VACUUM it holds back, and the table size at the one after', () => {
    const store = createAppStore(() => createInProcessClient());
    // The phone's one column (durability.css): each panel 400 px high, the buffer pool on screen at the top.
    const phone = [
      'pool',
      'dur-recovery',
      'horizon',
      'size',
      'wal',
      'disk',
      'heap-items',
      'btree',
      'fsm',
      'checkpoint',
      'chart',
      'counters',
    ];
    const brought = (step: number) => {
      const frame = run.at(step);
      const { container, unmount } = render(
        <StoreProvider store={store}>
          <StepContext.Provider value={{ step, events: frame.events, essentials: true }}>
            <div className="lab-panels-root">
              <DurabilityPanels frame={frame} duration={0} />
            </div>
          </StepContext.Provider>
        </StoreProvider>,
      );
      const panels = [...container.querySelectorAll<HTMLElement>('.panel')];
      const top = (el: Element) => 400 * phone.findIndex((c) => el.classList.contains(`${c}-panel`));
      panels.forEach((el) => box(el, top(el), 400));
      const { scrollTo, frames } = fakeViewport((head) => top(head.parentElement!) === 0);
      const keeper = new ChangeInView(container.querySelector<HTMLElement>('.lab-panels-root')!);
      keeper.afterStep(false);
      frames();
      keeper.destroy();
      const [to] = scrollTo.mock.calls.map(([o]) => (o as ScrollToOptions).top);
      unmount();
      vi.restoreAllMocks();
      vi.unstubAllGlobals();
      return panels.find((el) => top(el) - 8 === to)?.querySelector('h2')?.textContent;
    };
    // REPORT's snapshot holds the horizon: VACUUM reads the pool's pages, and its story is why it removed nothing.
    expect(run.at(22).view.vacuum.horizon.by).toBe('snapshot');
    expect(brought(22)).toBe('xmin horizon');
    // Once REPORT has ended, the VACUUM's story is what it removed and the table's size.
    expect(brought(24)).toBe('Table size and dead rows');
  });

  it('moves the horizon to the next xid once the session ends', () => {
    const { view } = run.at(23);
    const { container } = render(<HorizonPanel view={view} />);
    expect(container.querySelector('tr[data-holds]')).toBeNull();
    expect((container.querySelector('.horizon-line') as HTMLElement).dataset.horizon).toBe(String(view.vacuum.horizon.nextXid));
  });

  it('shows the table grown to four pages, 12 dead versions, and VACUUM VERBOSE’s "dead but not yet removable"', () => {
    const { view, step } = run.at(22);
    const { container } = render(<TableSizePanel view={view} step={step} />);
    expect(container.querySelector('h3')?.textContent).toBe('accounts: 4 pages');
    expect(container.querySelector('[data-dead]')?.textContent).toBe('12');
    expect(container.querySelector('.verbose')?.textContent).toContain('12 are dead but not yet removable');
    // One level per size the table had: 1, 2, 3 and 4 pages.
    const d = container.querySelector('path.size-line')?.getAttribute('d') ?? '';
    const levels = new Set([/^M[\d.]+,([\d.]+)/.exec(d)?.[1], ...[...d.matchAll(/V([\d.]+)/g)].map((m) => m[1])]);
    expect(levels.size).toBe(4);
  });
});

describe('When VACUUM frees a page in the middle of the table', () => {
  const run = labFrames('durability', 'pg-vacuum-makes-room');

  it('records the empty page in the free space map and marks both pages all-visible', () => {
    const { view } = run.at(8);
    const { container } = render(<FsmPanel view={view} />);
    const pages = [...container.querySelectorAll<HTMLElement>('.fsm-page')];
    expect(pages.map((p) => p.dataset.block)).toEqual(['0', '1']);
    expect(pages[0].dataset.fsm).toBe('8160');
    expect(pages.every((p) => p.textContent?.includes('✓ all-visible'))).toBe(true);
  });
});
