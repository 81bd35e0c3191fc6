import { scaleBand } from 'd3-scale';
import { select } from 'd3-selection';
import 'd3-transition';
import { useMemo } from 'react';
import type { LabEvent } from '../../../engine/labs';
import type { LogRecord, View } from '../../../engine/intent-log/types';
import { Panel } from '../../components/Panel';
import { ScrollX } from '../../components/ScrollX';
import { type D3Behaviour, interruptAll, useD3Behaviour } from '../../d3-behaviour';

type Tone = 'committed' | 'inflight' | 'aborted' | 'kept' | 'discarded';

const GLYPH: Record<Tone, string> = { committed: '✓', inflight: '…', aborted: '✗', kept: '✓', discarded: '✗' };
const TONE_TEXT: Record<Tone, string> = {
  committed: 'committed',
  inflight: 'not committed',
  aborted: 'rolled back',
  kept: 'kept by recovery',
  discarded: 'discarded by recovery',
};

/**
 * A record's tone: recovery's verdict once it ran, else its transaction's status. A
 * transaction the crash cut off is still "not committed" until recovery reads the log: only
 * then are its records discarded (nothing is rolled back at the crash itself).
 */
function toneOf(view: View, r: LogRecord): Tone {
  const verdict = view.recovery?.verdicts[r.seq];
  if (verdict) return verdict;
  const s = view.txns[r.tx];
  return s === 'committed' ? 'committed' : s === 'aborted' ? 'aborted' : 'inflight';
}

/** What this panel draws: records appended, and recovery's verdict on each. */
const LOG_EVENTS = ['log.appended', 'recovery.*'];

function detail(r: LogRecord): string {
  if (r.kind !== 'WRITE') return r.kind === 'ABORT' && r.byRecovery ? 'written by recovery' : '';
  const fmt = (row: object | null) => (row ? JSON.stringify(row).replaceAll('"', '').replaceAll(',', ', ') : '∅');
  return `${r.op} ${r.table} "${r.key}": ${fmt(r.before)} → ${fmt(r.after)}`;
}

const TAPE_W = 560;
const TAPE_H = 46;
/** Horizontal room per record on the tape. */
const STEP = 30;

interface TapeMotion {
  /** The newest record's sequence number. */
  readonly lastSeq: number;
  /** Where the end-of-log pointer goes. */
  readonly end: number;
  readonly duration: number;
}

/**
 * New records slide onto the tape and the end-of-log pointer follows: d3 animates the
 * elements React owns, and `destroy` stops every transition it started.
 */
function tapeMotion(svg: SVGSVGElement): D3Behaviour<TapeMotion> {
  let seen = 0;
  return {
    update({ lastSeq, end, duration }) {
      const root = select(svg);
      const fresh = root.selectAll<SVGGElement, unknown>('g.rec').filter(function () {
        return Number(this.dataset.seq) > seen;
      });
      if (duration > 0 && lastSeq > seen) {
        fresh
          .attr('opacity', 0)
          .attr('transform', 'translate(0,-14)')
          .transition()
          .duration(duration)
          .attr('opacity', 1)
          .attr('transform', 'translate(0,0)');
        root.select('line.end').transition().duration(duration).attr('x1', end).attr('x2', end);
      } else {
        root.select('line.end').interrupt().attr('x1', end).attr('x2', end);
      }
      seen = lastSeq;
    },
    destroy() {
      interruptAll(svg);
    },
  };
}

/** The log as a tape (boxes appended at the end) and as a list of records with their before and after images. */
export function LogPanel({ view, events, duration }: { view: View; events: readonly LabEvent<'intent-log'>[]; duration: number }) {
  // On the recovery step the verdicts appear record by record, as recovery reads the log.
  const scanning = events.some((e) => e.type === 'recovery.started');
  const scanGap = scanning && view.log.length > 0 ? Math.min(300, (duration * 3) / view.log.length) : 0;
  const x = scaleBand<number>()
    .domain(view.log.map((r) => r.seq))
    .range([8, 8 + STEP * view.log.length])
    .paddingInner(0.2);
  const width = Math.max(TAPE_W, 16 + STEP * view.log.length);
  const bw = x.bandwidth();
  const lastSeq = view.log.at(-1)?.seq ?? 0;
  const end = view.log.length > 0 ? (x(lastSeq) ?? 0) + bw + 4 : 8;

  const motion = useMemo(() => ({ lastSeq, end, duration }), [lastSeq, end, duration]);
  const svg = useD3Behaviour(tapeMotion, motion);

  return (
    <Panel
      name="log"
      title="Write-ahead log"
      className="log-panel"
      touchedBy={LOG_EVENTS}
      legend={
        <>
          Every change is written here <em>before</em> the table changes; a <strong>COMMIT</strong> record makes it permanent.
        </>
      }
    >
      <ScrollX className="tape-scroll" label="Log tape (scrolls sideways)">
        <svg ref={svg} width={width} height={TAPE_H} role="img" aria-label={`Log tape with ${view.logLength} records`}>
          <line x1={0} x2={width} y1={TAPE_H - 6} y2={TAPE_H - 6} className="tape-base" />
          {view.log.map((r) => {
            const tone = toneOf(view, r);
            const tall = r.kind === 'COMMIT' || r.kind === 'ABORT';
            return (
              <g key={r.seq} className={`rec tone-${tone}`} data-seq={r.seq}>
                <title>{`#${r.seq} ${r.tx} ${r.kind}`}</title>
                <rect x={x(r.seq)} y={tall ? 4 : 12} width={bw} height={tall ? 32 : 24} rx={3} />
                <text x={(x(r.seq) ?? 0) + bw / 2} y={tall ? 24 : 28} textAnchor="middle">
                  {r.kind === 'WRITE' ? 'W' : r.kind[0]}
                </text>
              </g>
            );
          })}
          <line className="end" x1={end} x2={end} y1={2} y2={TAPE_H - 2} />
        </svg>
      </ScrollX>
      {view.log.length === 0 ? (
        <p className="empty">The log is empty.</p>
      ) : (
        <ol className="records">
          {view.logLength > view.log.length && (
            <li className="records-hidden">
              … {(view.logLength - view.log.length).toLocaleString('en')} earlier records (showing the newest {view.log.length})
            </li>
          )}
          {view.log.map((r) => {
            const tone = toneOf(view, r);
            return (
              <li
                key={r.seq}
                className={`record tone-${tone}${scanning ? ' scanned' : ''}`}
                data-kind={r.kind}
                style={scanning ? { animationDelay: `${(r.seq - (view.log[0]?.seq ?? 1)) * scanGap}ms` } : undefined}
              >
                <span className="seq">#{r.seq}</span>
                <span className="tx">{r.tx}</span>
                <span className="kind">{r.kind}</span>
                <span className="detail">{detail(r)}</span>
                <span className="verdict">
                  <span aria-hidden="true">{GLYPH[tone]}</span> {TONE_TEXT[tone]}
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </Panel>
  );
}
