import { lazy, Suspense, useState } from 'react';
import type { ScenarioOf } from '../../../../engine/scenario/schema';
import { selectScenario } from '../../../selectors';
import { useApp, useAppStore } from '../../../store-context';

type TxnScenario = ScenarioOf<'transactions'>;

// Its own chunk: the matrix and its styles load when asked for.
const ExplorerPanel = lazy(() => import('./ExplorerPanel'));

/**
 * "Explore all interleavings": the explorer for the scenario on screen. It stays on the scenario it
 * was opened for while the lab shows the cells chosen in it.
 */
export function ExplorerLauncher() {
  const scenario = useApp(selectScenario);
  const store = useAppStore();
  const [source, setSource] = useState<TxnScenario | null>(null);
  if (source) {
    return (
      <Suspense
        fallback={
          <p className="empty-note" role="status">
            Loading the interleaving explorer…
          </p>
        }
      >
        <ExplorerPanel scenario={source} onOpen={(s) => void store.getState().open(s, s.steps.length)} onClose={() => setSource(null)} />
      </Suspense>
    );
  }
  if (scenario?.lab !== 'transactions') return null;
  return (
    // Styled here: explorer.css only arrives with the panel's chunk.
    <button type="button" className="txn-explorer-launch" style={{ alignSelf: 'flex-start' }} onClick={() => setSource(scenario)}>
      Explore all interleavings
    </button>
  );
}
