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
}

// Clean the DOM after each component test.
afterEach(async () => {
  if (typeof document !== 'undefined') {
    const { cleanup } = await import('@testing-library/react');
    cleanup();
  }
});
