import { Suspense, useEffect, useState } from 'react';
import type { Preset } from '../scenarios';
import { BannerView } from './BannerView';
import { BusyIndicator } from './BusyIndicator';
import { CompareSlot } from './compare/CompareSlot';
import { isCompareHash } from './compare/spec';
import { isCourseLink } from './courses/course-link';
import { CoursePageOr } from './courses/CoursePage';
import { EngineFailureView } from './EngineFailureView';
import { Gallery } from './Gallery';
import { LabView } from './lab-chunks';
import { selectBanner, selectScreen } from './selectors';
import { useApp, useAppStore } from './store-context';
import { backToGallery, startUrlSync } from './url-sync';

/** The app shell: the gallery or a lab, a banner for problems, and the address bar kept in sync. */
export function App() {
  const store = useAppStore();
  const screen = useApp(selectScreen);
  const banner = useApp(selectBanner);
  const dismiss = useApp((s) => s.dismissBanner);

  // A page opened on a link to a lab shows no gallery first: it would stand there for as long as
  // the engine computes the first frame (seconds for a large network) and then vanish under the
  // reader. The page says the link is opening, then shows the lab, or the gallery with the reason
  // the link cannot open, as soon as the link's load settles.
  const [openingLink, setOpeningLink] = useState(() => {
    const hash = window.location.hash;
    return hash !== '' && !isCompareHash(hash) && !isCourseLink(hash);
  });

  // Opens the link the page was loaded with, then keeps the address bar and history in step.
  useEffect(() => {
    const stop = startUrlSync(store, window);
    // A link that cannot be decoded shows its banner at once; one that can is loading by now and
    // is watched until its load settles, not for every later step.
    const settled = () => store.getState().engine !== 'loading';
    if (settled()) {
      setOpeningLink(false);
      return stop;
    }
    const unsubscribe = store.subscribe(() => {
      if (!settled()) return;
      setOpeningLink(false);
      unsubscribe();
    });
    return () => {
      unsubscribe();
      stop();
    };
  }, [store]);

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
        {screen === 'gallery' && openingLink ? (
          <p className="loading">Opening the link…</p>
        ) : screen === 'gallery' ? (
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
