import { useEffect, useMemo, useReducer, useState } from 'react';
import { SpecError } from '../../../../engine/transactions/spec-parse';
import { scenarioToSpec, specFileName, specToScenario } from '../../../../engine/transactions/spec-scenario';
import { FileButton } from '../../../components/FileButton';
import { selectFrame } from '../../../selectors';
import { useApp, useAppStore } from '../../../store-context';
import { diagnosticText, useDiagnosis } from './diagnose';
import { buildScenario, draftOf, type EditorPart, isDirty, problemsOf, reduce, type TxnScenario } from './draft';
import './editor.css';
import { outcomeLine, stepErrors } from './outcome';
import { PsqlExport } from './PsqlExport';
import { RunResult } from './RunResult';
import { SessionsEditor } from './SessionsEditor';
import { SqlEditor } from './SqlEditor';
import { StepList } from './StepList';
import { SelectField } from '../../../components/SelectField';

/** Largest spec file read (bytes): PostgreSQL's own specs are a few KB. */
export const MAX_SPEC_BYTES = 200_000;

/** The spec last imported, kept so another of its permutations can be chosen. */
interface Imported {
  readonly text: string;
  readonly name: string;
  readonly which: number;
  readonly notes: readonly string[];
  readonly permutations: readonly (readonly string[])[];
  readonly scenario: TxnScenario;
}

/** How messages name a spec that came from the paste box. */
const PASTED = 'the pasted spec';
const cap = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));
/** A spec error's message; "(line 0)" marks errors about the whole spec, which have no line to name. */
const specMessage = (err: unknown) =>
  err instanceof SpecError && err.line === 0 ? err.message.replace(/ \(line 0\)$/, '') : messageOf(err);

/**
 * The transactions scenario editor: setup SQL, sessions with their isolation levels, and the
 * schedule of steps. Apply validates the draft and opens it in the lab at its last step, so
 * the outcome shows; the address bar then carries the edited scenario.
 */
