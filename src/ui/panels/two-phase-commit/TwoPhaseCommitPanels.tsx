import { useMemo } from 'react';
import type { GtxView, View } from '../../../engine/two-phase-commit/view';
import { ColumnHeads } from '../../components/ColumnHeads';
import { Panel } from '../../components/Panel';
import { ScrollX } from '../../components/ScrollX';
import type { PanelProps } from '../panel-props';
import { MessagesPanel } from './MessagesPanel';
import { NodeLane } from './NodeLane';
import './twopc.css';

const OUTCOME_TEXT: Record<GtxView['outcome'], string> = {
  committed: 'committed everywhere',
  aborted: 'rolled back everywhere',
  'in doubt': 'in doubt',
  'in progress': 'in progress',
  mixed: 'MIXED: atomicity broken',
};

/** The table changes when a local piece, a decision or a whole global transaction does. */
const GTX_TOUCHED_BY = ['txn.*', 'statement.failed', 'decision.made', 'gtx.ended'];

function GlobalTransactions({ view }: { view: View }) {
  const parts = view.nodes.filter((n) => n.role === 'participant').map((n) => n.name);
  return (
    <Panel
      name="transaction"
      title="Global transactions"
      className="tpc-gtx"
      touchedBy={GTX_TOUCHED_BY}
      legend="Each participant’s local transaction, the coordinator’s logged decision, and the outcome across all of them."
      empty={view.gtx.length === 0 && 'None begun yet.'}
    >
      <ScrollX className="tpc-scroll" label="Global transactions (scrolls sideways)">
        <table className="tpc-table tpc-gtx-table">
          <ColumnHeads names={['gid', ...parts, 'decision log', 'outcome']} />
          <tbody>
            {view.gtx.map((g) => (
              <tr key={g.gid} data-gid={g.gid} data-outcome={g.outcome}>
                <th scope="row">{g.gid}</th>
                {parts.map((p) => (
                  <td key={p}>
                    {g.participants.includes(p) ? (
                      <span className="tpc-badge" data-badge={g.pieces[p] === 'none' ? 'aborted' : g.pieces[p]}>
                        {g.pieces[p] === 'none' ? 'gone' : g.pieces[p]}
                      </span>
                    ) : (
                      '—'
                    )}
                  </td>
                ))}
                <td>{g.decision === 'none' ? 'no record' : g.decision.toUpperCase()}</td>
                <td className="tpc-outcome">
                  {g.outcome === 'in doubt' && g.decision !== 'none'
                    ? `in doubt: the log says ${g.decision.toUpperCase()}`
                    : OUTCOME_TEXT[g.outcome]}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollX>
      {view.totalGtx > view.gtx.length && (
        <p className="muted">
          The latest {view.gtx.length} of {view.totalGtx}.
        </p>
      )}
    </Panel>
  );
}

/**
 * The Two-phase commit lab: the messages between the nodes as a space-time diagram, the global
 * transactions, and one lane per node with its transactions, locks, pg_prepared_xacts and WAL.
 */
export default function TwoPhaseCommitPanels({ frame, duration }: PanelProps<'two-phase-commit'>) {
  const view = frame.view;
  const events = frame.events;
  const fresh = useMemo(
    () => new Set(events.flatMap((e) => (e.type === 'msg.delivered' || e.type === 'msg.lost' || e.type === 'msg.sent' ? [e.id] : []))),
    [events],
  );
  return (
    <div className="panels-twopc" style={{ ['--step-ms' as string]: `${duration}ms` }}>
      <div className="tpc-top">
        <MessagesPanel view={view} duration={duration} fresh={fresh} />
        <GlobalTransactions view={view} />
      </div>
      <div className="tpc-lanes">
        {view.nodes.map((n) => (
          <NodeLane key={n.name} node={n} />
        ))}
      </div>
    </div>
  );
}
