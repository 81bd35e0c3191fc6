import { COMPARISONS, type ComparisonPreset } from '../../scenarios/compare';
import { useAppStore } from '../store-context';
import { openComparison } from './route';
import { comparisonHash, decodeCompareHash } from './spec';

/** The gallery's "Compare" group: a preset run twice, one option changed, as cards. */
export function CompareCards() {
  const store = useAppStore();
  const open = (c: ComparisonPreset) => {
    try {
      openComparison(store, window, decodeCompareHash(comparisonHash(c)));
    } catch (err) {
      store.getState().showError('This comparison could not be opened', err);
    }
  };
  return (
    <section className="gallery-group" aria-labelledby="group-compare">
      <h2 id="group-compare">
        Compare side by side <span className="group-blurb">One scenario, one setting changed, one timeline for both.</span>
      </h2>
      <ul className="cards">
        {COMPARISONS.map((c) => (
          <li key={c.id}>
            <button type="button" className="card" onClick={() => open(c)} data-compare={c.id}>
              <span className="card-title">{c.title}</span>
              <span className="card-teaser">{c.teaser}</span>
              <span className="card-tags">
                <span className="tag">compare</span>
                <span className="tag">{c.opt}</span>
                {c.c !== undefined && <span className="tag">3 sides</span>}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
