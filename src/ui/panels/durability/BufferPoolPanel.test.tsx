// @vitest-environment jsdom
import { render } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { manyPagesScenario } from '../../../../test/support/durability';
import { labFrames } from '../../../../test/support/frame-at';
import { BufferPoolPanel } from './BufferPoolPanel';
import { pageMoves } from './page-motion';
import { handAngle } from './pool-layout';
import { CANVAS_MIN_FRAMES } from './PoolCanvas';

const tiles = (c: HTMLElement) => [...c.querySelectorAll<SVGGElement>('g.frame-tile')];

describe('When the WAL-rule preset runs on 4 buffer frames', () => {
  const run = labFrames('durability', 'pg-wal-rule');

  it('draws one tile per frame with its page, and marks the dirty one by a folded corner and words, not colour alone', () => {
    const { view, events } = run.at(2);
    const { container } = render(<BufferPoolPanel view={view} events={events} duration={0} stepKey="2" />);
    const all = tiles(container);
    expect(all).toHaveLength(4);
    const dirty = all.filter((t) => t.dataset.dirty === 'true');
    expect(dirty).toHaveLength(1);
    expect(dirty[0].dataset.page).toBe(view.frames.find((f) => f.dirty)?.page);
    expect(dirty[0].querySelector('.dirty-mark')).not.toBeNull();
    expect(dirty[0].querySelector('title')?.textContent).toMatch(/dirty, usage count \d/);
    expect(dirty[0].textContent).toContain(dirty[0].dataset.page);
    // Free frames say so.
    expect(all.filter((t) => t.dataset.page === '').every((t) => t.textContent?.includes('free'))).toBe(true);
  });

  it('shows each frame’s usage count as pips and a pin on a pinned frame', () => {
    const { view, events } = run.at(5);
    const { container } = render(<BufferPoolPanel view={view} events={events} duration={0} stepKey="5" />);
    for (const t of tiles(container)) {
      expect(t.querySelectorAll('.pip.on')).toHaveLength(Number(t.dataset.usage));
      expect(t.querySelector('.pin-mark') !== null).toBe(Number(t.dataset.pin) > 0);
    }
  });

  it('points the clock hand at the frame the sweep stopped at (end state with reduced motion)', () => {
    const { view, events } = run.at(6);
    const { container, getByText } = render(<BufferPoolPanel view={view} events={events} duration={0} stepKey="6" />);
    const hand = container.querySelector('g.clock-hand');
    expect(hand?.getAttribute('transform')).toMatch(new RegExp(`^rotate\\(${handAngle(view.clockHand, 4)} `));
    expect(getByText(new RegExp(`clock hand at frame ${view.clockHand}$`))).toBeTruthy();
  });

  it('reads the eviction step as moves in event order: dirty page written, evicted, new page read into the same frame', () => {
    const { events } = run.at(6);
    const moves = pageMoves(events);
    expect(moves.map((m) => m.kind)).toEqual(['write', 'evict', 'read']);
    expect(new Set(moves.map((m) => m.frame)).size).toBe(1);
    expect(moves[0].page).toBe(moves[1].page);
  });

  it('flies a ghost page per move when motion is allowed, and none with reduced motion', () => {
    const { view, events } = run.at(6);
    const still = render(<BufferPoolPanel view={view} events={events} duration={0} stepKey="6" />);
    expect(still.container.querySelectorAll('.ghosts .ghost')).toHaveLength(0);
    still.unmount();
    const moving = render(<BufferPoolPanel view={view} events={events} duration={600} stepKey="6" />);
    const ghosts = [...moving.container.querySelectorAll('.ghosts .ghost')];
    expect(ghosts.map((g) => g.getAttribute('class'))).toEqual(['ghost ghost-write', 'ghost ghost-evict', 'ghost ghost-read']);
    // The frame the page lands in shows it only once it has arrived.
    const landing = moving.container.querySelector('g.frame-tile[data-frame="0"] .tile-content');
    expect(landing?.classList.contains('arriving')).toBe(true);
  });

  it('shows the data files below the frames: the page the backend wrote sits in the OS cache, not yet durable', () => {
    const { view, events } = run.at(6);
    const { container } = render(<BufferPoolPanel view={view} events={events} duration={0} stepKey="6" />);
    const written = events.find((e) => e.type === 'page.written');
    if (written?.type !== 'page.written') throw new Error('no page written');
    const slot = container.querySelector(`.slot[data-page="${written.page}"]`);
    expect(slot?.classList.contains('slot-os')).toBe(true);
    expect(container.querySelectorAll('.slot-os')).toHaveLength(1);
  });
});

