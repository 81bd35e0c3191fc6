import { useEffect } from 'react';
import { BASE_STEP_MS } from '../ui/store';
import { useAppStore } from '../ui/store-context';
import type { StepRange } from './range';

/**
 * Plays the range: one step every BASE_STEP_MS while `playing`, stopping (and calling
 * `onEnd`) at the range's last step. Starting at the last step starts again from the first.
 * The app's own player runs to the scenario's end; this one never leaves the range.
 */
export function useRangePlayer(playing: boolean, range: StepRange, onEnd: () => void): void {
  const store = useAppStore();
  const { from, to } = range;
  useEffect(() => {
    if (!playing) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const tick = async () => {
      const s = store.getState();
      const step = s.frame?.step ?? from;
      if (step >= to) {
        onEnd();
        return;
      }
      await s.seek(Math.max(from, step + 1));
      if (stopped) return;
      if ((store.getState().frame?.step ?? to) >= to) onEnd();
      else timer = setTimeout(() => void tick(), BASE_STEP_MS);
    };
    const start = async () => {
      if ((store.getState().frame?.step ?? from) >= to) await store.getState().seek(from);
      if (!stopped) timer = setTimeout(() => void tick(), BASE_STEP_MS);
    };
    void start();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [store, playing, from, to, onEnd]);
}
