import { useApp, useAppStore } from './store-context';
import { backToGallery } from './url-sync';

/**
 * What stopped the engine (a timeout, a crash, a work budget) and the ways out: start again
 * on a fresh engine, or go back to the gallery. Shown on every screen; the old engine is
 * already terminated, and any card or link opens normally on a new one.
 */
export function EngineFailureView() {
  const store = useAppStore();
  const engine = useApp((s) => s.engine);
  const message = useApp((s) => s.engineError);
  const screen = useApp((s) => s.screen);
  if (engine !== 'failed') return null;
  const restart = () => void store.getState().restartEngine();
  const leave = () => {
    store.getState().dismissFailure();
    backToGallery(store, window);
  };
  return (
    <div className="banner banner-error engine-failure" role="alert" aria-labelledby="engine-failure-title">
      <span className="banner-icon" aria-hidden="true">
        ⚠
      </span>
      <div>
        <strong id="engine-failure-title">The engine stopped</strong>
        <p>{message}</p>
        <div className="engine-failure-actions">
          <button type="button" onClick={restart}>
            {screen === 'lab' ? 'Restart from this scenario' : 'Try again'}
          </button>
          <button type="button" onClick={leave}>
            {screen === 'lab' ? 'Back to the gallery' : 'Pick another scenario'}
          </button>
        </div>
      </div>
    </div>
  );
}