/** A 2D context that records what is drawn: fill colours per path and cleared tile boxes. */
function recordingContext() {
  const calls = { cleared: 0, fills: [] as string[], arcs: 0 };
  const ctx = {
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    setTransform: () => {},
    clearRect: () => void (calls.cleared += 1),
    beginPath: () => {},
    moveTo: () => {},
    lineTo: () => {},
    quadraticCurveTo: () => {},
    closePath: () => {},
    arc: () => void (calls.arcs += 1),
    fill() {
      calls.fills.push(String(this.fillStyle));
    },
    stroke: () => {},
  };
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(ctx as unknown as CanvasRenderingContext2D);
  return calls;
}

describe('When the pool has 1,024 frames', () => {
  const run = labFrames('durability', manyPagesScenario(1024, 12));
  afterEach(() => void vi.restoreAllMocks());

  it('draws the compact grid on one canvas, tile by tile: dirty ones orange with a folded corner', () => {
    const calls = recordingContext();
    const { view, events } = run.at(run.scenario.steps.length);
    const { container } = render(<BufferPoolPanel view={view} events={events} duration={0} stepKey="end" />);
    expect(tiles(container)).toHaveLength(0);
    const canvas = container.querySelector('canvas.pool-canvas');
    expect(canvas?.getAttribute('data-frames')).toBe('1024');
    // Every tile drawn once: its box cleared, its body filled; a dirty tile also fills its fold in the dirty colour.
    expect(calls.cleared).toBe(1024 + 1);
    const dirtyFolds = calls.fills.filter((c) => c === '#b36b00');
    expect(dirtyFolds).toHaveLength(12);
    expect(calls.fills.filter((c) => c === '#fbeed8')).toHaveLength(12);
    expect(calls.arcs).toBe(view.frames.filter((f) => f.pin > 0).length);
    expect(container.querySelectorAll('.frame-page, .frame-no, .usage')).toHaveLength(0);
    expect(container.querySelector('g.hand-marker')?.getAttribute('transform')).toMatch(/^translate\(/);
    expect(container.querySelector('svg.pool-svg')?.getAttribute('aria-label')).toContain('1024 frames, 12 in use, 12 dirty');
    // What the picture shows, in words for a screen reader.
    const dirtyFrames = view.frames.filter((f) => f.dirty).map((f) => f.frame);
    expect(container.querySelector('.pool-panel .visually-hidden')?.textContent).toContain(`Dirty frames: ${dirtyFrames.join(', ')}.`);
  });

  it('redraws only the tiles whose state changed from one step to the next', () => {
    const calls = recordingContext();
    const look = (f: { page: string | null; dirty: boolean; pin: number }) =>
      `${f.page ? (f.dirty ? 'dirty' : 'clean') : 'free'}${f.pin > 0 ? 'p' : ''}`;
    // The last step that changed some frames' state (a page read or dirtied).
    let k = run.scenario.steps.length;
    const differs = (k: number) => run.at(k).view.frames.some((f, i) => look(f) !== look(run.at(k - 1).view.frames[i]));
    while (k > 1 && !differs(k)) k -= 1;
    const before = run.at(k - 1);
    const after = run.at(k);
    const { rerender } = render(<BufferPoolPanel view={before.view} events={before.events} duration={0} stepKey="a" />);
    calls.cleared = 0;
    rerender(<BufferPoolPanel view={after.view} events={after.events} duration={0} stepKey="b" />);
    const changed = after.view.frames.filter((f, i) => look(f) !== look(before.view.frames[i])).length;
    const reads = new Set([...before.events, ...after.events].flatMap((e) => (e.type === 'page.read' ? [e.frame] : []))).size;
    expect(changed).toBeLessThan(1024);
    expect(calls.cleared).toBeGreaterThan(0);
    expect(calls.cleared).toBeLessThanOrEqual(changed + reads);
  });

  it('keeps SVG tiles (with their animations) below the canvas threshold', () => {
    expect(CANVAS_MIN_FRAMES).toBeGreaterThan(16);
  });
});
