// @vitest-environment jsdom
import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { labFrames } from '../../../../test/support/frame-at';
import PoolPanels from './PoolPanels';

/** The frame the app would show at `step` of a preset. */
const frameAt = (preset: string, step: number) => labFrames('pool', preset).at(step);

const texts = (root: ParentNode, sel: string) => [...root.querySelectorAll(sel)].map((e) => e.textContent);

describe('When "A pool of 10" is drawn mid-run', () => {
  const frame = frameAt('pool-of-10', 3);
  const draw = () => render(<PoolPanels frame={frame} duration={0} />).container;

  it('shows the pool and the run without a pool side by side on the same time axis', () => {
    const container = draw();
    expect(texts(container, '.pool-col h2')).toEqual([
      'With a pool (node-postgres Pool, max 10)',
      'Without a pool: a new connection per request',
    ]);
    const ticks = [...container.querySelectorAll('.swimlanes')].map((svg) => texts(svg, '.grid text').join(' '));
    expect(ticks[0]).toBe(ticks[1]);
  });

  it('draws a lane per pooled client with its state in words, and closed short-lived connections without a pool', () => {
    const container = draw();
    const view = frame.view;
    const pooled = container.querySelector('.pool-col-pool') as HTMLElement;
    expect(pooled.querySelectorAll('.lane')).toHaveLength(view.main.lanes.length);
    expect(texts(pooled, '.lane-name')).toEqual(view.main.lanes.map((l) => `c${l.conn}`));
    for (const t of texts(pooled, '.lane-state')) expect(t).toMatch(/^(idle|busy · r\d+|connecting · r\d+)$/);
    const none = container.querySelector('.pool-col-none') as HTMLElement;
    expect(texts(none, '.lane-state')).toContain('closed');
    expect(none.querySelector('.seg-connecting')).not.toBeNull();
  });

  it("breaks a new connection's cost into handshake, startup and auth, and the backend's fork, as calibrated", () => {
    const container = draw();
    expect(container.querySelector('.cost-track')?.getAttribute('aria-label')).toBe(
      'A new connection costs 1.99 ms: TCP handshake 12 µs, startup and authentication (1 round trip) 12 µs, backend fork and initialisation 1.97 ms. A query on an open connection adds one round trip (12 µs) to its own time.',
    );
  });

  it('counts requests and connections opened: a few for the pool, one per request without it', () => {
    const container = draw();
    const stat = (col: string, name: string) =>
      [...container.querySelectorAll(`.${col} .pool-stats div`)]
        .find((d) => d.querySelector('dt')?.textContent === name)
        ?.querySelector('dd')?.textContent;
    expect(Number(stat('pool-col-pool', 'connections opened'))).toBeLessThanOrEqual(10);
    // One per request, less the few still connecting at this instant.
    const opened = Number(stat('pool-col-none', 'connections opened')?.replace(',', ''));
    const requests = Number(stat('pool-col-none', 'requests')?.replace(',', ''));
    expect(opened).toBeLessThanOrEqual(requests);
    expect(opened).toBeGreaterThanOrEqual(requests - 5);
    expect(opened).toBeGreaterThan(50);
  });
});

describe('When the leaked clients have drained the pool', () => {
  it("lists the waiters oldest first, the timed-out requests with node-postgres' message, and five lanes never released", () => {
    const { container } = render(<PoolPanels frame={frameAt('pool-leak', 7)} duration={0} />);
    expect(texts(container, '.lane-state')).toEqual(Array(5).fill('never released'));
    const waits = [...container.querySelectorAll('.queue-item .queue-wait')].map((e) => Number.parseFloat(e.textContent ?? ''));
    expect(waits.length).toBeGreaterThan(3);
    expect([...waits].sort((a, b) => b - a)).toEqual(waits);
    expect(container.querySelector('.pool-log')?.textContent).toContain('timeout exceeded when trying to connect');
    expect(container.querySelector('.gauge-track')?.getAttribute('aria-label')).toBe('Pool clients: 5 of max 5 (5 never released)');
  });
});

describe('When the pool lab unmounts while its lanes slide (the too-small preset)', () => {
  /** d3 keeps an element's scheduled and running transitions on `__transition` until they end or are interrupted. */
  const animating = (nodes: readonly Element[]) => nodes.filter((el) => '__transition' in el && el.__transition !== undefined);

  it('stops every swimlane transition: nothing is left to run', () => {
    // A 100 ms window and a 50 ms step: the lanes slide by half the axis.
    const run = labFrames('pool', 'pool-too-small');
    const { container, rerender, unmount } = render(<PoolPanels frame={run.at(1)} duration={600} />);
    rerender(<PoolPanels frame={run.at(2)} duration={600} />);
    const nodes = [...container.querySelectorAll('*')];
    expect(animating(nodes).filter((el) => el.matches('.swimlanes g')).length).toBeGreaterThan(0);
    unmount();
    expect(animating(nodes)).toEqual([]);
  });
});
