import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createFallbackClient, createWorkerClient } from './worker/client';
import { App } from './ui/App';
import { createAppStore } from './ui/store';
import { StoreProvider } from './ui/store-context';
import './ui/styles.css';

// The engine runs in a Web Worker; where there is none, in this thread (loaded on demand).
const store = createAppStore(typeof Worker === 'function' ? createWorkerClient : createFallbackClient);
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);

// Offline: the service worker caches the built app after the first visit.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('./sw.js').catch(() => {
      // Without a service worker the app still works online; nothing to tell the user.
    });
  });
}
