import { useEffect, useId, useMemo, useState } from 'react';
import type { ScenarioOf } from '../../../../engine/scenario/schema';
import { cellScenario, type ExploreResult, levelTitle, type Outcome } from '../../../../engine/transactions/explorer-result';
import { createFallbackClient, createWorkerClient } from '../../../../worker/client';
import { ColumnHeads } from '../../../components/ColumnHeads';
import { Permutation, PatternTable, Summary } from './ExplorerTables';
import { CLASS_GLYPH, classStyle, longLabel, shortLabel } from './outcome';
import './explorer.css';

type TxnScenario = ScenarioOf<'transactions'>;

/** Rows drawn at once; more on request (1,680 rows × 3 buttons would be slow to lay out). */
export const PAGE = 100;

/** Explore in a worker of its own (the lab's engine keeps answering), or in this thread where there are no workers. */
type Progress = (done: number, total: number) => void;

async function exploreInWorker(scenario: TxnScenario, onProgress?: Progress): Promise<ExploreResult> {
  let failure: string | null = null;
  const client = typeof Worker === 'undefined' ? createFallbackClient() : createWorkerClient((m) => (failure = m));
  try {
    return await client.explore(scenario, onProgress);
  } catch (e) {
    throw new Error(failure ?? (e instanceof Error ? e.message : String(e)), { cause: e });
  } finally {
    client.dispose();
  }
}

export interface ExplorerPanelProps {
  readonly scenario: TxnScenario;
  /** Open one cell's interleaving in the lab. */
  readonly onOpen: (scenario: TxnScenario) => void;
  readonly onClose: () => void;
  /** How to run the explorer (tests pass the engine host in this thread). */
  readonly explore?: (scenario: TxnScenario, onProgress?: Progress) => Promise<ExploreResult>;
}

type State =
  | { readonly k: 'running'; readonly done: number; readonly total: number }
  | { readonly k: 'error'; readonly message: string }
  | { readonly k: 'done'; readonly result: ExploreResult };

const keyOf = (row: readonly Outcome[]) => row.map(shortLabel).join(' | ');

/**
 * The interleaving explorer: every order of the scenario's steps that keeps each session's own
 * order, run at each isolation level; a summary per level, the distinct outcome patterns, then
 * the matrix (one row per order, one button per level that opens that run in the lab).
 */
