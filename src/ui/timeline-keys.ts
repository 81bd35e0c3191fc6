/**
 * Keys the timeline must leave alone: typing, and anything inside a region that uses the arrows
 * and Space itself (the scenario editor's keyboard reordering), marked data-own-keys.
 */
const isTyping = (t: EventTarget | null): boolean =>
  t instanceof HTMLElement &&
  (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName) || t.closest('[data-own-keys]') !== null);

/** What the timeline's keys do, for whichever timeline has the page (a lab, a comparison, the embedded player). */
export interface TimelineKeys {
  toggle(): void;
  step(delta: number): void;
  start(): void;
  end(): void;
}

/** Space plays or pauses, the arrows step, Home and End jump; other keys and typing are left alone. */
export function onTimelineKey(e: KeyboardEvent, keys: TimelineKeys): void {
  if (e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented || isTyping(e.target)) return;
  if (e.key === ' ' && !(e.target instanceof HTMLButtonElement)) keys.toggle();
  else if (e.key === 'ArrowRight') keys.step(1);
  else if (e.key === 'ArrowLeft') keys.step(-1);
  else if (e.key === 'Home') keys.start();
  else if (e.key === 'End') keys.end();
  else return;
  e.preventDefault();
}