export default function ScenarioEditor({ scenario }: { scenario: TxnScenario }) {
  const store = useAppStore();
  const [draft, dispatch] = useReducer(reduce, scenario, draftOf);
  const [status, setStatus] = useState('');
  const [importError, setImportError] = useState<string | null>(null);
  const [imported, setImported] = useState<Imported | null>(null);
  const [pasted, setPasted] = useState('');
  const [focusId, setFocusId] = useState<number | null>(null);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);

  // Another scenario was opened (applied, imported, forked, a branch chosen): edit that one.
  useEffect(() => {
    dispatch({ type: 'reset', scenario });
    setTried(false);
    setFocusId(null);
    setImported((i) => (i && i.scenario === scenario ? i : null));
    setImportError(null);
  }, [scenario]);

  const problems = problemsOf(draft);
  const dirty = isDirty(draft);
  // PostgreSQL's answers, at once: a parse error as soon as the SQL is typed, a run's errors once applied.
  const setupError = useDiagnosis(draft.setup);
  const frame = useApp(selectFrame);
  const ran = useMemo(() => (frame?.lab === 'transactions' ? stepErrors(frame.view) : []), [frame]);
  const runErrors = new Map(
    dirty
      ? []
      : ran.flatMap((e) => {
          const st = draft.steps[e.step - 1];
          return st ? [[st.id, `ERROR ${e.code}: ${e.message} (when step ${e.step} ran)`] as const] : [];
        }),
  );
  // Empty new steps are normal while typing: problems show once Apply was tried, except limits.
  const shown = tried ? problems : problems.filter((p) => !/is empty/.test(p.message));

  /** The outcome on screen, when the lab shows the last step of its scenario. */
  const endOutcome = (): string | null => {
    const { frame } = store.getState();
    return frame?.lab === 'transactions' && frame.step === frame.total && frame.total > 0 ? outcomeLine(frame.view) : null;
  };

  const apply = async () => {
    setTried(true);
    const built = buildScenario(draft);
    if (!built.ok) {
      setStatus(`Not applied: ${built.problems[0].message}${built.problems.length > 1 ? ` (and ${built.problems.length - 1} more)` : ''}`);
      return;
    }
    setBusy(true);
    try {
      const was = endOutcome();
      await store.getState().open(built.scenario, built.scenario.steps.length);
      const now = endOutcome();
      setStatus(
        `Applied: "${built.scenario.title}" runs ${built.scenario.steps.length} steps; the lab shows its last step.` +
          (now ? ` Now: ${now}` : '') +
          (was && now && was !== now ? ` Before: ${was}` : ''),
      );
    } finally {
      setBusy(false);
    }
  };

  /** Open permutation `which` of a spec's text; the open scenario changes only if it imports. */
  const openSpec = async (text: string, name: string, which: number) => {
    try {
      const title = /^\s*#/.test(text) ? undefined : name === PASTED ? 'Pasted spec' : name.replace(/\.spec$/i, '') || undefined;
      const result = specToScenario(text, { title, permutation: which });
      setImportError(null);
      setImported({ text, name, which, notes: result.notes, permutations: result.permutations, scenario: result.scenario });
      await store.getState().open(result.scenario, 0);
      setStatus(`Imported ${name}: ${result.scenario.steps.length} steps in ${result.scenario.options.sessions.length} sessions.`);
    } catch (err) {
      setImportError(`${name === PASTED ? cap(name) : name} could not be imported: ${specMessage(err)}`);
    }
  };

  const importSpec = async (file: File) => {
    if (file.size > MAX_SPEC_BYTES)
      setImportError(
        `${file.name} could not be imported: the file is too large (${file.size.toLocaleString('en')} bytes; at most ${MAX_SPEC_BYTES.toLocaleString('en')}).`,
      );
    else await openSpec(await file.text(), file.name, 0);
  };

  const exportSpec = () => {
    const built = buildScenario(draft);
    if (!built.ok) {
      setTried(true);
      setStatus(`Not exported: ${built.problems[0].message}`);
      return;
    }
    let text: string;
    try {
      text = scenarioToSpec(built.scenario);
    } catch (err) {
      setStatus(`Not exported: ${specMessage(err)}`);
      return;
    }
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    a.download = specFileName(built.scenario.title);
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    setStatus(`Exported ${a.download}.`);
  };

  const part: EditorPart = { draft, dispatch, problems: shown, announce: setStatus };
  const setupProblem = shown.find((p) => p.where === 'setup');
  const general = shown.filter((p) => p.where === 'title' || p.where === 'scenario' || (p.where === 'session' && p.id === undefined));

  return (
    <section className="panel txn-editor" aria-labelledby="txn-editor-title" data-own-keys>
      <h2 id="txn-editor-title">Edit scenario</h2>
      <p className="legend">
        Change the SQL, the sessions and the order of the steps, then apply: the lab replays your version to its end. The engine reports SQL
        errors at their step, as PostgreSQL would.
      </p>
      <label className="txn-ed-title">
        <span>Title</span>
        <input
          type="text"
          value={draft.title}
          maxLength={200}
          onChange={(e) => dispatch({ type: 'title', title: e.currentTarget.value })}
        />
      </label>
      <div className="txn-ed-setup">
        <span className="txn-ed-label" id="txn-ed-setup-label">
          Setup SQL <span className="txn-ed-hint">(runs first, on its own connection)</span>
        </span>
        <SqlEditor
          value={draft.setup}
          onChange={(sql) => dispatch({ type: 'setup', sql })}
          onSubmit={() => void apply()}
          label="Setup SQL"
          placeholder="CREATE TABLE … ; INSERT INTO …"
          invalid={setupProblem !== undefined || setupError !== null}
          describedBy={setupError ? 'txn-ed-setup-err' : undefined}
          marked={setupError && { ...setupError, text: diagnosticText(setupError, draft.setup.split('\n').length) }}
        />
        {setupProblem && <p className="txn-ed-problem">{setupProblem.message}</p>}
        {setupError && (
          <p className="txn-ed-problem" id="txn-ed-setup-err">
            PostgreSQL would stop at line {setupError.line}: {diagnosticText(setupError, 1)}. Nothing of the setup runs, so the sessions
            would find no tables.
          </p>
        )}
      </div>
      <SessionsEditor {...part} />
      <fieldset className="txn-ed-steps-box">
        <legend>Schedule</legend>
        <StepList {...part} focusId={focusId} runErrors={runErrors} onAdded={setFocusId} onSubmit={() => void apply()} />
      </fieldset>
      {general.length > 0 && (
        <ul className="txn-ed-problems">
          {general.map((p) => (
            <li key={p.message} className="txn-ed-problem">
              {p.message}
            </li>
          ))}
        </ul>
      )}
      <div className="txn-ed-actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void apply()} aria-keyshortcuts="Control+Enter">
          Apply and run
        </button>
        <span className="txn-ed-dirty">{dirty ? 'Changes not applied yet (Ctrl/⌘+Enter applies)' : 'No changes'}</span>
        <button
          type="button"
          onClick={() => {
            dispatch({ type: 'reset', scenario });
            setTried(false);
            setStatus('Changes discarded: the editor shows the open scenario again.');
          }}
        >
          Discard changes
        </button>
        <span className="txn-ed-sep" aria-hidden="true" />
        <FileButton accept=".spec,text/plain" inputLabel="Import an isolation tester spec file" onFile={importSpec}>
          Import .spec
        </FileButton>
        <button type="button" onClick={exportSpec}>
          Export .spec
        </button>
        <PsqlExport draft={draft} announce={setStatus} onInvalid={() => setTried(true)} />
      </div>
      <RunResult status={status} errors={dirty ? [] : ran} step={frame?.step ?? 0} />
      <details className="txn-ed-paste">
        <summary>Paste a spec</summary>
        <div className="txn-ed-paste-body">
          <p className="txn-ed-hint">
            The isolation tester's format, as in PostgreSQL's <code>src/test/isolation/specs/</code>: <code>setup {'{ … }'}</code>,{' '}
            <code>session s1</code> with <code>step name {'{ SQL }'}</code>, <code>permutation …</code>.
          </p>
          <textarea
            value={pasted}
            onChange={(e) => setPasted(e.currentTarget.value)}
            rows={8}
            spellCheck={false}
            aria-label="Spec text"
            placeholder={
              'setup { CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 0); }\nsession s1\nstep r1 { SELECT v FROM t; }\n…\npermutation r1 …'
            }
          />
          <button type="button" disabled={!pasted.trim()} onClick={() => void openSpec(pasted, PASTED, 0)}>
            Import the pasted spec
          </button>
        </div>
      </details>
      {importError && (
        <p className="txn-ed-import-error" role="alert">
          <span aria-hidden="true">⚠ </span>
          {importError}
        </p>
      )}
      {imported && (
        <div className="txn-ed-imported">
          {imported.permutations.length > 1 && (
            <SelectField
              label={`Permutation of ${imported.name}`}
              value={imported.which}
              choices={imported.permutations.map((p, i) => ({ value: i, label: `${i + 1}: ${p.join(' ')}` }))}
              onChange={(which) => void openSpec(imported.text, imported.name, which)}
            />
          )}
          <ul className="txn-ed-notes" aria-label="About the imported spec">
            {imported.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
