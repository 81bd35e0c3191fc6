// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bringChangedIntoView, isOnScreen, visibleBand } from './in-view';

/** Give an element a fixed box, as a browser's layout would. */
function box(el: Element, top: number, height: number, left = 0, width = 800) {
  el.getBoundingClientRect = () => ({
    top,
    bottom: top + height,
    left,
    right: left + width,
    width,
    height,
    x: left,
    y: top,
    toJSON: () => ({}),
  });
}

function lab({
  timelineTop = 600,
  panels,
}: {
  timelineTop?: number;
  panels: { top: number; height: number; changed?: boolean; focus?: boolean }[];
}) {
  document.body.innerHTML = `<div class="lab-panels-root">${panels
    .map((p) => `<section class="panel"${p.changed ? ' data-changed' : ''}${p.focus ? ' data-focus' : ''}></section>`)
    .join('')}</div><nav class="timeline"></nav>`;
  const root = document.querySelector<HTMLElement>('.lab-panels-root')!;
  box(root, 0, 2000);
  box(document.querySelector('.timeline')!, timelineTop, 80);
  document.querySelectorAll('.panel').forEach((el, i) => box(el, panels[i]!.top, panels[i]!.height));
  return root;
}

describe('bringChangedIntoView', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    document.body.innerHTML = '';
  });

  it('leaves the page still when a changed panel is already above the timeline', () => {
    const scroll = vi.spyOn(window, 'scrollTo').mockImplementation(() => {});
    bringChangedIntoView(
      lab({
        panels: [
          { top: 100, height: 300, changed: true },
          { top: 900, height: 200, changed: true },
        ],
      }),
      false,
    );
    expect(scroll).not.toHaveBeenCalled();
  });

  it('leaves the page still when nothing changed', () => {
    const scroll = vi.spyOn(window, 'scrollTo').mockImplementation(() => {});
    bringChangedIntoView(lab({ panels: [{ top: 900, height: 200 }] }), false);
    expect(scroll).not.toHaveBeenCalled();
  });

  it('brings a changed panel below the timeline up until its heading is at the top of the window', () => {
    const scroll = vi.spyOn(window, 'scrollTo').mockImplementation(() => {});
    bringChangedIntoView(
      lab({
        panels: [
          { top: 100, height: 300 },
          { top: 900, height: 200, changed: true },
        ],
      }),
      false,
    );
    // Its top (900) goes to the top of the band (0) plus the margin (8).
    expect(scroll).toHaveBeenCalledWith({ top: window.scrollY + 892, behavior: 'auto' });
  });

  it('aligns the top of a changed panel taller than the window', () => {
    const scroll = vi.spyOn(window, 'scrollTo').mockImplementation(() => {});
    bringChangedIntoView(lab({ panels: [{ top: 700, height: 1500, changed: true }] }), true);
    expect(scroll).toHaveBeenCalledWith({ top: window.scrollY + 692, behavior: 'smooth' });
  });

  it('scrolls to the nearest changed panel, not the first in the document', () => {
    const scroll = vi.spyOn(window, 'scrollTo').mockImplementation(() => {});
    bringChangedIntoView(
      lab({
        panels: [
          { top: 2400, height: 200, changed: true },
          { top: -300, height: 200, changed: true },
        ],
      }),
      false,
    );
    // The one above needs 308 px up; the one below 2,008 px down.
    expect(scroll).toHaveBeenCalledWith({ top: window.scrollY - 308, behavior: 'auto' });
  });

  it("brings the scenario's focus panel into view when the step changed it, though another changed panel shows", () => {
    const scroll = vi.spyOn(window, 'scrollTo').mockImplementation(() => {});
    bringChangedIntoView(
      lab({
        panels: [
          { top: 100, height: 300, changed: true },
          { top: 900, height: 200, changed: true, focus: true },
        ],
      }),
      false,
    );
    expect(scroll).toHaveBeenCalledWith({ top: window.scrollY + 892, behavior: 'auto' });
  });

  it('falls back to any changed panel when the step left the focus panels alone', () => {
    const scroll = vi.spyOn(window, 'scrollTo').mockImplementation(() => {});
    bringChangedIntoView(
      lab({
        panels: [
          { top: 100, height: 300, changed: true },
          { top: 900, height: 200, focus: true },
        ],
      }),
      false,
    );
    expect(scroll).not.toHaveBeenCalled();
  });

  it('treats a panel hidden under the timeline as off screen', () => {
    lab({ panels: [{ top: 560, height: 300, changed: true }] });
    const band = visibleBand(document);
    expect(band).toEqual({ top: 0, bottom: 600, heldTop: 0 });
    // 40 px show above the timeline: fewer than the 200 px a reader needs.
    expect(isOnScreen(document.querySelector('.panel')!, band)).toBe(false);
  });

  it('starts the visible band under a narration strip held over the panels', () => {
    lab({ panels: [{ top: 100, height: 120, changed: true }] });
    const strip = document.createElement('section');
    strip.className = 'narration';
    strip.style.position = 'sticky';
    document.body.prepend(strip);
    box(strip, 0, 180);
    expect(visibleBand(document).top).toBe(180);
    expect(isOnScreen(document.querySelector('.panel')!, visibleBand(document))).toBe(false);
  });

  it('aims under the strip where it will be held, not where it is before the page scrolls', () => {
    const scroll = vi.spyOn(window, 'scrollTo').mockImplementation(() => {});
    const root = lab({ panels: [{ top: 700, height: 500, changed: true }] });
    const strip = document.createElement('section');
    strip.className = 'narration';
    strip.style.position = 'sticky';
    strip.style.top = '0px';
    document.body.prepend(strip);
    // The strip sits 250 px down (under the lab's title bar) and is 150 px high.
    box(strip, 250, 150);
    expect(visibleBand(document)).toEqual({ top: 400, bottom: 600, heldTop: 150 });
    bringChangedIntoView(root, false);
    // Taller than the 434 px left under the held strip: its top goes to 150 + 8.
    expect(scroll).toHaveBeenCalledWith({ top: window.scrollY + 542, behavior: 'auto' });
  });

  it('counts a panel whose heading is under the strip as off screen, and brings the heading just below the strip', () => {
    const scroll = vi.spyOn(window, 'scrollTo').mockImplementation(() => {});
    // 300 px of the panel show under the strip, but not its heading.
    const root = lab({ panels: [{ top: 100, height: 600, changed: true }] });
    const panel = document.querySelector('.panel')!;
    const head = document.createElement('div');
    head.className = 'panel-head';
    panel.append(head);
    box(head, 110, 24);
    const strip = document.createElement('section');
    strip.className = 'narration';
    strip.style.position = 'sticky';
    strip.style.top = '0px';
    document.body.prepend(strip);
    box(strip, 0, 150);
    expect(isOnScreen(panel, visibleBand(document))).toBe(false);
    bringChangedIntoView(root, false);
    // Up by 58 px: its top (100) to just below the strip (150 + 8).
    expect(scroll).toHaveBeenCalledWith({ top: window.scrollY - 58, behavior: 'auto' });
    box(head, 168, 24);
    box(panel, 158, 600);
    expect(isOnScreen(panel, visibleBand(document))).toBe(true);
  });
});
