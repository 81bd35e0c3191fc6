// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { box, fakeViewport } from '../../../test/support/in-view';
import { ChangeInView, relevantPanels, rootMargin, visibleBand } from './in-view';

interface P {
  top: number;
  height: number;
  changed?: boolean;
  priority?: number;
  /** The scenario focuses on it. */
  focus?: boolean;
  /** Folded in the essentials view: only its heading shows. */
  folded?: boolean;
  /** Its heading is reported inside the band. */
  shown?: boolean;
}

function lab({ timelineTop = 600, panels }: { timelineTop?: number; panels: P[] }) {
  document.body.innerHTML = `<div class="lab-panels-root">${panels
    .map(
      (p, i) =>
        `<section class="panel${p.folded ? ' panel-folded' : ''}" data-i="${i}"${p.changed ? ' data-changed' : ''}${p.priority ? ` data-priority="${p.priority}"` : ''}${p.focus ? ' data-focus' : ''}><div class="panel-head"><h2>P${i}</h2></div></section>`,
    )
    .join('')}</div><nav class="timeline"></nav>`;
  const root = document.querySelector<HTMLElement>('.lab-panels-root')!;
  box(root, 0, 2000);
  box(document.querySelector('.timeline')!, timelineTop, 80);
  document.querySelectorAll('.panel').forEach((el, i) => box(el, panels[i]!.top, panels[i]!.height));
  const view = fakeViewport((head) => panels[Number(head.parentElement!.getAttribute('data-i'))]!.shown === true);
  return { root, ...view };
}

