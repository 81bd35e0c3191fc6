/**
 * Where a step's change must be seen. The timeline is sticky at the bottom of the window
 * and covers part of it; a panel counts as on screen when at least MIN_VISIBLE pixels of it
 * (or all of it, if it is shorter) lie between the top of the window and the timeline.
 */
export const MIN_VISIBLE = 80;

/** The part of the window panels can be seen in: from the top to the sticky timeline. */
export function visibleBand(doc: Document): { top: number; bottom: number } {
  const win = doc.defaultView;
  const height = win?.innerHeight ?? doc.documentElement.clientHeight;
  const timeline = doc.querySelector('.timeline');
  const bottom = timeline ? Math.min(height, timeline.getBoundingClientRect().top) : height;
  return { top: 0, bottom };
}

/** True when enough of `el` lies in the band. */
export function isOnScreen(el: Element, band: { top: number; bottom: number }): boolean {
  const r = el.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) return false;
  const seen = Math.min(r.bottom, band.bottom) - Math.max(r.top, band.top);
  return seen >= Math.min(MIN_VISIBLE, r.height);
}

/**
 * After a step: if no panel the step changed is on screen, scroll the first of them into
 * view. Nothing moves when a changed panel is already visible, or when nothing changed.
 */
export function bringChangedIntoView(root: HTMLElement, smooth: boolean): void {
  const changed = [...root.querySelectorAll('.panel[data-changed]')];
  if (changed.length === 0) return;
  const band = visibleBand(root.ownerDocument);
  if (changed.some((el) => isOnScreen(el, band))) return;
  const first = changed[0];
  if (typeof first?.scrollIntoView === 'function') first.scrollIntoView({ block: 'nearest', behavior: smooth ? 'smooth' : 'auto' });
}
