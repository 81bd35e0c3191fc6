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

/** The counters the panel leaves out: their story is told by the WAL panel's records and flushes. */
type Unshown = 'fpiBytes' | 'walFlushes';

/** Each counter's label, in the panel's order: a new counter must be labelled here or left out above. */
const LABEL: Record<Exclude<keyof Counters, Unshown>, string> = {
  walBytes: 'WAL bytes',
  walRecords: 'WAL records',
  fpiCount: 'full-page images',
  fsyncs: 'fsyncs',
  pagesWritten: 'pages written',
  writesByCheckpointer: '… by checkpointer',
  writesByBgwriter: '… by bgwriter',
  writesByBackend: '… by backends',
  bufferHits: 'buffer hits',
  bufferReads: 'buffer reads',
  evictions: 'evictions',
  checkpoints: 'checkpoints',
  recordsReplayed: 'records replayed',
};

/** What a counter counts, shown on hover. */
const HINT: Partial<Record<keyof Counters, string>> = {
  walBytes: 'generated since the start',
  walRecords: 'inserted',
  fpiCount: 'first change after a REDO point',
  fsyncs: 'WAL flushes, data files, pg_control',
  pagesWritten: 'data pages handed to the kernel',
  writesByBackend: 'on the query path',
  bufferHits: 'page already in a frame',
  bufferReads: 'page read into a frame',
  evictions: 'clock sweep victims',
  checkpoints: 'completed',
  recordsReplayed: 'by crash recovery',
};

const SHOWN = Object.keys(LABEL) as (keyof typeof LABEL)[];

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
      <dl className="kv counters">
        {SHOWN.map((key) => {
          const v = counters[key];
          const changed = previous !== null && previous[key] !== v;
          return (
            <div key={key} className={`counter${changed ? ' changed' : ''}`} title={HINT[key]} data-counter={key}>
              <dt>{LABEL[key]}</dt>
              <dd>
                {changed && (
                  <span className="up" aria-label="changed">
                    ▲{' '}
                  </span>
                )}
                {key === 'walBytes' ? formatBytes(v) : v.toLocaleString('en')}
              </dd>
            </div>
          );
        })}
      </dl>
    </Panel>
  );
}
