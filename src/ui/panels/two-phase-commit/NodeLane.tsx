import type { NodeView, PieceView } from '../../../engine/two-phase-commit/view';
import { ColumnHeads } from '../../components/ColumnHeads';
import { Panel } from '../../components/Panel';
import { ScrollX } from '../../components/ScrollX';

/** Badge words as the reader should say them. */
const BADGE_TEXT: Record<PieceView['badge'], string> = {
  working: 'working',
  waiting: 'waiting for a lock',
  failed: 'failed (aborted state)',
  prepared: 'prepared',
  'in doubt': 'prepared, in doubt',
  committed: 'committed',
  aborted: 'aborted',
};

function Badge({ badge }: { badge: PieceView['badge'] }) {
  return (
    <span className="tpc-badge" data-badge={badge}>
      {BADGE_TEXT[badge]}
    </span>
  );
}

function Piece({ p }: { p: PieceView }) {
  return (
    <li className="tpc-piece" data-badge={p.badge} data-gid={p.gid}>
      <Badge badge={p.badge} /> <strong>{p.gid}</strong> <span className="muted">xid {p.xid}</span>
      {p.writes.length > 0 && (
        <span className="tpc-writes"> {p.writes.map((w) => `${w.key} ${w.old ?? '∅'} → ${w.value}`).join(', ')}</span>
      )}
      {p.waitsFor !== null && (
        <span className="tpc-wait">
          {' '}
          blocked by xid {p.waitsFor}
          {p.waitsForGid ? ` (${p.waitsForGid})` : ''}
        </span>
      )}
      {p.recovered && <span className="muted"> restored from {p.recovered === 'twophase' ? 'pg_twophase' : 'the WAL'}</span>}
      {p.error && <span className="error-text"> ERROR: {p.error}</span>}
    </li>
  );
}

function Wal({ node }: { node: NodeView }) {
  const w = node.wal;
  return (
    <div className="tpc-col">
      <h3>{node.role === 'coordinator' ? 'Decision log' : 'WAL'}</h3>
      {w.records.length === 0 ? (
        <p className="empty">No records yet.</p>
      ) : (
        <ol className="bare-list tpc-wal" aria-label={`${node.name} ${node.role === 'coordinator' ? 'decision log' : 'WAL'}, newest last`}>
          {w.count > w.records.length && <li className="muted">… {w.count - w.records.length} older</li>}
          {w.records.map((r) => (
            <li key={r.lsn} data-flushed={r.flushed} data-kind={r.kind}>
              <code>{r.lsn}</code> {r.text} <span className="tpc-flag">{r.flushed ? 'flushed' : 'not flushed'}</span>
            </li>
          ))}
        </ol>
      )}
      <p className="muted tpc-pointers">
        insert <code>{w.insert}</code> · flushed <code>{w.flushed}</code>
        {w.unflushed > 0 ? ` · ${w.unflushed} record(s) a crash would lose` : ''}
      </p>
    </div>
  );
}

