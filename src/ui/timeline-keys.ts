/**
 * Keys the timeline must leave alone: typing, and anything inside a region that uses the arrows
 * and Space itself (the scenario editor's keyboard reordering), marked data-own-keys.
 */
const isTyping = (t: EventTarget | null): boolean =>
  t instanceof HTMLElement &&
  (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName) || t.closest('[data-own-keys]') !== null);

/**
 * The timeline the keys drive, whichever has the page: a lab's store, a comparison's, the
 * embedded player's range. Relative moves queue in the stores: three presses during a slow
 * step end three steps on.
 */
export interface TimelineControls {
  readonly playing: boolean;
  setPlaying(playing: boolean): void;
  stepBy(delta: number): unknown;
  seek(step: number): unknown;
  /** The last step End jumps to. */
  readonly total: number;
}

/** Space plays or pauses, the arrows step, Home and End jump; other keys and typing are left alone. */
export function onTimelineKey(e: KeyboardEvent, c: TimelineControls): void {
  if (e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented || isTyping(e.target)) return;
  if (e.key === ' ' && !(e.target instanceof HTMLButtonElement)) c.setPlaying(!c.playing);
  else if (e.key === 'ArrowRight') void c.stepBy(1);
  else if (e.key === 'ArrowLeft') void c.stepBy(-1);
  else if (e.key === 'Home') void c.seek(0);
  else if (e.key === 'End') void c.seek(c.total);
  else return;
  e.preventDefault();
}