export default function ExplorerPanel({ scenario, onOpen, onClose, explore = exploreInWorker }: ExplorerPanelProps) {
  const [state, setState] = useState<State>({ k: 'running', done: 0, total: 0 });
  const [differs, setDiffers] = useState(false);
  const [pattern, setPattern] = useState<string | null>(null);
  const [shown, setShown] = useState(PAGE);
  const [opened, setOpened] = useState<{ p: number; l: number } | null>(null);
  const [collapsed, setCollapsed] = useState(false);
  const headingId = useId();
  const differsId = useId();

  useEffect(() => {
    let live = true;
    setState({ k: 'running', done: 0, total: 0 });
    explore(scenario, (done, total) => live && setState((s) => (s.k === 'running' ? { k: 'running', done, total } : s))).then(
      (result) => live && setState({ k: 'done', result }),
      (e: unknown) => live && setState({ k: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [scenario, explore]);

  const result = state.k === 'done' ? state.result : null;
  const keys = useMemo(() => result?.outcomes.map(keyOf) ?? [], [result]);
  const groups = useMemo(() => {
    if (!result) return [];
    const m = new Map<string, { key: string; first: number; count: number }>();
    keys.forEach((k, p) => {
      const g = m.get(k);
      if (g) g.count++;
      else m.set(k, { key: k, first: p, count: 1 });
    });
    return [...m.values()].sort((a, b) => b.count - a.count || a.first - b.first);
  }, [result, keys]);
  const rows = useMemo(() => {
    if (!result) return [];
    const out: number[] = [];
    result.outcomes.forEach((row, p) => {
      if (differs && row.every((o) => shortLabel(o) === shortLabel(row[0]))) return;
      if (pattern !== null && keys[p] !== pattern) return;
      out.push(p);
    });
    return out;
  }, [result, keys, differs, pattern]);

  const open = (p: number, l: number) => {
    if (!result) return;
    setOpened({ p, l });
    setCollapsed(true);
    onOpen(cellScenario(scenario, result, result.permutations[p], result.levels[l]));
  };
  const permText = (p: number) => (result ? result.permutations[p].map((i) => result.steps[i].short).join(' ') : '');

  return (
    <section className="panel txn-explorer" aria-labelledby={headingId}>
      <div className="xp-head">
        <h2 id={headingId}>Every interleaving of “{scenario.title}”</h2>
        <div className="xp-actions">
          {collapsed && result && (
            <button type="button" onClick={() => setCollapsed(false)}>
              Back to the matrix
            </button>
          )}
          <button type="button" onClick={onClose}>
            Close the explorer
          </button>
        </div>
      </div>
      {state.k === 'running' && (
        <p className="xp-status" role="status">
          Running every order of the {scenario.steps.length} steps at each isolation level…
          {state.total > 0 && (
            <>
              {' '}
              <progress className="xp-progress" max={state.total} value={state.done} aria-label="Runs done" />{' '}
              {state.done.toLocaleString('en')} of {state.total.toLocaleString('en')} runs
            </>
          )}
        </p>
      )}
      {state.k === 'error' && (
        <p className="xp-error" role="alert">
          {state.message}
        </p>
      )}
      {result && collapsed && opened && (
        <p className="xp-status" role="status">
          Showing <Permutation result={result} order={result.permutations[opened.p]} /> at {levelTitle(result.levels[opened.l])}:{' '}
          {longLabel(result.outcomes[opened.p][opened.l])}. Step through it below; the address bar now links to it.
        </p>
      )}
      {result && !collapsed && (
        <>
          <p className="xp-intro">
            The isolation tester’s permutations: every order of the steps that keeps each session’s own order (
            {result.sessions.map((s, i) => (
              <span key={s.name}>
                {i > 0 && ', '}
                <span className={`xp-tok xs-${i % 4}`}>{s.short}</span> = {s.name}
              </span>
            ))}
            ), each run from the same setup with every session at the column’s level. Choose a cell to step through that run.
          </p>
          {result.ownLevel.length > 0 && (
            <p className="xp-note">
              {result.ownLevel.join(', ')} choose{result.ownLevel.length === 1 ? 's' : ''} an isolation level in its steps (BEGIN ISOLATION
              LEVEL or SET TRANSACTION), which the columns do not override.
            </p>
          )}
          <Summary result={result} />
          <h3>Outcome patterns</h3>
          <PatternTable
            result={result}
            groups={groups}
            pattern={pattern}
            onPattern={(key) => {
              setPattern(key);
              setShown(PAGE);
            }}
          />
          <h3>Orders</h3>
          <div className="xp-filter">
            <input
              id={differsId}
              type="checkbox"
              checked={differs}
              onChange={(e) => {
                setDiffers(e.target.checked);
                setShown(PAGE);
              }}
            />
            <label htmlFor={differsId}>Only orders whose outcome differs between levels</label>
            <span className="xp-count">
              {rows.length.toLocaleString('en')} of {result.permutations.length.toLocaleString('en')} orders
            </span>
          </div>
          <div className="xp-matrix-wrap">
            <table className="xp-matrix">
              <ColumnHeads names={['Order of steps', ...result.levels.map(levelTitle)]} />
              <tbody>
                {rows.slice(0, shown).map((p) => (
                  <tr key={p} className={p === result.original ? 'original' : undefined}>
                    <th scope="row">
                      <Permutation result={result} order={result.permutations[p]} />
                      {p === result.original && <span className="xp-orig"> (the scenario’s order)</span>}
                    </th>
                    {result.outcomes[p].map((o, l) => (
                      <td key={l}>
                        <button
                          type="button"
                          className={`xp-cell k-${o.kind}`}
                          style={classStyle(o.kind)}
                          aria-label={`${permText(p)} at ${levelTitle(result.levels[l])}: ${longLabel(o)}`}
                          aria-current={opened?.p === p && opened.l === l ? 'true' : undefined}
                          title={longLabel(o)}
                          onClick={() => open(p, l)}
                        >
                          <span aria-hidden="true">{CLASS_GLYPH[o.kind]} </span>
                          {shortLabel(o)}
                        </button>
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {rows.length > shown && (
            <button type="button" className="xp-more" onClick={() => setShown(shown + PAGE)}>
              Show {Math.min(PAGE, rows.length - shown)} more ({(rows.length - shown).toLocaleString('en')} not shown)
            </button>
          )}
          {rows.length === 0 && <p className="xp-status">No order matches: every order ends the same way at every level.</p>}
        </>
      )}
    </section>
  );
}
