import { useEffect } from 'react';
import { stepsBeforeQuestion } from './questions/attempt';
import { BASE_STEP_MS } from './store';
import { useAppStore } from './store-context';

/**
 * Drives playback from animation frames. At a finite speed one step is taken every
 * BASE_STEP_MS / speed; at maximum speed the batch per frame grows while the engine
 * answers within a frame's budget and shrinks when it does not.
 */
export function usePlayer(): void {
  const store = useAppStore();
  useEffect(() => {
    let raf = 0;
    let last = 0;
    let busy = false;
    let batch = 1;
    const loop = (now: number) => {
      raf = requestAnimationFrame(loop);
      const s = store.getState();
      if (!s.playing || busy || s.engine !== 'ready') {
        last = now;
        return;
      }
      const fast = !Number.isFinite(s.speed);
      if (!fast && now - last < BASE_STEP_MS / s.speed) return;
      last = now;
      busy = true;
      const started = performance.now();
      // A batch at Max speed stops where the next question is asked, as single steps do.
      const room = s.scenario && s.frame ? stepsBeforeQuestion(s.scenario, s.frame.step) : Number.POSITIVE_INFINITY;
      void s.advance(fast ? Math.max(1, Math.min(batch, room)) : 1).finally(() => {
        busy = false;
        if (!fast) return;
        const took = performance.now() - started;
        batch = took < 6 ? Math.min(batch * 2, 1024) : Math.max(1, Math.floor(batch / 2));
      });
    };
    raf = requestAnimationFrame(loop);
    return () => cancelAnimationFrame(raf);
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
