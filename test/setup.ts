import { afterEach } from 'vitest';

// Component tests run in jsdom (per-file `@vitest-environment jsdom`); clean the DOM after each.
afterEach(async () => {
  if (typeof document !== 'undefined') {
    const { cleanup } = await import('@testing-library/react');
    cleanup();
  }
});
