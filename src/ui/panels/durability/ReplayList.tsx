import { type DurabilityEvent, eventsOf, formatLsn } from './format';

type Replay = Extract<DurabilityEvent, { type: 'record.replayed' }>;

const MAX_SHOWN = 200;

/** Milliseconds between two replayed records lighting up, so the whole redo takes about 2.5 steps' animation. */
const replayGap = (records: number, duration: number): number =>
  Math.min(records, MAX_SHOWN) > 1 ? Math.min(400, (duration * 2.5) / Math.min(records, MAX_SHOWN)) : 0;

/** When the verdict may appear: after the last replayed record lit up. */
export const replayEnd = (records: number, duration: number): number => Math.min(records, MAX_SHOWN) * replayGap(records, duration);

function outcome(r: Replay): { cls: string; text: string } {
  if (r.fpi) return { cls: 'fpi', text: 'page image restored' };
  if (r.kind === 'COMMIT' || r.kind === 'ABORT') return { cls: 'xact', text: `pg_xact: ${r.kind === 'COMMIT' ? 'committed' : 'aborted'}` };
  if (r.outcome === 'skipped') return { cls: 'skipped', text: r.page ? 'skipped: already on page' : 'nothing to redo' };
  return { cls: 'applied', text: 'redone' };
}

/**
 * The redo loop, record by record, as it ran in this step: each record's LSN, what it did to
 * which page, and why. Rows light up one after another over the step (end states with reduced motion).
 */
export function ReplayList({ events, duration }: { events: readonly DurabilityEvent[]; duration: number }) {
  const started = eventsOf(events, 'recovery.started')[0];
  if (!started) return null;
  const replays = eventsOf(events, 'record.replayed');
  const torn = eventsOf(events, 'tornPage.detected');
  const shown = replays.slice(0, MAX_SHOWN);
  const gap = replayGap(replays.length, duration);
  return (
    <div className="replay">
      <h3>
        Redo from {formatLsn(started.redo)} <span className="muted">(checkpoint at {formatLsn(started.checkpoint)})</span>
      </h3>
      <ol className="replay-list" aria-label="Records replayed" tabIndex={0}>
        {shown.map((r, i) => {
          const o = outcome(r);
          return (
            <li key={r.lsn} className={`replay-row replay-${o.cls}`} style={{ animationDelay: `${i * gap}ms` }} data-lsn={formatLsn(r.lsn)}>
              <span className="lsn">{formatLsn(r.lsn)}</span>
              <span className="kind">{r.kind}</span>
              <span className="page">{r.page ?? ''}</span>
              <span className="result">{o.text}</span>
              <span className="why">{r.reason}</span>
            </li>
          );
        })}
        {replays.length > shown.length && <li className="replay-more">… and {replays.length - shown.length} more records</li>}
      </ol>
      {torn.map((t) => (
        <p key={t.page} className={t.repaired ? 'torn-repaired' : 'torn-fatal'} style={{ animationDelay: `${shown.length * gap}ms` }}>
          <span aria-hidden="true">⚡ </span>Page {t.page} was torn on disk:{' '}
          {t.repaired ? 'a full-page image in the WAL replaced it whole.' : 'no full-page image can repair it.'}
        </p>
      ))}
    </div>
  );
}
