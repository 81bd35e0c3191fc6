/**
 * Where a step's change must be seen. The timeline is sticky at the bottom of the window and
 * the narration strip (on narrow screens) at the top; a panel counts as on screen when its
 * heading lies wholly between them and so do at least MIN_VISIBLE pixels of it (all of it,
 * if it is shorter): the heading says what changed, the body shows it.
 */
const MIN_VISIBLE = 200;

/**
 * The part of the window panels can be seen in: below the narration strip when it is held
 * above the panels (narrow screens, presenter mode), above the sticky timeline. `heldTop`
 * is where the band starts once the strip is held at the top of the window, which is where
 * it will be after the page scrolls down to a panel.
 */
export interface Band {
  readonly top: number;
  readonly bottom: number;
  readonly heldTop: number;
}

export function visibleBand(doc: Document): Band {
  const win = doc.defaultView;
  const height = win?.innerHeight ?? doc.documentElement.clientHeight;
  const timeline = doc.querySelector('.timeline');
  const bottom = timeline ? Math.min(height, timeline.getBoundingClientRect().top) : height;
  const strip = doc.querySelector('.narration');
  const panels = doc.querySelector('.lab-panels-root');
  let top = 0;
  let heldTop = 0;
  const style = strip && win?.getComputedStyle(strip);
  if (strip && panels && style?.position === 'sticky') {
    const s = strip.getBoundingClientRect();
    const p = panels.getBoundingClientRect();
    if (s.left < p.right && s.right > p.left) {
      top = Math.max(0, s.bottom);
      heldTop = (parseFloat(style.top) || 0) + s.height;
    }
  }
  return { top, bottom, heldTop };
}

/**
 * True when the heading of `el` and enough of its body lie in the band. A band shorter than
 * MIN_VISIBLE (a phone held sideways) asks for what it can hold, so the page does not move
 * on every step for a panel it cannot show better.
 */
export function isOnScreen(el: Element, band: Band): boolean {
  const r = el.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) return false;
  const head = el.querySelector('.panel-head')?.getBoundingClientRect();
  if (head && (head.top < band.top || head.bottom > band.bottom)) return false;
  const seen = Math.min(r.bottom, band.bottom) - Math.max(r.top, band.top);
  return seen >= Math.min(MIN_VISIBLE, r.height, band.bottom - band.heldTop - 2 * MARGIN);
}

/**
 * The panels a step changed that it should show: those the scenario focuses on, if the step
 * changed any of them (the lesson is there), else all it changed.
 */
function changedPanels(root: HTMLElement): Element[] {
  const changed = [...root.querySelectorAll('.panel[data-changed]')];
  const focus = changed.filter((el) => el.hasAttribute('data-focus'));
  return focus.length > 0 ? focus : changed;
}

/**
 * After a step: if no panel the step changed is on screen (of those the scenario focuses on,
 * where the step changed one), scroll to the nearest (the smallest move; panels are not always
 * drawn in document order). Nothing moves when such a panel is already visible, or when
 * nothing changed.
 */
export function bringChangedIntoView(root: HTMLElement, smooth: boolean): void {
  const changed = changedPanels(root);
  if (changed.length === 0) return;
  const band = visibleBand(root.ownerDocument);
  if (changed.some((el) => isOnScreen(el, band))) return;
  const win = root.ownerDocument.defaultView;
  if (!win) return;
  const moves = changed.filter((el) => el.getBoundingClientRect().height > 0).map((el) => scrollToShow(el.getBoundingClientRect(), band));
  if (moves.length === 0) return;
  const delta = moves.reduce((a, b) => (Math.abs(b) < Math.abs(a) ? b : a));
  win.scrollTo({ top: win.scrollY + delta, behavior: smooth ? 'smooth' : 'auto' });
}

/**
 * How far the page must scroll to show a panel: its heading just below the top of the band
 * (under the narration strip where one is held there), so the most of its body shows.
 */
function scrollToShow(r: DOMRect, band: Band): number {
  return r.top - (band.heldTop + MARGIN);
}

/** Space kept between a panel brought into view and the band's edge. */
const MARGIN = 8;

/** How long after a step the view keeps re-aiming while the layout settles (longer than a slow device takes to draw a step). */
const SETTLE_MS = 5000;

/** What a reader does to take over the scrolling: the view stops re-aiming. */
const READER_MOVES = ['wheel', 'touchstart', 'pointerdown', 'keydown'] as const;

/**
 * Keep the changed panel in view while the layout settles after a step. Heights change after
 * the first aim (panels drawn at their measured width, fonts, the narration strip's new
 * words, a link opened at step N whose panels arrive in their own chunk), which can slide
 * the panel's heading under the strip. Each resize of the panels or the strip re-runs
 * `bringChangedIntoView` (which does nothing while a changed panel shows), until the reader
 * scrolls, clicks or presses a key, or SETTLE_MS pass. Returns the function that stops it.
 */
export function settleIntoView(root: HTMLElement, smooth: boolean): () => void {
  const doc = root.ownerDocument;
  const win = doc.defaultView;
  if (!win || typeof ResizeObserver === 'undefined') return () => {};
  let pending = 0;
  const again = () => {
    win.cancelAnimationFrame(pending);
    pending = win.requestAnimationFrame(() => bringChangedIntoView(root, smooth));
  };
  const ro = new ResizeObserver(again);
  ro.observe(root);
  const strip = doc.querySelector('.narration');
  if (strip) ro.observe(strip);
  const stop = () => {
    ro.disconnect();
    win.cancelAnimationFrame(pending);
    win.clearTimeout(timer);
    for (const t of READER_MOVES) win.removeEventListener(t, stop);
  };
  const timer = win.setTimeout(stop, SETTLE_MS);
  for (const t of READER_MOVES) win.addEventListener(t, stop, { passive: true });
  return stop;
}
