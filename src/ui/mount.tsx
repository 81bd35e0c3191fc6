import { type ReactNode, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createFallbackClient, createWorkerClient } from '../worker/client';
import { preloadLab } from './lab-chunks';
import { createAppStore } from './store';
import { StoreProvider } from './store-context';

/**
 * Start a page (the app or the embedded player): one store whose engine runs in a Web Worker
 * (where there is none, in this thread, loaded on demand), the page's root rendered in it, and
 * the service worker that keeps the built pages for offline use.
 */
export function mount(page: string, app: ReactNode): void {
  const store = createAppStore(typeof Worker === 'function' ? createWorkerClient : createFallbackClient, {
    onOpen: (scenario) => void preloadLab(scenario.lab),
  });
  const root = document.getElementById('root');
  if (!root) throw new Error(`${page} has no #root element`);
  createRoot(root).render(
    <StrictMode>
      <StoreProvider store={store}>{app}</StoreProvider>
    </StrictMode>,
  );
  if (import.meta.env.PROD && 'serviceWorker' in navigator) {
    window.addEventListener('load', () => {
      navigator.serviceWorker.register('./sw.js').catch(() => {
        // Without a service worker (private mode, a sandboxed frame) the page still works online.
      });
    });
  }
}
