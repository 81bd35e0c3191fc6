import { afterEach } from 'vitest';

/**
 * How long Testing Library's `findBy*` and `waitFor` wait. Its default, 1 s, is shorter than a
 * lazy panel chunk takes to arrive when both cores are busy (vite transforms it on first import);
 * waiting longer costs nothing when the element comes early, since they poll and return at once.
 */
export const ASYNC_UTIL_TIMEOUT_MS = 15_000;

// Component tests run in jsdom (per-file `@vitest-environment jsdom`); node tests never load
// Testing Library.
if (typeof document !== 'undefined') {
  const { configure } = await import('@testing-library/react');
  configure({ asyncUtilTimeout: ASYNC_UTIL_TIMEOUT_MS });
  freshWindow();
}

/**
 * Component files share one jsdom per worker (vitest.config.ts), and this file runs before each
 * of them: put back what a file may have replaced, so none sees another's leftovers. A file that
 * needs its own `matchMedia` (reduced motion, a phone) sets it after this runs.
 */
function freshWindow(): void {
  const w = window as Window & { __jsdomScrollTo?: typeof window.scrollTo };
  w.__jsdomScrollTo ??= window.scrollTo;
  window.scrollTo = w.__jsdomScrollTo;
  // jsdom has no matchMedia; CodeMirror and the app's media hooks need one with listeners.
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }) as MediaQueryList;
  window.history.replaceState(null, '', '/');
  localStorage.clear();
  sessionStorage.clear();
  document.body.innerHTML = '';
  document.title = '';
  // Testing Library turns React's act() environment on in hooks of the first file that imports it;
  // with its module shared, later files would run without (and React warns at every update).
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
}

// Clean the DOM after each component test.
afterEach(async () => {
  if (typeof document !== 'undefined') {
    const { cleanup } = await import('@testing-library/react');
    cleanup();
  }
});
