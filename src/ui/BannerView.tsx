import type { Banner } from './store';

/** A message across the top: what went wrong, in words a user can act on. */
export function BannerView({ banner, onDismiss }: { banner: Banner; onDismiss(): void }) {
  return (
    <div className={`banner banner-${banner.kind}`} role="alert">
      <span className="banner-icon" aria-hidden="true">
        {banner.kind === 'error' ? '⚠' : 'ℹ'}
      </span>
      <div>
        <strong>{banner.title}</strong>
        <p>{banner.message}</p>
        {banner.kind === 'error' && <p className="banner-hint">The scenarios below still work.</p>}
      </div>
      <button type="button" className="icon-button" onClick={onDismiss} aria-label="Dismiss message">
        ×
      </button>
    </div>
  );
}
