/**
 * The app, or a part of it, in jsdom under a store as mount.tsx makes one, with the engine in
 * this thread: for tests of what the shell does with the address bar, links and screens.
 */
import { cleanup, render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { App } from '../../src/ui/App';
import { createAppStore } from '../../src/ui/store';
import { StoreProvider } from '../../src/ui/store-context';
import { createInProcessClient } from '../../src/worker/in-process';

/** Render `ui` under a fresh store whose engine runs in this thread; returns the store. */
export function renderInStore(ui: ReactNode, makeClient = createInProcessClient) {
  const store = createAppStore(() => makeClient());
  render(<StoreProvider store={store}>{ui}</StoreProvider>);
  return store;
}

/** Render the app (first at `hash`, when given) and return its store. */
export function renderApp({ hash, makeClient = createInProcessClient }: { hash?: string; makeClient?: typeof createInProcessClient } = {}) {
  if (hash !== undefined) window.history.replaceState(null, '', `/${hash}`);
  return renderInStore(<App />, makeClient);
}

/** Unmount it and leave the address bar at the gallery, for the next test. */
export function leaveApp(): void {
  cleanup();
  window.history.replaceState(null, '', '/');
}
