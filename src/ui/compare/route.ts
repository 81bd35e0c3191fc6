/**
 * Comparisons and the address bar. A `#compare=` hash (a link, Back or Forward) opens its
 * comparison; any other hash closes one. Opening from the app pushes one history entry, so
 * Back returns to the lab or gallery it came from; steps replace the entry. url-sync leaves
 * `#compare=` hashes to this module (one branch there).
 */
import { createFallbackClient, createWorkerClient } from '../../worker/client';
import type { AppStore } from '../store';
import { type CompareStore, createCompareStore, type MakeClient } from './session';
import { type CompareSpec, decodeCompareHash, encodeCompareHash, isCompareHash } from './spec';

/** The state of a history entry this module pushed. */
const COMPARE_ENTRY = { walkthrough: 'compare' } as const;

const stores = new WeakMap<AppStore, CompareStore>();
const defaultClient: MakeClient = typeof Worker === 'function' ? createWorkerClient : createFallbackClient;

/** The comparison store that goes with an app store (one per app; tests may pass their own engines). */
export function compareFor(store: AppStore, makeClient: MakeClient = defaultClient): CompareStore {
  let compare = stores.get(store);
  if (!compare) {
    compare = createCompareStore(makeClient);
    stores.set(store, compare);
  }
  return compare;
}

/** Open a comparison from the app (the lab's Compare, a gallery card): a new history entry. */
export function openComparison(store: AppStore, win: Window, spec: CompareSpec): void {
  win.history.pushState(COMPARE_ENTRY, '', encodeCompareHash(spec));
  win.scrollTo(0, 0);
  void compareFor(store).getState().open(spec);
}

/** Leave a comparison: Back when this app opened it, else to the gallery as a new entry. */
export function leaveComparison(store: AppStore, win: Window): void {
  if ((win.history.state as { walkthrough?: string } | null)?.walkthrough === COMPARE_ENTRY.walkthrough) {
    win.history.back();
    return;
  }
  compareFor(store).getState().close();
  win.history.pushState(null, '', win.location.pathname + win.location.search);
  store.getState().showGallery();
}

/**
 * Follow the address bar: open the `#compare=` hash the page has now and any that Back,
 * Forward or a typed link brings; close the comparison on any other hash; keep the hash's
 * step in step with the timeline. A bad link shows what is wrong over the gallery.
 */
export function startCompareRoute(store: AppStore, win: Window): () => void {
  const compare = compareFor(store);
  let written = '';
  const openHash = (hash: string) => {
    written = hash;
    try {
      void compare.getState().open(decodeCompareHash(hash));
    } catch (err) {
      compare.getState().close();
      store.getState().showGallery();
      store.getState().showError('This comparison could not be opened', err);
    }
  };
  const onNavigate = () => {
    const hash = win.location.hash;
    if (!isCompareHash(hash)) {
      written = '';
      if (compare.getState().spec) compare.getState().close();
    } else if (hash !== written) openHash(hash);
  };
  const unsubscribe = compare.subscribe((s, prev) => {
    if (!s.spec || (s.step === prev.step && s.spec === prev.spec && s.playing === prev.playing) || s.playing) return;
    const hash = encodeCompareHash(s.spec, s.step);
    if (hash === win.location.hash || !isCompareHash(win.location.hash)) return;
    written = hash;
    win.history.replaceState(win.history.state, '', hash);
  });
  win.addEventListener('popstate', onNavigate);
  win.addEventListener('hashchange', onNavigate);
  if (isCompareHash(win.location.hash)) openHash(win.location.hash);
  return () => {
    unsubscribe();
    win.removeEventListener('popstate', onNavigate);
    win.removeEventListener('hashchange', onNavigate);
  };
}
