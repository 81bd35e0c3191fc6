/**
 * Where a step's change must be seen. The timeline is sticky at the bottom of the window
 * and covers part of it; a panel counts as on screen when at least MIN_VISIBLE pixels of it
 * (or all of it, if it is shorter) lie between the top of the window and the timeline.
 */
const MIN_VISIBLE = 80;

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

/** True when enough of `el` lies in the band. */
export function isOnScreen(el: Element, band: Pick<Band, 'top' | 'bottom'>): boolean {
  const r = el.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) return false;
  const seen = Math.min(r.bottom, band.bottom) - Math.max(r.top, band.top);
  return seen >= Math.min(MIN_VISIBLE, r.height);
}

/**
 * After a step: if no panel the step changed is on screen, scroll to the changed panel that
 * is nearest (the smallest move; panels are not always drawn in document order). Nothing
 * moves when a changed panel is already visible, or when nothing changed.
 */
export function bringChangedIntoView(root: HTMLElement, smooth: boolean): void {
  const changed = [...root.querySelectorAll('.panel[data-changed]')];
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
 * How far the page must scroll to show a panel. Below the band: its bottom up to the band's
 * bottom, or its top to the top of the band (under the held strip) when it is taller than
 * the band; above the band: its top to the top.
 */
function scrollToShow(r: DOMRect, band: Band): number {
  const room = band.bottom - band.heldTop - 2 * MARGIN;
  return r.top > band.top && r.height <= room ? r.bottom - (band.bottom - MARGIN) : r.top - (band.heldTop + MARGIN);
}

/** Space kept between a panel brought into view and the band's edge. */
const MARGIN = 8;
