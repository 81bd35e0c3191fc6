/**
 * Fixtures for the transactions lab's component tests (the editor and the explorer), shared by
 * their quick and slow test files: a store with a scenario open, readers for what the store shows,
 * and the explorer run the way the worker answers.
 */
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ScenarioOf } from '../../src/engine/scenario/schema';
import type { ExploreResult } from '../../src/engine/transactions/explorer';
import ScenarioEditor from '../../src/ui/panels/transactions/editor/ScenarioEditor';
import { selectScenario } from '../../src/ui/selectors';
import { createAppStore } from '../../src/ui/store';
import { StoreProvider, useApp } from '../../src/ui/store-context';
import { createInProcessClient } from '../../src/worker/in-process';
import { threeByThree, txnPreset } from './transactions';

type TxnScenario = ScenarioOf<'transactions'>;
type Store = ReturnType<typeof createAppStore>;

/** Open a scenario (the lost-update preset by default) in a store and render the editor bound to it. */
export async function openEditor(scenario: TxnScenario = txnPreset('txn-lost-update-rc')) {
  const store = createAppStore(() => createInProcessClient());
  await store.getState().open(scenario, 0);
  const Bound = () => {
    // The editor follows the store's scenario as the lab gives it.
    const s = useApp(selectScenario);
    return s?.lab === 'transactions' ? <ScenarioEditor scenario={s} /> : null;
  };
  const view = render(
    <StoreProvider store={store}>
      <Bound />
    </StoreProvider>,
  );
  return { store, user: userEvent.setup(), view };
}

/** The editor's own live region (dnd-kit keeps another for drags). */
export const statusText = () => document.querySelector('.txn-ed-status')?.textContent;

/** The scenario the store has open, a transactions one. */
export function opened(store: Store): TxnScenario {
  const s = store.getState().scenario;
  if (s?.lab !== 'transactions') throw new Error('The store has no transactions scenario open.');
  return s;
}

/** The store's frame, a transactions one. */
export function txnFrame(store: Store) {
  const f = store.getState().frame;
  if (f?.lab !== 'transactions') throw new Error('The store shows no transactions frame.');
  return f;
}

/** A scenario's steps as `session: sql` lines. */
export const schedule = (s: TxnScenario) => s.steps.map((st) => `${st.do.session}: ${st.do.sql}`);

/** The explorer through the engine host and a structured clone, as the worker answers. */
export const viaHost = (s: TxnScenario): Promise<ExploreResult> => createInProcessClient().explore(s);

/** Three sessions that each read a row and increment the next one, round the table. */
export const THREE_BY_THREE = threeByThree([2, 3, 1]);

/** The rows of the explorer's matrix. */
export const matrixRows = (c: HTMLElement) => c.querySelectorAll('.xp-matrix tbody tr');
