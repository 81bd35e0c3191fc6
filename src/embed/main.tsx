import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createAppStore } from '../ui/store';
import { StoreProvider } from '../ui/store-context';
import { createFallbackClient, createWorkerClient } from '../worker/client';
import { EmbedApp } from './EmbedApp';
import '../ui/styles.css';
import './embed.css';

// The same store and engine client as the app: the engine runs in a Web Worker where there is one.
const store = createAppStore(typeof Worker === 'function' ? createWorkerClient : createFallbackClient);
const root = document.getElementById('root');
if (!root) throw new Error('embed.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <EmbedApp />
    </StoreProvider>
  </StrictMode>,
);

// Offline: the app's service worker precaches this page too (see vite.config.ts).
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('./sw.js').catch(() => {
      // Without a service worker (a sandbox, a partitioned frame) the player still works online.
    });
  });
}
