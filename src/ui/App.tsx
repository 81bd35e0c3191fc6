import { lazy, Suspense, useEffect } from 'react';
import type { Preset } from '../scenarios';
import { BannerView } from './BannerView';
import { BusyIndicator } from './BusyIndicator';
import { CompareSlot } from './compare/CompareSlot';
import { CoursePageOr } from './courses/CoursePage';
import { EngineFailureView } from './EngineFailureView';
import { Gallery } from './Gallery';
import { selectBanner, selectScreen } from './selectors';
import { useApp, useAppStore } from './store-context';
import { backToGallery, startUrlSync } from './url-sync';

// Labs load on demand: the gallery and shell stay small.
const LabView = lazy(() => import('./LabView'));

/** The app shell: the gallery or a lab, a banner for problems, and the address bar kept in sync. */
export function App() {
  const store = useAppStore();
  const screen = useApp(selectScreen);
  const banner = useApp(selectBanner);
  const dismiss = useApp((s) => s.dismissBanner);

  // Opens the link the page was loaded with, then keeps the address bar and history in step.
  useEffect(() => startUrlSync(store, window), [store]);

  const openPreset = (p: Preset) => void store.getState().open(p.scenario, 0);

  return (
    <div className="app">
      <header className="app-header">
        <a
          className="brand"
          href="./"
          onClick={(e) => {
            e.preventDefault();
            backToGallery(store, window);
          }}
        >
          <span className="brand-mark" aria-hidden="true">
            ▤
          </span>{' '}
          WALkthrough
        </a>
        <span className="tagline">database and peer-to-peer internals, step by step</span>
      </header>
      <BusyIndicator />
      {banner && <BannerView banner={banner} onDismiss={dismiss} />}
      {screen === 'gallery' && <EngineFailureView />}
      <CompareSlot>
        {screen === 'gallery' ? (
          <CoursePageOr>
            <Gallery onOpen={openPreset} />
          </CoursePageOr>
        ) : (
          <Suspense fallback={<p className="loading">Loading the lab…</p>}>
            <LabView />
          </Suspense>
        )}
      </CompareSlot>
    </div>
  );
}
