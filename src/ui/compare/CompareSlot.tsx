import { lazy, type ReactNode, Suspense, useEffect } from 'react';
import { useStore } from 'zustand';
import { useAppStore } from '../store-context';
import { compareFor, startCompareRoute } from './route';

// The comparison view loads on demand, with the lab panels it shows.
const CompareView = lazy(() => import('./CompareView'));

/**
 * Where the app shows a comparison: in place of the gallery or the lab while one is open,
 * and the `#compare=` links followed from the first render on.
 */
export function CompareSlot({ children }: { children: ReactNode }) {
  const store = useAppStore();
  const compare = compareFor(store);
  useEffect(() => startCompareRoute(store, window), [store]);
  const active = useStore(compare, (s) => s.spec !== null);
  if (!active) return children;
  return (
    <Suspense fallback={<p className="loading">Loading the comparison…</p>}>
      <CompareView compare={compare} />
    </Suspense>
  );
}
