import { useEffect, useState } from 'react';

/** Whether a CSS media query matches now, kept current as the window changes (false without matchMedia). */
export function useMedia(query: string): boolean {
  const [matches, setMatches] = useState(() => typeof window !== 'undefined' && window.matchMedia?.(query).matches === true);
  useEffect(() => {
    const m = typeof window !== 'undefined' ? window.matchMedia?.(query) : undefined;
    if (!m) return;
    const update = () => setMatches(m.matches);
    update();
    // A stand-in matchMedia (tests, old engines) may answer without listening.
    if (typeof m.addEventListener !== 'function') return;
    m.addEventListener('change', update);
    return () => m.removeEventListener('change', update);
  }, [query]);
  return matches;
}