function Coordinator({ node }: { node: NodeView }) {
  return (
    <div className="tpc-col">
      <h3>In memory</h3>
      {node.decisions.length === 0 ? (
        <p className="empty">{node.up ? 'No transaction being driven.' : 'Nothing: the process is gone.'}</p>
      ) : (
        <ul className="bare-list tpc-list">
          {node.decisions.map((d) => (
            <li key={d.gid}>
              <strong>{d.gid}</strong> {d.phase}
              {Object.keys(d.votes).length > 0 && (
                <span className="muted">
                  {' '}
                  · votes{' '}
                  {Object.entries(d.votes)
                    .map(([p, v]) => `${p} ${v}`)
                    .join(', ')}
                </span>
              )}
              {d.acks.length > 0 && <span className="muted"> · done {d.acks.join(', ')}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Participant({ node }: { node: NodeView }) {
  return (
    <>
      <div className="tpc-col">
        <h3>Transactions</h3>
        {!node.up ? (
          <p className="tpc-down-note">
            Memory lost. On disk,{' '}
            {node.onDisk && node.onDisk.length > 0
              ? `${node.onDisk.join(', ')} is prepared: recovery will restore it with its locks.`
              : 'no prepared transaction.'}
          </p>
        ) : node.pieces.length === 0 ? (
          <p className="empty">None.</p>
        ) : (
          <ul className="bare-list tpc-list" aria-label={`${node.name} transactions`}>
            {node.pieces.map((p) => (
              <Piece key={p.xid} p={p} />
            ))}
          </ul>
        )}
      </div>
      <div className="tpc-col">
        <h3>Row locks</h3>
        {!node.up ? (
          <p className="empty">Lost with memory; restart takes the prepared transactions’ locks again.</p>
        ) : node.locks.length === 0 ? (
          <p className="empty">None held.</p>
        ) : (
          <ul className="bare-list tpc-list tpc-locks" aria-label={`${node.name} row locks`}>
            {node.locks.map((l) => (
              <li key={l.key} data-prepared={l.prepared}>
                <span className="tpc-lock-tag">lock</span> <code>{l.key}</code> held by xid {l.xid}
                {l.gid ? ` (${l.gid})` : ''}
                {l.prepared ? ' · prepared transaction' : ''}
              </li>
            ))}
          </ul>
        )}
        <h3>pg_prepared_xacts</h3>
        {!node.up ? (
          <p className="empty">The server is down.</p>
        ) : node.preparedXacts.length === 0 ? (
          <p className="empty">(0 rows)</p>
        ) : (
          <ScrollX className="tpc-scroll" label={`${node.name} pg_prepared_xacts (scrolls)`}>
            <table className="tpc-table" aria-label={`${node.name} pg_prepared_xacts`}>
              <ColumnHeads names={['transaction', 'gid', 'prepared', 'owner', 'database']} />
              <tbody>
                {node.preparedXacts.map((x) => (
                  <tr key={x.transaction}>
                    <td>{x.transaction}</td>
                    <td>{x.gid}</td>
                    <td>{x.prepared} ms</td>
                    <td>{x.owner}</td>
                    <td>{x.database}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollX>
        )}
        <h3>accounts</h3>
        {node.up ? (
          <p className="tpc-rows">
            {node.rows.map((r) => (
              <span key={r.key} className="tpc-row" data-key={r.key}>
                {r.key} <strong>{r.value}</strong>
              </span>
            ))}
          </p>
        ) : (
          <p className="empty">Rebuilt at restart.</p>
        )}
      </div>
    </>
  );
}

/** The events that change a node's lane: its own (WAL, locks, transactions, crash), and for the coordinator its votes and decisions. */
const laneTouchedBy =
  (node: NodeView) =>
  (e: { readonly type: string }): boolean => {
    if ('node' in e && e.node === node.name) return true;
    if (node.role !== 'coordinator') return false;
    return e.type === 'decision.made' || e.type === 'gtx.ended' || (e.type === 'msg.delivered' && 'to' in e && e.to === node.name);
  };

/** One node's lane: who it is, whether it is up, its transactions or decisions, its log, its locks. */
export function NodeLane({ node }: { node: NodeView }) {
  return (
    <Panel
      name="node"
      className={`tpc-node${node.up ? '' : ' tpc-node-down'}`}
      title={<span className="tpc-node-name">{node.name}</span>}
      touchedBy={laneTouchedBy(node)}
      actions={
        <span className="tpc-node-head">
          <span className={node.up ? 'tpc-state-up' : 'tpc-state-down'}>{node.up ? 'up' : '✕ down: crashed'}</span>
          {node.crashes > 0 && node.up && (
            <span className="muted">
              restarted after {node.crashes} crash{node.crashes > 1 ? 'es' : ''}
            </span>
          )}
          {node.armed && (
            <span className="tpc-armed">
              crash armed: {node.armed === 'prepared' ? 'after PREPARE is flushed' : 'after COMMIT is logged'}
            </span>
          )}
        </span>
      }
      legend={
        node.role === 'coordinator'
          ? 'coordinator (transaction manager): what it is driving, and its decision log'
          : `participant${node.min !== null ? ` · CHECK (balance >= ${node.min})` : ''}: its transactions, row locks, prepared transactions and WAL`
      }
    >
      <div className="tpc-lane tpc-node-body" data-node={node.name} data-up={node.up} data-role={node.role}>
        {node.role === 'coordinator' ? <Coordinator node={node} /> : <Participant node={node} />}
        <Wal node={node} />
      </div>
    </Panel>
  );
}
