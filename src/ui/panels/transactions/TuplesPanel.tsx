import { useState } from 'react';
import type { Event } from '../../../engine/transactions/events';
import type { SessionView, View } from '../../../engine/transactions/view';
import { Panel } from '../../components/Panel';

/**
 * What changes a tuple version: a new version, an xmax written (update, delete, row lock), or
 * the end of a transaction that wrote one (its xid turns committed or aborted in pg_xact).
 */
function touchesTuples(e: { readonly type: string; readonly xid?: unknown }): boolean {
  return WRITES.has(e.type) || (ENDS.has(e.type) && e.xid !== 0);
}
const WRITES: ReadonlySet<string> = new Set(['tuple.inserted', 'xmax.set'] satisfies Event['type'][]);
const ENDS: ReadonlySet<string> = new Set(['txn.committed', 'txn.aborted'] satisfies Event['type'][]);

type XidNote = { text: string; tone: string };

/**
 * How one xid reads from a session's snapshot and pg_xact: facts the panel shows next to the
 * engine's verdict (`visibleTo`), which alone decides visibility.
 */
function xidNote(xid: number, s: SessionView | undefined, clog: ReadonlyMap<number, string>): XidNote {
  const state = clog.get(xid) ?? 'in progress';
  const snap = s?.snapshot;
  if (s && s.xid !== 0 && xid === s.xid) return { text: 'its own xid', tone: 'own' };
  if (s && s.subxids.includes(xid)) return { text: "its own savepoint's xid (a subtransaction)", tone: 'own' };
  if (!snap) return { text: state, tone: state.replace(' ', '-') };
  if (xid >= snap.xmax) return { text: `${state}, started after the snapshot (≥ xmax ${snap.xmax})`, tone: 'after' };
  if (snap.xip.includes(xid)) return { text: `${state}, in progress in the snapshot (xip)`, tone: 'after' };
  return { text: state, tone: state.replace(' ', '-') };
}

/**
 * Heap tuple versions as pageinspect's heap_page_items shows them, and which of them the chosen
 * session's current snapshot can see.
 */
export function TuplesPanel({ view }: { view: View }) {
  const [chosen, setChosen] = useState<string | null>(null);
  const active = view.sessions.filter((s) => s.snapshot);
  const focus = view.sessions.find((s) => s.name === chosen);
  const clog = new Map(view.clog.map((c) => [c.xid, c.state]));
  /** The view answers for sessions with a snapshot in an active (not failed) transaction only. */
  const canSee = !!focus?.snapshot && focus.status !== 'failed' && focus.status !== 'idle';
  return (
    <Panel
      name="tuples"
      title="Tuple versions (heap_page_items)"
      className="txn-tuples"
      touchedBy={touchesTuples}
      legend="Every version of every row: ctid, xmin (inserter), xmax (deleter or locker), infomask hint bits, t_ctid to the next version. Pick a session to see what its snapshot sees."
    >
      <div className="txn-session-pick" role="group" aria-label="Snapshot of session">
        <span className="pick-label">Snapshot of:</span>
        <button type="button" aria-pressed={chosen === null} onClick={() => setChosen(null)}>
          none
        </button>
        {view.sessions.map((s) => (
          <button key={s.name} type="button" aria-pressed={chosen === s.name} onClick={() => setChosen(s.name)}>
            {s.name}
            {s.xid ? ` (xid ${s.xid})` : ''}
          </button>
        ))}
      </div>
      {focus && (
        <p className="txn-focus-note">
          {focus.snapshot && active.includes(focus) ? (
            <>
              {focus.name}'s snapshot: xmin {focus.snapshot.xmin}, xmax {focus.snapshot.xmax}, in progress [{focus.snapshot.xip.join(', ')}]
              {focus.status === 'failed' ? ' — the transaction has failed: it sees nothing until ROLLBACK.' : ''}
            </>
          ) : (
            <>{focus.name} has no snapshot now (no transaction, or none taken yet): it sees nothing until its next statement takes one.</>
          )}
        </p>
      )}
      {view.tables.map((t) => (
        <div key={t.name} className="txn-heap-wrap">
          <table className="txn-heap">
            <caption>{t.name}</caption>
            <thead>
              <tr>
                <th scope="col">ctid</th>
                <th scope="col">xmin</th>
                <th scope="col">xmax</th>
                <th scope="col">hint bits</th>
                <th scope="col">t_ctid</th>
                {t.columns.map((c) => (
                  <th key={c} scope="col" className="data-col">
                    {c}
                  </th>
                ))}
                {focus && <th scope="col">{focus.name} sees</th>}
              </tr>
            </thead>
            <tbody>
              {t.tuples.map((u) => {
                const seen = focus ? u.visibleTo.includes(focus.name) : null;
                const xmin = focus ? xidNote(u.xmin, focus, clog) : null;
                const xmax = focus && u.xmax ? xidNote(u.xmax, focus, clog) : null;
                return (
                  <tr key={u.ctid} className={seen === null ? undefined : seen ? 'seen' : 'unseen'}>
                    <th scope="row" className="mono">
                      {u.ctid}
                    </th>
                    <td className="mono">
                      <span className={`xid xs-${(clog.get(u.xmin) ?? 'in progress').replace(' ', '-')}`}>{u.xmin}</span>
                      {xmin && <span className="why"> {xmin.text}</span>}
                    </td>
                    <td className="mono">
                      <span className={`xid${u.xmax ? ` xs-${(clog.get(u.xmax) ?? 'in progress').replace(' ', '-')}` : ''}`}>
                        {u.xmax || '0'}
                      </span>
                      {u.locks.length > 0 && <span className="lock-note"> {u.locks.map((l) => `${l.mode} by ${l.xid}`).join(', ')}</span>}
                      {xmax && <span className="why"> {xmax.text}</span>}
                    </td>
                    <td className="hints">{u.hints.length ? u.hints.map((h) => <span key={h}>{h}</span>) : '—'}</td>
                    <td className="mono">{u.next}</td>
                    {u.values.map((v, i) => (
                      <td key={i} className="data-col">
                        {v ?? <span className="null">NULL</span>}
                      </td>
                    ))}
                    {focus && (
                      <td className="verdict">
                        {!canSee ? (
                          <span className="vis-no">—</span>
                        ) : seen ? (
                          <span className="vis-yes">✓ visible</span>
                        ) : (
                          <span className="vis-no">✗ invisible</span>
                        )}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ))}
    </Panel>
  );
}
