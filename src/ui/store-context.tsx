import { createContext, type ReactNode, useContext } from 'react';
import { useStore } from 'zustand';
import type { AppActions, AppState, AppStore } from './store';

const StoreContext = createContext<AppStore | null>(null);

/** Makes one app store available to the tree (tests create their own). */
export function StoreProvider({ store, children }: { store: AppStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

/** The store itself, for event handlers that read without subscribing. */
export function useAppStore(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStore needs a StoreProvider above it.');
  return store;
}

/** Subscribe to a slice: declare selectors at module scope so they are stable. */
export function useApp<T>(selector: (s: AppState & AppActions) => T): T {
  return useStore(useAppStore(), selector);
}
