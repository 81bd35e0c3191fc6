import { useEffect } from 'react';
import { MaxPacer } from './max-pacer';
import { stepsBeforeQuestion } from './questions/attempt';
import { BASE_STEP_MS } from './store';
import { useAppStore } from './store-context';

/**
 * Drives playback from animation frames. At a finite speed one step is taken every
 * BASE_STEP_MS / speed; at maximum speed a MaxPacer sizes each batch by the engine's answer
 * time and spaces the requests by the page's drawing time (max-pacer.ts).
 */
export function usePlayer(): void {
  const store = useAppStore();
  useEffect(() => {
    let raf = 0;
    let last = 0;
    let busy = false;
    const pacer = new MaxPacer();
    // When the last requested frame reached the store (a listener runs inside set(), before React draws).
    let arrived = Number.NaN;
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.frame !== prev.frame) arrived = performance.now();
    });
    // At Max an answer waits for the next animation frame before it is shown (present), so React's
    // drawing and the browser's style, layout and paint of it fall in one frame: a heavy drawing
    // then delays one frame rather than two. `answeredAt` is when the engine's answer came.
    let answeredAt = Number.NaN;
    let presentRaf = 0;
    let shows: (() => void) | null = null;
    const present = () =>
      new Promise<void>((resolve) => {
        answeredAt = performance.now();
        shows = resolve;
        presentRaf = requestAnimationFrame(() => resolve());
      });
    // The browser's part of a drawing: from the end of React's to a task queued then, which runs
    // once that animation frame's style, layout and paint are done.
    let paintFrom = 0;
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      const now = performance.now();
      pacer.painted(now, now - paintFrom);
    };
    const loop = (now: number) => {
      raf = requestAnimationFrame(loop);
      const s = store.getState();
      if (!s.playing || busy || s.engine !== 'ready') {
        if (!s.playing && !busy) pacer.reset();
        last = now;
        return;
      }
      const fast = !Number.isFinite(s.speed);
      if (fast ? !pacer.ready(performance.now()) : now - last < BASE_STEP_MS / s.speed) return;
      last = now;
      busy = true;
      const asked = performance.now();
      arrived = Number.NaN;
      answeredAt = Number.NaN;
      if (!fast) {
        void s.advance(1).finally(() => (busy = false));
        return;
      }
      // A batch at Max speed stops where the next question is asked, as single steps do.
      const room = s.scenario && s.frame ? stepsBeforeQuestion(s.scenario, s.frame.step) : Number.POSITIVE_INFINITY;
      void s.advance(Math.max(1, Math.min(pacer.batch, room)), present).finally(() => {
        busy = false;
        const drawn = performance.now();
        const shown = Number.isNaN(arrived) ? drawn : arrived;
        // The engine's time ends at its answer, React's drawing starts when the frame was shown:
        // the wait for the animation frame in between belongs to neither.
        const answer = Number.isNaN(answeredAt) ? shown : answeredAt;
        pacer.answered(asked, answer, answer + (drawn - shown));
        paintFrom = drawn;
        channel.port2.postMessage(null);
      });
    };
    raf = requestAnimationFrame(loop);
    return () => {
      cancelAnimationFrame(raf);
      // An answer waiting for its animation frame is shown at once: the store's call must end.
      cancelAnimationFrame(presentRaf);
      shows?.();
      unsubscribe();
      channel.port1.close();
    };
  }, [store]);
}

/** True when the user asked the system for less motion. */
function prefersReducedMotion(): boolean {
  return typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches === true;
}

/**
 * How long the panels animate a step at this speed: 60 % of a step's time, at most 700 ms, and
 * none at Max or when the user asked for less motion.
 */
export function stepAnimationMs(speed: number): number {
  return prefersReducedMotion() || !Number.isFinite(speed) ? 0 : Math.min(700, (BASE_STEP_MS / speed) * 0.6);
}
