import type { NodeView, PieceView } from '../../../engine/two-phase-commit/view';
import { ColumnHeads } from '../../components/ColumnHeads';

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
      <Badge badge={p.badge} /> <strong>{p.gid}</strong> <span className="tpc-muted">xid {p.xid}</span>
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
      {p.recovered && <span className="tpc-muted"> restored from {p.recovered === 'twophase' ? 'pg_twophase' : 'the WAL'}</span>}
      {p.error && <span className="tpc-error"> ERROR: {p.error}</span>}
    </li>
  );
}

function Wal({ node }: { node: NodeView }) {
  const w = node.wal;
  return (
    <div className="tpc-col">
      <h4>{node.role === 'coordinator' ? 'Decision log' : 'WAL'}</h4>
      {w.records.length === 0 ? (
        <p className="empty">No records yet.</p>
      ) : (
        <ol className="bare-list tpc-wal" aria-label={`${node.name} ${node.role === 'coordinator' ? 'decision log' : 'WAL'}, newest last`}>
          {w.count > w.records.length && <li className="tpc-muted">… {w.count - w.records.length} older</li>}
          {w.records.map((r) => (
            <li key={r.lsn} data-flushed={r.flushed} data-kind={r.kind}>
              <code>{r.lsn}</code> {r.text} <span className="tpc-flag">{r.flushed ? 'flushed' : 'not flushed'}</span>
            </li>
          ))}
        </ol>
      )}
      <p className="tpc-muted tpc-pointers">
        insert <code>{w.insert}</code> · flushed <code>{w.flushed}</code>
        {w.unflushed > 0 ? ` · ${w.unflushed} record(s) a crash would lose` : ''}
      </p>
    </div>
  );
}

function Coordinator({ node }: { node: NodeView }) {
  return (
    <div className="tpc-col">
      <h4>In memory</h4>
      {node.decisions.length === 0 ? (
        <p className="empty">{node.up ? 'No transaction being driven.' : 'Nothing: the process is gone.'}</p>
      ) : (
        <ul className="bare-list tpc-list">
          {node.decisions.map((d) => (
            <li key={d.gid}>
              <strong>{d.gid}</strong> {d.phase}
              {Object.keys(d.votes).length > 0 && (
                <span className="tpc-muted">
                  {' '}
                  · votes{' '}
                  {Object.entries(d.votes)
                    .map(([p, v]) => `${p} ${v}`)
                    .join(', ')}
                </span>
              )}
              {d.acks.length > 0 && <span className="tpc-muted"> · done {d.acks.join(', ')}</span>}
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
        <h4>Transactions</h4>
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
        <h4>Row locks</h4>
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
        <h4>pg_prepared_xacts</h4>
        {!node.up ? (
          <p className="empty">The server is down.</p>
        ) : node.preparedXacts.length === 0 ? (
          <p className="empty">(0 rows)</p>
        ) : (
          <div className="tpc-scroll" role="region" aria-label={`${node.name} pg_prepared_xacts (scrolls)`} tabIndex={0}>
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
          </div>
        )}
        <h4>accounts</h4>
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

/** One node's lane: who it is, whether it is up, its transactions or decisions, its log, its locks. */
export function NodeLane({ node }: { node: NodeView }) {
  return (
    <section className="panel tpc-node" data-node={node.name} data-up={node.up} aria-labelledby={`tpc-node-${node.name}`}>
      <header className="tpc-node-head">
        <h3 id={`tpc-node-${node.name}`}>{node.name}</h3>
        <span className="tpc-role">
          {node.role === 'coordinator'
            ? 'coordinator (transaction manager)'
            : `participant${node.min !== null ? ` · CHECK (balance >= ${node.min})` : ''}`}
        </span>
        <span className={node.up ? 'tpc-state-up' : 'tpc-state-down'}>{node.up ? 'up' : '✕ down: crashed'}</span>
        {node.crashes > 0 && node.up && (
          <span className="tpc-muted">
            restarted after {node.crashes} crash{node.crashes > 1 ? 'es' : ''}
          </span>
        )}
        {node.armed && (
          <span className="tpc-armed">
            crash armed: {node.armed === 'prepared' ? 'after PREPARE is flushed' : 'after COMMIT is logged'}
          </span>
        )}
      </header>
      <div className="tpc-node-body">
        {node.role === 'coordinator' ? <Coordinator node={node} /> : <Participant node={node} />}
        <Wal node={node} />
      </div>
    </section>
  );
}
