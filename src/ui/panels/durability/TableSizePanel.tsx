import { scaleLinear } from 'd3-scale';
import type { View } from '../../../engine/durability/view';
import { ChartSvg } from '../../components/ChartSvg';
import { VacuumPanel } from './VacuumPanel';
import { ScrollX } from '../../components/ScrollX';

/** What changes a table's size or counts (a version written, a transaction ending, VACUUM), and autovacuum checking them. */
type TableSpaceView = View['vacuum']['tables'][number];

const SIZE_EVENTS = ['tuple.*', 'txn.committed', 'txn.aborted', 'table.vacuumed', 'autovacuum.checked'];
/** A VACUUM's result (VACUUM VERBOSE, the size) is shown here rather than in the buffer pool it read. */
const VACUUM_STEP = { 'table.vacuumed': 1, 'autovacuum.checked': 1 };

const W = 300;
const H = 110;
const M = { top: 10, right: 10, bottom: 30, left: 34 };

/** Pages over the run's steps: a step line that rises when the table grows and falls only when VACUUM cuts its tail. */
function SizeChart({ t, step }: { t: TableSpaceView; step: number }) {
  const last = Math.max(step, ...t.sizes.map((p) => p.step), 1);
  const x = scaleLinear()
    .domain([0, last])
    .range([M.left, W - M.right]);
  const top = Math.max(4, ...t.sizes.map((p) => p.pages));
  const y = scaleLinear()
    .domain([0, top])
    .range([H - M.bottom, M.top])
    .nice();
  let d = '';
  t.sizes.forEach((p, i) => {
    d += i === 0 ? `M${x(p.step)},${y(p.pages)}` : ` H${x(p.step)} V${y(p.pages)}`;
  });
  d += ` H${x(last)}`;
  const yTicks = y.ticks(Math.min(4, top)).filter((v) => Number.isInteger(v));
  return (
    <ScrollX label="Table size chart (scrolls sideways)">
      <ChartSvg className="chart-svg" width={W} height={H} sized label={`${t.table}: ${t.pages} page(s) now; size over the run's steps`}>
        {yTicks.map((v) => (
          <g key={v} className="tick">
            <line x1={M.left} x2={W - M.right} y1={y(v)} y2={y(v)} />
            <text x={M.left - 6} y={y(v) + 4} textAnchor="end">
              {v}
            </text>
          </g>
        ))}
        <text className="axis-title" x={(M.left + W - M.right) / 2} y={H - 6} textAnchor="middle">
          step {step} of the run
        </text>
        <text className="axis-title" transform={`translate(11,${(M.top + H - M.bottom) / 2}) rotate(-90)`} textAnchor="middle">
          pages
        </text>
        <path className="size-line" d={d} />
      </ChartSvg>
    </ScrollX>
  );
}

/**
 * Each table's size in pages over the run, pg_stat_user_tables' n_live_tup and n_dead_tup, how
 * far n_dead_tup is from autovacuum's threshold, and the last VACUUM VERBOSE as PostgreSQL 15 words it.
 */
export function TableSizePanel({ view, step }: { view: View; step: number }) {
  const v = view.vacuum;
  return (
    <VacuumPanel
      vacuum={v}
      name="table-size"
      title="Table size and dead rows"
      className="size-panel"
      touchedBy={SIZE_EVENTS}
      priority={VACUUM_STEP}
      legend="Pages in the table's file over the run; n_live_tup and n_dead_tup as pg_stat_user_tables counts them; the last VACUUM VERBOSE."
    >
      {v.tables.map((t) => (
        <div key={t.table} className="size-table" data-table={t.table}>
          <h3>
            {t.table}: {t.pages} page{t.pages === 1 ? '' : 's'}
          </h3>
          <SizeChart t={t} step={step} />
          <dl className="tup-counts">
            <div>
              <dt>n_live_tup</dt>
              <dd data-live={t.live}>{t.live}</dd>
            </div>
            <div className={t.dead > 0 ? 'dead' : undefined}>
              <dt>n_dead_tup</dt>
              <dd data-dead={t.dead}>{t.dead}</dd>
            </div>
            <div>
              <dt>autovacuum at</dt>
              <dd title="autovacuum_vacuum_threshold + autovacuum_vacuum_scale_factor × reltuples">
                &gt; {Math.round(t.vacuumThreshold * 10) / 10} dead
              </dd>
            </div>
          </dl>
          {t.lastVacuum && (
            <p className="verbose">
              {t.lastVacuum.auto ? 'automatic vacuum' : 'VACUUM'} at step {t.lastVacuum.step}: pages: {t.lastVacuum.pagesRemoved} removed,{' '}
              {t.lastVacuum.pages} remain · tuples: {t.lastVacuum.removed} removed, {t.lastVacuum.remain} remain,{' '}
              <strong className={t.lastVacuum.deadNotRemovable > 0 ? 'held' : undefined}>
                {t.lastVacuum.deadNotRemovable} are dead but not yet removable
              </strong>{' '}
              · removable cutoff: {t.lastVacuum.oldestXmin}
              {t.lastVacuum.heldBy ? ` (held by ${t.lastVacuum.heldBy})` : ''}
            </p>
          )}
        </div>
      ))}
    </VacuumPanel>
  );
}