/** A step on these panels: the keeper made, the step taken, the frames after it run. */
function step(panels: P[], smooth = false, timelineTop?: number) {
  const v = lab({ panels, timelineTop });
  const keeper = new ChangeInView(v.root);
  keeper.afterStep(smooth);
  v.frames();
  keeper.destroy();
  return v;
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

describe('After a step, the panel it is about comes into view', () => {
  it('leaves the page still when a changed panel shows', () => {
    const { scrollTo } = step([
      { top: 100, height: 300, changed: true, shown: true },
      { top: 900, height: 200, changed: true },
    ]);
    expect(scrollTo).not.toHaveBeenCalled();
  });

  it('leaves the page still when nothing changed', () => {
    const { scrollTo } = step([{ top: 900, height: 200 }]);
    expect(scrollTo).not.toHaveBeenCalled();
  });

  it('brings a changed panel below the timeline up until its heading is at the top of the window', () => {
    const { scrollTo } = step([
      { top: 100, height: 300, shown: true },
      { top: 900, height: 200, changed: true },
    ]);
    // Its top (900) goes to the top of the band (0) plus the margin (8).
    expect(scrollTo).toHaveBeenCalledWith({ top: window.scrollY + 892, behavior: 'auto' });
  });

  it('scrolls smoothly when steps animate', () => {
    const { scrollTo } = step([{ top: 700, height: 1500, changed: true }], true);
    expect(scrollTo).toHaveBeenCalledWith({ top: window.scrollY + 692, behavior: 'smooth' });
  });

  it('scrolls to the nearest changed panel, not the first in the document', () => {
    const { scrollTo } = step([
      { top: 2400, height: 200, changed: true },
      { top: -300, height: 200, changed: true },
    ]);
    // The one above needs 308 px up; the one below 2,392 px down.
    expect(scrollTo).toHaveBeenCalledWith({ top: window.scrollY - 308, behavior: 'auto' });
  });

  it('brings the panel of the highest priority into view even while another changed panel shows', () => {
    const { scrollTo, root } = step([
      { top: 0, height: 500, changed: true, shown: true },
      { top: 1300, height: 300, changed: true, priority: 1 },
      { top: 900, height: 300, changed: true, priority: 2 },
    ]);
    expect(relevantPanels(root).map((el) => el.dataset.i)).toEqual(['2']);
    expect(scrollTo).toHaveBeenCalledWith({ top: window.scrollY + 892, behavior: 'auto' });
  });

  it('brings the changed panel the scenario focuses on into view, before any priority of the others', () => {
    const { scrollTo, root } = step([
      { top: 0, height: 500, changed: true, shown: true, priority: 2 },
      { top: 900, height: 300, changed: true, focus: true },
      { top: 1300, height: 300, focus: true },
    ]);
    expect(relevantPanels(root).map((el) => el.dataset.i)).toEqual(['1']);
    expect(scrollTo).toHaveBeenCalledWith({ top: window.scrollY + 892, behavior: 'auto' });
  });

  it('brings a changed panel that draws the change into view when only a folded one shows', () => {
    const { scrollTo, root } = step([
      { top: 100, height: 48, changed: true, shown: true, folded: true },
      { top: 900, height: 300, changed: true },
    ]);
    expect(relevantPanels(root).map((el) => el.dataset.i)).toEqual(['1']);
    expect(scrollTo).toHaveBeenCalledWith({ top: window.scrollY + 892, behavior: 'auto' });
  });

  it('falls back to the other changed panels when the step left the focus panels alone', () => {
    const { scrollTo, root } = step([
      { top: 0, height: 500, changed: true, shown: true },
      { top: 900, height: 300, focus: true },
    ]);
    expect(relevantPanels(root).map((el) => el.dataset.i)).toEqual(['0']);
    expect(scrollTo).not.toHaveBeenCalled();
  });

  it('leaves the page still when the panel of the highest priority shows', () => {
    const { scrollTo } = step([
      { top: 0, height: 500, changed: true },
      { top: 100, height: 300, changed: true, priority: 1, shown: true },
    ]);
    expect(scrollTo).not.toHaveBeenCalled();
  });

  it('reads no layout when a changed panel shows', () => {
    const v = lab({ panels: [{ top: 100, height: 300, changed: true, shown: true }] });
    const keeper = new ChangeInView(v.root);
    const panel = document.querySelector('.panel')!;
    const read = vi.spyOn(panel, 'getBoundingClientRect');
    const band = vi.spyOn(document.querySelector('.timeline')!, 'getBoundingClientRect');
    keeper.afterStep(false);
    v.frames();
    expect(read).not.toHaveBeenCalled();
    expect(band).not.toHaveBeenCalled();
    keeper.destroy();
  });

  it('stops when the reader takes over before the step is shown', () => {
    const v = lab({ panels: [{ top: 900, height: 200, changed: true }] });
    const keeper = new ChangeInView(v.root);
    keeper.afterStep(false);
    window.dispatchEvent(new Event('wheel'));
    v.frames();
    expect(v.scrollTo).not.toHaveBeenCalled();
    keeper.destroy();
  });

  it('moves nothing without IntersectionObserver', () => {
    lab({ panels: [{ top: 900, height: 200, changed: true }] });
    vi.stubGlobal('IntersectionObserver', undefined);
    const scroll = vi.spyOn(window, 'scrollTo');
    const keeper = new ChangeInView(document.querySelector<HTMLElement>('.lab-panels-root')!);
    keeper.afterStep(false);
    expect(scroll).not.toHaveBeenCalled();
    keeper.destroy();
  });
});

describe('The band a heading must lie in', () => {
  it('ends above the sticky timeline, with room for 200 px of the panel under the heading', () => {
    const { observers } = lab({ panels: [{ top: 560, height: 300, changed: true }] });
    const band = visibleBand(document);
    expect(band).toEqual({ top: 0, bottom: 600, heldTop: 0 });
    // jsdom's window is 768 px high: 168 px of timeline and below, then 200 px of room.
    expect(rootMargin(band, 768)).toBe('0px 0px -368px 0px');
    new ChangeInView(document.querySelector<HTMLElement>('.lab-panels-root')!).destroy();
    expect(observers[0]!.rootMargin).toBe('0px 0px -368px 0px');
  });

  it('starts under a narration strip held over the panels, where it will be held', () => {
    lab({ panels: [{ top: 700, height: 500, changed: true }] });
    const strip = document.createElement('section');
    strip.className = 'narration';
    strip.style.position = 'sticky';
    strip.style.top = '0px';
    document.body.prepend(strip);
    // The strip sits 250 px down (under the lab's title bar) and is 150 px high.
    box(strip, 250, 150);
    expect(visibleBand(document)).toEqual({ top: 400, bottom: 600, heldTop: 150 });
    expect(rootMargin(visibleBand(document), 768)).toBe('-150px 0px -368px 0px');
  });

  it('asks a short band (a phone held sideways) for what it can hold', () => {
    // 300 px between the strip and the timeline: 16 px of margins and 64 of heading leave 220; 200 are asked.
    expect(rootMargin({ top: 100, bottom: 400, heldTop: 100 }, 480)).toBe('-100px 0px -280px 0px');
    // 200 px: 120 px of room.
    expect(rootMargin({ top: 100, bottom: 300, heldTop: 100 }, 380)).toBe('-100px 0px -200px 0px');
    expect(rootMargin({ top: 100, bottom: 150, heldTop: 100 }, 380)).toBe('-100px 0px -230px 0px');
  });

  it('aims under the strip where it will be held, not where it is before the page scrolls', () => {
    const v = lab({ panels: [{ top: 700, height: 500, changed: true }] });
    const strip = document.createElement('section');
    strip.className = 'narration';
    strip.style.position = 'sticky';
    strip.style.top = '0px';
    document.body.prepend(strip);
    box(strip, 250, 150);
    const keeper = new ChangeInView(v.root);
    keeper.afterStep(false);
    v.frames();
    // Its top goes to 150 + 8.
    expect(v.scrollTo).toHaveBeenCalledWith({ top: window.scrollY + 542, behavior: 'auto' });
    keeper.destroy();
  });
});
