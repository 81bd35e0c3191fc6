import { scaleLinear } from 'd3-scale';
import type { View } from '../../../engine/durability/view';
import { Figures } from '../../components/Figures';
import { type DurabilityEvent, eventsOf, formatBytes, formatLsn } from './format';
import { ChartSvg } from '../../components/ChartSvg';
import { Panel } from '../../components/Panel';
import { ScrollX } from '../../components/ScrollX';

/** What this panel draws: checkpoints and their page writes, pg_control, and the settings line under it. */
const CHECKPOINT_EVENTS = (e: DurabilityEvent | { readonly type: string }): boolean =>
  e.type.startsWith('checkpoint.') ||
  e.type === 'control.updated' ||
  e.type === 'setting.changed' ||
  (e.type === 'page.written' && 'by' in e && e.by === 'checkpointer');

const W = 460;
const H = 86;
const AXIS_Y = 48;
const REASON: Record<string, string> = {
  immediate: 'CHECKPOINT command',
  time: 'checkpoint_timeout',
  wal: 'max_wal_size',
  'end-of-recovery': 'end of recovery',
  shutdown: 'shutdown',
};

/** The wave: pages the checkpointer wrote in this step, one after another. */
function Wave({ pages, duration }: { pages: readonly string[]; duration: number }) {
  if (pages.length === 0) return null;
  const gap = pages.length > 1 ? Math.min(160, (duration * 1.5) / pages.length) : 0;
  const shown = pages.slice(0, 60);
  return (
    <div className="wave" aria-label={`Checkpointer wrote ${pages.length} page(s) in this step`}>
      <span className="wave-label">written by the checkpointer:</span>
      <ol className="wave-pages chip-row">
        {shown.map((p, i) => (
          <li key={p} className="wave-page" style={{ animationDelay: `${i * gap}ms` }}>
            {p}
          </li>
        ))}
        {pages.length > shown.length && <li className="wave-more">+{pages.length - shown.length}</li>}
      </ol>
    </div>
  );
}

/** Checkpoints: REDO points on the WAL, the pages a checkpoint writes, and pg_control. */
export function CheckpointPanel({ view, events, duration }: { view: View; events: readonly DurabilityEvent[]; duration: number }) {
  const wal = view.wal;
  const first = Math.min(wal.records[0]?.lsn ?? view.control.redo, view.control.redo);
  const x = scaleLinear()
    .domain([first, Math.max(wal.insert, first + 1)])
    .range([12, W - 12])
    .clamp(true);
  const done = view.checkpoints
    .map((c, i) => ({ ...c, i, redoAt: c.redo, recAt: c.lsn }))
    .filter((c) => c.redoAt >= first)
    .slice(-12);
  const running = view.checkpoint;
  const runningAt = running ? running.redo : null;
  const written = eventsOf(events, 'page.written')
    .filter((e) => e.by === 'checkpointer')
    .map((e) => e.page);
  const updated = eventsOf(events, 'control.updated').length > 0;
  const toReplay = wal.insert - view.control.redo;
  const c = view.control;
  return (
    <Panel
      name="checkpoints"
      title="Checkpoints and pg_control"
      className="checkpoint-panel"
      optional
      touchedBy={CHECKPOINT_EVENTS}
      legend="A checkpoint writes every dirty page, then records its REDO point in pg_control: recovery starts there."
    >
      <ScrollX label="Checkpoint timeline (scrolls sideways)">
        <ChartSvg
          className="ckpt-svg"
          width={W}
          height={H}
          sized
          label={`WAL since the REDO point ${c.redoText}: ${formatBytes(toReplay)}`}
        >
          <rect className="replay-span" x={x(c.redo)} y={AXIS_Y - 9} width={Math.max(2, x(wal.insert) - x(c.redo))} height={18} rx={3} />
          <line className="axis" x1={12} x2={W - 12} y1={AXIS_Y} y2={AXIS_Y} />
          {done.map((k) => (
            <g key={k.i} className={`ckpt-done${k.redoAt === c.redo ? ' current' : ''}`}>
              <line x1={x(k.redoAt)} x2={x(k.redoAt)} y1={AXIS_Y - 14} y2={AXIS_Y + 14} />
              {k.recAt !== null && <path className="ckpt-rec" d={`M${x(k.recAt)},${AXIS_Y - 5} l5,5 l-5,5 l-5,-5 Z`} />}
              <title>{`Checkpoint (${REASON[k.reason] ?? k.reason}): REDO ${k.redoText}, record at ${k.lsnText ?? '—'}, ${k.written} page(s) written`}</title>
            </g>
          ))}
          {running && runningAt !== null && (
            <g className="ckpt-running">
              <line x1={x(runningAt)} x2={x(runningAt)} y1={AXIS_Y - 14} y2={AXIS_Y + 14} />
              <text
                x={x(runningAt) > W - 80 ? x(runningAt) - 4 : x(runningAt) + 4}
                y={28}
                textAnchor={x(runningAt) > W - 80 ? 'end' : 'start'}
              >
                new REDO {running.redoText} (running)
              </text>
            </g>
          )}
          <g className="redo-label">
            <text x={Math.min(x(c.redo), W - 190)} y={13}>
              REDO {c.redoText} (pg_control)
            </text>
          </g>
          <g className="insert-label">
            <line x1={x(wal.insert)} x2={x(wal.insert)} y1={AXIS_Y - 12} y2={AXIS_Y + 12} />
            <text x={x(wal.insert)} y={AXIS_Y + 28} textAnchor="end">
              insert {wal.insertText}
            </text>
          </g>
        </ChartSvg>
      </ScrollX>
      <p className="ckpt-status">
        {running ? (
          <>
            Checkpoint in progress ({REASON[running.reason] ?? running.reason}):{' '}
            <progress max={Math.max(1, running.total)} value={running.written} aria-label="Pages written by the checkpoint" />{' '}
            {running.written} of {running.total} pages written.
          </>
        ) : (
          <>
            {formatBytes(toReplay)} of WAL since the REDO point: a crash now replays from {c.redoText}.
          </>
        )}
      </p>
      <Wave key={written.join(' ') + events.length} pages={written} duration={duration} />
      <Figures
        className={`kv pg-control${updated ? ' updated' : ''}`}
        label="pg_control"
        items={[
          { term: 'Database cluster state', value: c.state },
          { term: 'Latest checkpoint location', value: c.checkPointText },
          { term: 'Latest checkpoint’s REDO location', value: c.redoText },
          { term: 'Latest checkpoint’s NextXID', value: c.nextXid },
          { term: 'Time of latest checkpoint', value: `tick ${c.time}` },
        ]}
      />
      <p className="ckpt-count">
        {view.checkpoints.filter((k) => k.finishedAt !== null).length} checkpoint(s) completed · full_page_writes{' '}
        {view.settings.full_page_writes ? 'on' : 'off'} · insert at {formatLsn(wal.insert)}
      </p>
    </Panel>
  );
}
