import { createAppStore } from '../../src/ui/store';
import { startUrlSync } from '../../src/ui/url-sync';
import type { ManagedClient } from '../../src/worker/client';
import { createInProcessClient } from '../../src/worker/in-process';
import { FakeWindow } from './fake-window';

/**
 * A store over the in-process engine, kept in step with a fake window's address bar, that
 * counts how often a scenario is loaded (`loads` lists their titles in order).
 */
export function syncedStore(hash = '') {
  const loads: string[] = [];
  const store = createAppStore((): ManagedClient => {
    const inner = createInProcessClient();
    return { ...inner, load: (s) => (loads.push(s.title), inner.load(s)) };
  });
  const win = new FakeWindow(hash);
  const stop = startUrlSync(store, win as unknown as Window);
  return { store, win, loads, stop };
}
