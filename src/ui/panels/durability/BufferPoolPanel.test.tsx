// @vitest-environment jsdom
import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { durabilityRun, manyPagesScenario } from '../../../../test/support/durability';
import { BufferPoolPanel } from './BufferPoolPanel';
import { pageMoves } from './page-motion';
import { handAngle } from './pool-layout';

const tiles = (c: HTMLElement) => [...c.querySelectorAll<SVGGElement>('g.frame-tile')];

describe('When the WAL-rule preset runs on 4 buffer frames', () => {
  const run = durabilityRun('pg-wal-rule');

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
    const written = events.find((e) => e.type === 'page.written') as { page: string };
    const slot = container.querySelector(`.slot[data-page="${written.page}"]`);
    expect(slot?.classList.contains('slot-os')).toBe(true);
    expect(container.querySelectorAll('.slot-os')).toHaveLength(1);
  });
});

describe('When the pool has 1,024 frames', () => {
  const run = durabilityRun(manyPagesScenario(1024, 12));

  it('draws 1,024 compact tiles without per-frame text, dirty ones still marked by shape', () => {
    const { view, events } = run.at(run.scenario.steps.length);
    const { container } = render(<BufferPoolPanel view={view} events={events} duration={0} stepKey="end" />);
    const all = tiles(container);
    expect(all).toHaveLength(1024);
    expect(container.querySelectorAll('.frame-page, .frame-no, .usage')).toHaveLength(0);
    const dirty = all.filter((t) => t.dataset.dirty === 'true');
    expect(dirty).toHaveLength(12);
    expect(dirty.every((t) => t.querySelector('.dirty-mark'))).toBe(true);
    expect(container.querySelector('g.hand-marker')?.getAttribute('transform')).toMatch(/^translate\(/);
    expect(container.querySelector('svg.pool-svg')?.getAttribute('aria-label')).toContain('1024 frames, 12 in use, 12 dirty');
  });
});
