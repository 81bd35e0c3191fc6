import type { LabEvent } from '../../../engine/labs';
import type { View } from '../../../engine/replication/view';
import { formatLsn } from '../../../engine/wal/lsn';
import { Panel } from '../../components/Panel';
import { eventOf } from '../step-events';

const show = (v: unknown) => (v === null ? 'deleted' : typeof v === 'string' ? `'${v}'` : String(v));
const hex8 = (n: number) => n.toString(16).toUpperCase().padStart(8, '0');

/** Timelines, history files, the commits a failover lost, and why a node refuses to follow. */
export function FailoverPanel({ view, events }: { view: View; events: readonly LabEvent<'replication'>[] }) {
  const refusal = eventOf(events, 'attach.refused');
  const rewound = eventOf(events, 'node.rewound');
  const withHistory = view.nodes.filter((n) => n.history.length > 0);
  return (
    <Panel
      name="failover"
      title="Timelines and failover"
      className="repl-failover"
      // Promotions, a node following (or refusing to follow) a timeline, and pg_rewind.
      touchedBy={['node.promoted', 'node.attached', 'attach.refused', 'node.rewound']}
      legend="pg_promote() ends recovery on a new timeline; its history file says where the old one was left."
    >
      <ul className="tli-list">
        {view.nodes.map((n) => (
          <li key={n.name} data-node={n.name}>
            <strong>{n.name}</strong>: timeline {n.tli}
            {n.refused && (
              <>
                <span className="tag tag-diverged">refuses to follow</span>
                <br />
                <code className="refused-log">LOG: {n.refused}</code>
              </>
            )}
          </li>
        ))}
      </ul>
      {withHistory.map((n) => (
        <figure key={n.name} className="history-file">
          <figcaption>
            {n.name}: <code>pg_wal/{hex8(n.tli)}.history</code>
          </figcaption>
          <pre>{n.history.map((h) => `${h.tli}\t${formatLsn(h.switchpoint)}\tno recovery target specified`).join('\n')}</pre>
        </figure>
      ))}
      {view.lost.length > 0 && (
        <div className="lost-box" role="note" aria-label="Lost commits">
          <h3>Lost commits</h3>
          <ul>
            {view.lost.map((l) => (
              <li key={l.tx} data-tx={l.tx}>
                <strong>{l.tx}</strong> committed at {formatLsn(l.lsn)} on {l.oldPrimary} and was acknowledged to its client, but{' '}
                {l.newPrimary} never received it: {l.writes.map((w) => `${w.key} = ${show(w.value)}`).join(', ')} is gone.
              </li>
            ))}
          </ul>
        </div>
      )}
      {refusal && (
        <p className="refusal" role="status">
          {refusal.node} will not follow {refusal.to}: {refusal.detail}
        </p>
      )}
      {rewound && (
        <p className="rewound" role="status">
          pg_rewind: {rewound.node} rewound to {formatLsn(rewound.forkpoint)} from {rewound.source}; {rewound.discarded} WAL record
          {rewound.discarded === 1 ? '' : 's'} of the old timeline discarded.
        </p>
      )}
      {view.lost.length === 0 && withHistory.length === 0 && <p className="empty">Timeline 1 everywhere: no failover yet.</p>}
    </Panel>
  );
}
