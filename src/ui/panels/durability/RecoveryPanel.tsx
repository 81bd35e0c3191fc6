import type { View } from '../../../engine/durability/view';
import type { LabFrame } from '../../../worker/protocol';
import { Panel } from '../../components/Panel';
import { ServerStatus } from '../../components/ServerStatus';
import { CrashControls } from './CrashControls';
import { type DurabilityEvent, eventsOf, formatBytes } from './format';
import { ReplayList, replayEnd } from './ReplayList';
import { SessionRows } from './SessionRows';

type Txn = View['txns'][number];

/**
 * A transaction's state as a client would care: is its commit safe on disk yet? While the
 * server is down nothing is decided yet: recovery judges every transaction the crash cut off.
 */
function txnState(t: Txn, flushed: number, down: boolean): { cls: string; glyph: string; text: string } {
  const end = t.commitEnd ?? 0;
  switch (t.status) {
    case 'active':
      return down
        ? { cls: 'active', glyph: '…', text: 'cut off by the crash, no commit record: recovery decides' }
        : { cls: 'active', glyph: '…', text: 'in progress' };
    case 'committing':
      return down
        ? { cls: 'waiting', glyph: '⧗', text: 'cut off while waiting for its commit flush: recovery decides' }
        : { cls: 'waiting', glyph: '⧗', text: 'waiting for its commit flush' };
    case 'committed':
      return end > flushed
        ? down
          ? { cls: 'unflushed', glyph: '!', text: 'COMMIT returned, but its record was not flushed: recovery decides' }
          : { cls: 'unflushed', glyph: '!', text: 'COMMIT returned, record not flushed yet' }
        : { cls: 'committed', glyph: '✓', text: 'committed, durable' };
    case 'aborted':
      return { cls: 'aborted', glyph: '✗', text: 'rolled back' };
    case 'lost':
      return { cls: 'lost', glyph: '✗', text: 'lost in the crash' };
  }
}

function Verdict({ r, delay }: { r: NonNullable<View['recovery']>; delay: number | null }) {
  const reveal = delay === null ? {} : { className: 'reveal', style: { animationDelay: `${delay}ms` } };
  if (r.failed) {
    return (
      <div role="group" className={`verdict verdict-failed ${reveal.className ?? ''}`} style={reveal.style} aria-label="Recovery verdict">
        <p>
          <strong>
            <span aria-hidden="true">✗ </span>Recovery failed: the server cannot start.
          </strong>
        </p>
        <p className="why">{r.failed}</p>
        <p className="muted">Replayed {r.replayed} record(s) before stopping. Only a backup brings this data back.</p>
      </div>
    );
  }
  return (
    <div role="group" className={`verdict ${reveal.className ?? ''}`} style={reveal.style} aria-label="Recovery verdict">
      <p className="verdict-sum">
        Replayed {r.replayed} record(s) from REDO to {r.positionText}: {r.applied} applied ({r.fpiRestored} from full-page images),{' '}
        {r.skipped} skipped.
      </p>
      <ul className="verdict-list" tabIndex={0} aria-label="Transactions after recovery">
        {r.survived.map((t) => (
          <li key={t.tx} className="survived">
            <strong>
              <span aria-hidden="true">✓ </span>
              {t.tx} survived
            </strong>{' '}
            <span className="muted">(xid {t.xid})</span>: {t.reason}.
          </li>
        ))}
        {r.lost.map((t) => (
          <li key={t.tx} className="lost">
            <strong>
              <span aria-hidden="true">✗ </span>
              {t.tx} lost
            </strong>{' '}
            <span className="muted">(xid {t.xid})</span>: {t.reason}.
          </li>
        ))}
        {r.survived.length + r.lost.length === 0 && <li>No transaction was running or committed since the last recovery.</li>}
      </ul>
    </div>
  );
}

/** What this panel draws: the transactions (and the rows their commits make visible), the crash, the redo loop. */
const RECOVERY_EVENTS = ['txn.*', 'node.crashed', 'recovery.*', 'record.replayed', 'tornPage.detected'];

/** Crash and recovery: the server, every transaction's fate, the redo loop record by record, and the verdict. */
export function RecoveryPanel({
  view,
  events,
  frame,
  duration,
}: {
  view: View;
  events: readonly DurabilityEvent[];
  frame: LabFrame<'durability'>;
  duration: number;
}) {
  const crash = eventsOf(events, 'node.crashed')[0];
  const recovering = eventsOf(events, 'recovery.started').length > 0;
  return (
    <Panel
      name="recovery"
      title="Crash and recovery"
      className="dur-recovery-panel"
      touchedBy={RECOVERY_EVENTS}
      legend="A crash keeps only what was fsync’d; recovery replays the WAL from the REDO point and pg_xact decides who survived."
    >
      <ServerStatus
        phase={view.phase}
        detail={view.phase !== 'running' ? undefined : recovering ? 'recovered just now' : view.recovery ? 'recovered' : undefined}
      />
      {crash && (
        <p className="crash-summary">
          Lost with the power: {formatBytes(crash.lostWal)} of unflushed WAL, {crash.lostPages} page write(s) still in the OS cache
          {crash.torn ? (
            <>
              , and <strong className="error-text">page {crash.torn} is torn</strong> (half-written)
            </>
          ) : null}
          . Shared buffers are empty.
        </p>
      )}
      <CrashControls frame={frame} phase={view.phase} />
      {view.txns.length > 0 && (
        <ul className="dur-txns" aria-label="Transactions">
          {view.txns.map((t) => {
            const s = txnState(t, view.wal.flushed, view.phase !== 'running');
            return (
              <li
                key={t.name}
                className={`dur-txn txn-${s.cls}`}
                title={t.commitEndText ? `commit record ends at ${t.commitEndText}` : undefined}
              >
                <span aria-hidden="true">{s.glyph}</span> {t.name} <span className="muted">xid {t.xid}</span>: {s.text}
              </li>
            );
          })}
        </ul>
      )}
      <ReplayList events={events} duration={duration} />
      {view.recovery && (
        <Verdict r={view.recovery} delay={recovering ? replayEnd(eventsOf(events, 'record.replayed').length, duration) : null} />
      )}
      <SessionRows view={view} />
    </Panel>
  );
}
