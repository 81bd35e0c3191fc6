import { useState } from 'react';
import { loadTransactionsParser } from '../../../../worker/sql-parser';
import { buildScenario, type Draft } from './draft';
import './psql-export.css';

/** What the how-to names once a file was saved. */
interface Saved {
  readonly fileName: string;
  readonly files: readonly string[];
  readonly waits: number;
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * "Export for psql", beside "Export .spec": the lab runs the edited scenario once (in this page,
 * with the same engine), and the run gives a text file with a setup script, one psql script per
 * session, a teardown and the run order, each step marked where it waits and what releases it.
 * After a download, a short how-to says what to do with the file.
 */
export function PsqlExport({ draft, announce, onInvalid }: { draft: Draft; announce: (s: string) => void; onInvalid: () => void }) {
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<Saved | null>(null);

  const run = async () => {
    const built = buildScenario(draft);
    if (!built.ok) {
      onInvalid();
      announce(`Not exported: ${built.problems[0].message}`);
      return;
    }
    setBusy(true);
    try {
      await loadTransactionsParser();
      // The engine comes with the click: the page's bundle does not carry it (the worker has its own copy).
      const { exportForPsql } = await import('../../../../engine/transactions/export-psql');
      const out = exportForPsql(built.scenario);
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([out.text], { type: 'text/plain' }));
      a.download = out.fileName;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 1000);
      const files = ['setup.sql', ...out.sessions.map((s) => s.file), 'teardown.sql'];
      setSaved({ fileName: out.fileName, files, waits: out.waits.length });
      announce(`Exported ${out.fileName}: ${files.join(', ')}, the run order and the spec.`);
    } catch (err) {
      announce(`Not exported: ${messageOf(err)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button type="button" disabled={busy} onClick={() => void run()}>
        Export for psql
      </button>
      {saved && (
        <div className="txn-ed-psql left-bar" role="note" aria-label="How to run the export in psql">
          <p>
            <strong>{saved.fileName}</strong> holds {saved.files.join(', ')}, a run order and the isolation tester spec, in sections.
          </p>
          <ol>
            <li>Save each section as its own file; create an empty database and run setup.sql in it.</li>
            <li>Open one psql per session and run the SET line at the top of its script.</li>
            <li>
              Paste the steps in the run order, each in its session’s psql.{' '}
              {saved.waits > 0
                ? `${saved.waits === 1 ? 'One step is' : `${saved.waits} steps are`} marked WAITS: such a step blocks, so go on in another psql; its result shows when the step named there releases it.`
                : 'No step waits in this scenario.'}
            </li>
            <li>Compare each psql with the lab; each step’s comment says what the lab printed. Run teardown.sql at the end.</li>
          </ol>
        </div>
      )}
    </>
  );
}
