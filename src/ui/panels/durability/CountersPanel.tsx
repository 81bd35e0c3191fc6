import type { Counters } from '../../../engine/durability/types';
import { Panel } from '../../components/Panel';
import { formatBytes } from './format';

/** The events that move a counter. */
const COUNTED = [
  'wal.inserted',
  'file.synced',
  'page.written',
  'page.hit',
  'page.read',
  'page.evicted',
  'checkpoint.finished',
  'record.replayed',
];

const ROWS: { key: keyof Counters; label: string; hint: string; bytes?: boolean }[] = [
  { key: 'walBytes', label: 'WAL bytes', hint: 'generated since the start', bytes: true },
  { key: 'walRecords', label: 'WAL records', hint: 'inserted' },
  { key: 'fpiCount', label: 'full-page images', hint: 'first change after a REDO point' },
  { key: 'fsyncs', label: 'fsyncs', hint: 'WAL flushes, data files, pg_control' },
  { key: 'pagesWritten', label: 'pages written', hint: 'data pages handed to the kernel' },
  { key: 'writesByCheckpointer', label: '… by checkpointer', hint: '' },
  { key: 'writesByBgwriter', label: '… by bgwriter', hint: '' },
  { key: 'writesByBackend', label: '… by backends', hint: 'on the query path' },
  { key: 'bufferHits', label: 'buffer hits', hint: 'page already in a frame' },
  { key: 'bufferReads', label: 'buffer reads', hint: 'page read into a frame' },
  { key: 'evictions', label: 'evictions', hint: 'clock sweep victims' },
  { key: 'checkpoints', label: 'checkpoints', hint: 'completed' },
  { key: 'recordsReplayed', label: 'records replayed', hint: 'by crash recovery' },
];

/** The run's counters, as pg_stat_wal, pg_stat_bgwriter and pg_stat_io would count them. */
export function CountersPanel({ counters, previous }: { counters: Counters; previous: Counters | null }) {
  return (
    <Panel
      name="counters"
      title="Counters"
      className="counters-panel"
      optional
      touchedBy={COUNTED}
      legend="Totals for this run (like pg_stat_wal and pg_stat_bgwriter); ▲ changed in this step."
    >
      <dl className="counters">
        {ROWS.map((r) => {
          const v = counters[r.key];
          const changed = previous !== null && previous[r.key] !== v;
          return (
            <div key={r.key} className={`counter${changed ? ' changed' : ''}`} title={r.hint || undefined} data-counter={r.key}>
              <dt>{r.label}</dt>
              <dd>
                {changed && (
                  <span className="up" aria-label="changed">
                    ▲{' '}
                  </span>
                )}
                {r.bytes ? formatBytes(v) : v.toLocaleString('en')}
              </dd>
            </div>
          );
        })}
      </dl>
    </Panel>
  );
}
