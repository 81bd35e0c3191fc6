import { useLayoutEffect, useRef } from 'react';
import type { ScheduleCell as Cell } from '../../../engine/transactions/schedule';
import type { ResultSet } from '../../../engine/transactions/types';
import type { View } from '../../../engine/transactions/view';
import { Panel } from '../../components/Panel';

/** Every step adds or ends a row: its step ran, waited, completed after a wait, or was refused. */
const INTERLEAVING_EVENTS = ['step.*', 'action.refused'] as const;

function ResultTable({ result }: { result: ResultSet }) {
  const shown = result.rows.slice(0, 6);
  return (
    <table className="txn-result">
      <thead>
        <tr>
          {result.columns.map((c, i) => (
            <th key={i} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {shown.map((r, i) => (
          <tr key={i}>
            {r.map((v, j) => (
              <td key={j}>{v ?? <span className="null">NULL</span>}</td>
            ))}
          </tr>
        ))}
        {result.rows.length > shown.length && (
          <tr>
            <td colSpan={result.columns.length} className="more">
              … {result.rows.length - shown.length} more rows
            </td>
          </tr>
        )}
        {result.rows.length === 0 && (
          <tr>
            <td colSpan={result.columns.length} className="more">
              (0 rows)
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

const holderText = (w: NonNullable<Cell['waited']>) => (w.xid > 0 ? `${w.holder} (xid ${w.xid})` : w.holder);

function CellView({ cell }: { cell: Cell }) {
  const until = cell.waited?.until ?? null;
  const stillWaiting = cell.waited !== null && until === null;
  // COMMIT and ROLLBACK tags are said by the end marker below.
  const tags = cell.tags.filter((t) => (!cell.end || !/^(COMMIT|ROLLBACK)$/.test(t)) && t !== cell.sql.trim().toUpperCase());
  const tone = cell.error || cell.refused ? 'error' : stillWaiting ? 'waiting' : (cell.end ?? 'ok');
  return (
    <div className={`txn-cell left-bar tone-${tone}`} data-kind={cell.kind}>
      {cell.kind === 'resumed' && <div className="resumed">↳ &lt;… completed&gt;</div>}
      {cell.sql && cell.kind !== 'marker' && <code className="sql">{cell.sql}</code>}
      {cell.waited &&
        (stillWaiting ? (
          <div className="wait-note">
            <span aria-hidden="true">‖ → </span>waiting: waits for {holderText(cell.waited)}
          </div>
        ) : (
          <div className="wait-note past">
            <span aria-hidden="true">‖ </span>waited for {holderText(cell.waited)} until step {until}
          </div>
        ))}
      {cell.refused && (
        <div className="err" role="note">
          <span aria-hidden="true">⊘ </span>refused: {cell.refused}
        </div>
      )}
      {cell.deadlock && (
        <div className="deadlock-note">
          deadlock: {cell.deadlock.join(' → ')} → {cell.deadlock[0]}
        </div>
      )}
      {cell.error && (
        <div className="err" role="note">
          <span aria-hidden="true">✗ </span>ERROR {cell.error.code}: {cell.error.message}
          {cell.error.detail && <div className="detail">DETAIL: {cell.error.detail}</div>}
        </div>
      )}
      {!cell.error && !stillWaiting && tags.length > 0 && <div className="tags">{tags.join(' · ')}</div>}
      {cell.results.map((r, i) => (
        <ResultTable key={i} result={r} />
      ))}
      {cell.end === 'committed' && (
        <div className="end end-committed">
          <span aria-hidden="true">✓ </span>committed
        </div>
      )}
      {cell.end === 'aborted' && (
        <div className="end end-aborted">
          <span aria-hidden="true">✗ </span>aborted{cell.reason && cell.reason !== cell.error?.message ? ` (${cell.reason})` : ''}
        </div>
      )}
    </div>
  );
}

/**
 * The interleaving, as PostgreSQL's isolation tester prints it: a column per session, steps in
 * the order they ran, blocked steps with the transaction they wait for, errors with SQLSTATE.
 * The engine keeps it as steps run; the view carries its newest rows.
 */
export function InterleavingPanel({ step, view }: { step: number; view: View }) {
  const { rows: shown, total } = view.schedule;
  const sessions = view.sessions.map((s) => s.name);
  const byName = new Map(view.sessions.map((s) => [s.name, s]));
  const wrap = useRef<HTMLDivElement>(null);
  // Keep the current step in sight inside the schedule's own scroll box (never scroll the page).
  useLayoutEffect(() => {
    const box = wrap.current;
    const row = box?.querySelector<HTMLElement>('tr[aria-current="step"]');
    if (!box || !row) return;
    const head = box.querySelector('thead')?.getBoundingClientRect().height ?? 0;
    const r = row.getBoundingClientRect();
    const top = r.top - box.getBoundingClientRect().top + box.scrollTop;
    const bottom = top + r.height;
    if (bottom > box.scrollTop + box.clientHeight) box.scrollTop = bottom - box.clientHeight;
    else if (top - head < box.scrollTop) box.scrollTop = Math.max(0, top - head);
  }, [step, total]);
  return (
    <Panel
      name="interleaving"
      title="Interleaving (isolation tester schedule)"
      className="txn-interleaving"
      touchedBy={INTERLEAVING_EVENTS}
      legend={
        <>
          One column per session, steps in the order they ran · <span className="k-wait">‖ waiting</span> on a row lock ·{' '}
          <span className="k-err">✗ ERROR SQLSTATE</span> · <span className="k-commit">✓ committed</span> ·{' '}
          <span className="k-abort">✗ aborted</span>
        </>
      }
    >
      {total === 0 ? (
        <p className="empty-note">No step has run yet: the tables hold the setup's rows.</p>
      ) : (
        <div className="txn-schedule-wrap" ref={wrap} role="region" aria-label="Schedule (scrolls)" tabIndex={0}>
          {total > shown.length && <p className="empty-note">{total - shown.length} earlier steps not shown.</p>}
          <table className="txn-schedule">
            <thead>
              <tr>
                <th scope="col" className="stepno">
                  step
                </th>
                {sessions.map((s) => {
                  const sv = byName.get(s);
                  return (
                    <th key={s} scope="col">
                      {s}
                      {sv && (
                        <span className={`sess-status st-${sv.status.replace(' ', '-')}`}>
                          {' '}
                          {sv.status}
                          {sv.xid ? ` · xid ${sv.xid}` : ''}
                        </span>
                      )}
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <tr key={r.step} className={r.step === step ? 'current' : undefined} aria-current={r.step === step ? 'step' : undefined}>
                  <th scope="row" className="stepno">
                    {r.step}
                  </th>
                  {sessions.map((s) => {
                    const c = r.cells.find((x) => x.session === s);
                    return <td key={s}>{c && <CellView cell={c} />}</td>;
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}
