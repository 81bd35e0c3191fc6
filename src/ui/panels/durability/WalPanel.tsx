import { memo, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import type { View, WalRecordView } from '../../../engine/durability/view';
import { type DurabilityEvent, eventsOf, formatBytes, formatLsn, sameRecord } from './format';
import { anchorTape, KIND_SHORT, labelRows, STUB_W, type TapeAnchor, tapeLayout, textWidth } from './wal-layout';
import { useD3Behaviour } from '../../d3-behaviour';
import { Panel } from '../../components/Panel';
import { ScrollX } from '../../components/ScrollX';
import { Figures } from '../../components/Figures';
import { walMotion } from './wal-motion';
import { WalList } from './WalList';
import { Swatch } from '../../components/Swatch';

interface Props {
  readonly view: View;
  readonly events: readonly DurabilityEvent[];
  readonly duration: number;
  readonly stepKey: string;
}

/** The tape's top, under three rows of pointer labels (ROW_H apart), and its height. */
const ROW_H = 15;
const TAPE_Y = 50;
const TAPE_H = 44;
/** What this panel draws: WAL records and positions, the WAL a crash loses, the REDO point, the replay. */
const WAL_EVENTS = ['wal.*', 'node.crashed', 'control.updated', 'recovery.started'];
const POINTERS = [
  { id: 'insert', label: 'insert', row: 0 },
  { id: 'written', label: 'written', row: 1 },
  { id: 'flushed', label: 'flushed', row: 2 },
] as const;

interface RecordProps {
  readonly r: WalRecordView;
  readonly x: number;
  readonly w: number;
  /** Which of the two label rows under the tape holds its LSN (-1: none, no room), so neighbours do not overlap. */
  readonly row: number;
  readonly fresh: boolean;
  readonly justFlushed: boolean;
}

/** One record on the tape; memoised on what it shows, since a step changes a few of up to 300. */
const TapeRecord = memo(
  function TapeRecord({ r, x, w, row, fresh, justFlushed }: RecordProps) {
    const tall = r.kind === 'COMMIT' || r.kind === 'ABORT' || r.kind.startsWith('CHECKPOINT');
    const top = tall ? TAPE_Y : TAPE_Y + 6;
    const h = tall ? TAPE_H : TAPE_H - 6;
    return (
      <g
        className={`wal-rec state-${r.state}${fresh ? ' fresh' : ''}${justFlushed ? ' just-flushed' : ''}`}
        data-lsn={r.lsnText}
        data-kind={r.kind}
        data-fpi={r.fpi}
      >
        <title>{`${r.lsnText} ${r.kind}, ${r.size} bytes${r.fpi ? ', with a full-page image' : ''}${r.tx ? `, ${r.tx} (xid ${r.xid})` : ''}${r.page ? `, page ${r.page}` : ''}: ${r.state}`}</title>
        <rect x={x} y={top} width={w} height={h} rx={3} />
        {r.fpi && <rect className="fpi-overlay" x={x} y={top} width={w} height={h} rx={3} />}
        <text className="rec-kind" x={x + w / 2} y={r.fpi ? top + 15 : top + h / 2 + 4} textAnchor="middle">
          {KIND_SHORT[r.kind]}
        </text>
        {r.fpi && (
          <text className="rec-fpi" x={x + w / 2} y={top + 31} textAnchor="middle">
            FPI
          </text>
        )}
        {row >= 0 && (
          <text className="rec-lsn" x={x} y={TAPE_Y + TAPE_H + 15 + row * ROW_H}>
            {r.lsnText}
          </text>
        )}
      </g>
    );
  },
  (a, b) => a.x === b.x && a.w === b.w && a.row === b.row && a.fresh === b.fresh && a.justFlushed === b.justFlushed && sameRecord(a.r, b.r),
);

/** The WAL: records on a tape with their LSNs, the insert, write and flush positions, and fsyncs. */
export function WalPanel({ view, events, duration, stepKey }: Props) {
  const wal = view.wal;
  const hidden = wal.total - wal.records.length;
  const layout = useMemo(() => tapeLayout(wal.records, hidden > 0), [wal.records, hidden]);
  // Records keep their coordinates while the window slides (see anchorTape).
  const anchorRef = useRef<TapeAnchor | null>(null);
  const anchor = useMemo(() => anchorTape(anchorRef.current, wal.records, layout), [wal.records, layout]);
  anchorRef.current = anchor;
  const fresh = new Set(eventsOf(events, 'wal.inserted').map((e) => e.lsn));
  const flushes = eventsOf(events, 'wal.flushed');
  const walFsyncs = eventsOf(events, 'file.synced').filter((e) => e.target === 'wal');
  const crash = eventsOf(events, 'node.crashed')[0];
  const replay = eventsOf(events, 'recovery.started')[0];
  const prevFlushed = useRef(wal.flushed);
  const from = flushes.length > 0 && prevFlushed.current < wal.flushed ? prevFlushed.current : wal.flushed;
  const lostW = crash && crash.lostWal > 0 ? 70 : 0;
  const width = Math.max(560, layout.end + lostW + 80);
  const height = TAPE_Y + TAPE_H + 3 * ROW_H + 8;
  const rows = useMemo(() => labelRows(wal.records, layout), [wal.records, layout]);

  useLayoutEffect(() => {
    prevFlushed.current = wal.flushed;
  }, [wal.flushed]);
  // Recovery reads the tape from the REDO point to the end of the flushed WAL. The motion
  // reruns whenever the step brings a new replay or recovery report, as each frame does.
  const recovery = view.recovery;
  const motion = useMemo(
    () => ({
      at: layout.at,
      insert: wal.insert,
      written: wal.written,
      flushed: wal.flushed,
      replay: replay && recovery ? { from: recovery.from, to: recovery.position } : null,
      duration,
    }),
    [layout, wal.insert, wal.written, wal.flushed, duration, replay, recovery],
  );
  const svg = useD3Behaviour(walMotion, motion);
  const scroller = useRef<HTMLDivElement>(null);

  // Keep the tape's end in view. The scroller's width comes from a ResizeObserver and the scroll
  // is set in the next animation frame, only when its target moved: reading clientWidth or
  // setting scrollLeft right after React's commit would force an extra layout every step.
  const tapeEnd = layout.end + lostW;
  const scrollerWidth = useRef<number | null>(null);
  const scrolledFor = useRef<{ end: number; width: number } | null>(null);
  const scrollRaf = useRef(0);
  const scrollTape = useRef(() => {});
  scrollTape.current = () => {
    const el = scroller.current;
    const w = scrollerWidth.current;
    if (!el || w === null) return;
    const seen = scrolledFor.current;
    if (seen && seen.end === tapeEnd && seen.width === w) return;
    scrolledFor.current = { end: tapeEnd, width: w };
    cancelAnimationFrame(scrollRaf.current);
    scrollRaf.current = requestAnimationFrame(() => {
      el.scrollLeft = Math.max(0, tapeEnd - w + 60);
    });
  };
  useEffect(() => scrollTape.current(), [tapeEnd]);
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    scrollerWidth.current = el.clientWidth;
    scrollTape.current();
    if (typeof ResizeObserver === 'undefined') return;
    // Layout is up to date when the observer calls back, so reading clientWidth there is free.
    const ro = new ResizeObserver(() => {
      scrollerWidth.current = el.clientWidth;
      scrollTape.current();
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      cancelAnimationFrame(scrollRaf.current);
    };
  }, []);

  const redoX = layout.at(view.control.redo);
  return (
    <Panel
      name="wal"
      title="Write-ahead log (pg_wal)"
      className="wal-panel"
      touchedBy={WAL_EVENTS}
      legend={
        <>
          <Swatch group="wal-rec state-buffered" /> in WAL buffers (memory) · <Swatch group="wal-rec state-written" /> written to the kernel
          · <Swatch group="wal-rec state-flushed" /> flushed: fsync’d, survives a crash ·{' '}
          <Swatch group="wal-rec state-flushed" overlay="fpi-overlay" /> full-page image (FPI)
        </>
      }
    >
      <Figures
        className="kv wal-positions"
        items={[
          { term: 'insert', value: wal.insertText, valueClass: 'ptr-text-insert' },
          { term: 'written', value: wal.writtenText },
          { term: 'flushed', value: wal.flushedText, valueClass: 'ptr-text-flushed' },
          { term: 'segment', value: wal.segment },
          { term: 'records', value: wal.total.toLocaleString('en') },
        ]}
      />
      <ScrollX className="tape-scroll" ref={scroller} label="WAL tape (scrolls sideways)">
        <svg
          ref={svg}
          className="wal-svg"
          width={width}
          height={height}
          role="img"
          aria-label={`WAL tape: ${wal.total} records, insert at ${wal.insertText}, flushed up to ${wal.flushedText}`}
        >
          <defs>
            <pattern id="fpi-hatch" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <line y2="5" className="hatch-line" />
            </pattern>
            <pattern id="lost-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)">
              <line y2="6" className="lost-line" />
            </pattern>
          </defs>
          <line className="tape-base" x1={0} x2={width} y1={TAPE_Y + TAPE_H + 1} y2={TAPE_Y + TAPE_H + 1} />
          {hidden > 0 && (
            <g className="wal-stub">
              <rect x={8} y={TAPE_Y + 6} width={STUB_W} height={TAPE_H - 6} rx={3} />
              <text x={8 + STUB_W / 2} y={TAPE_Y + 24} textAnchor="middle">
                …{hidden > 999 ? `${Math.round(hidden / 1000)}k` : hidden}
              </text>
              <title>{`${hidden.toLocaleString('en')} earlier records are not drawn`}</title>
            </g>
          )}
          <g className="wal-records" transform={`translate(${-anchor.shift},0)`}>
            {wal.records.map((r, i) => {
              const justFlushed = r.end > from && r.end <= wal.flushed && flushes.length > 0;
              const isFresh = fresh.has(r.lsn);
              return (
                <TapeRecord
                  key={justFlushed || isFresh ? `${r.lsn}@${stepKey}` : r.lsn}
                  r={r}
                  x={layout.boxes[i].x + anchor.shift}
                  w={layout.boxes[i].w}
                  row={rows[i]}
                  fresh={isFresh}
                  justFlushed={justFlushed}
                />
              );
            })}
          </g>
          {crash && crash.lostWal > 0 && (
            <g className="wal-lost">
              <rect x={layout.end + 4} y={TAPE_Y + 4} width={lostW - 8} height={TAPE_H - 4} rx={3} />
              <text x={layout.end + lostW / 2} y={TAPE_Y + TAPE_H / 2 + 4} textAnchor="middle">
                lost
              </text>
              <title>{`${formatBytes(crash.lostWal)} of WAL were only in memory and died with the server`}</title>
            </g>
          )}
          <g className="redo-marker" transform={`translate(${redoX},0)`}>
            <line y1={TAPE_Y - 4} y2={TAPE_Y + TAPE_H + 3 * ROW_H} />
            <text x={3} y={TAPE_Y + TAPE_H + 3 * ROW_H}>
              REDO {view.control.redoText}
            </text>
          </g>
          <g className="replay-cursor" opacity={0}>
            <line y1={TAPE_Y - 2} y2={TAPE_Y + TAPE_H + 4} />
            <path d={`M-5,${TAPE_Y + TAPE_H + 10} L0,${TAPE_Y + TAPE_H + 3} L5,${TAPE_Y + TAPE_H + 10} Z`} />
          </g>
          {POINTERS.map((p) => {
            const x = layout.at(wal[p.id]);
            const text = `${p.label} ${formatLsn(wal[p.id])}`;
            const right = x > textWidth(text) + 12;
            return (
              <g key={p.id} className={`ptr ptr-${p.id}`}>
                <line y1={4 + p.row * ROW_H} y2={TAPE_Y + TAPE_H} />
                <text x={right ? -4 : 4} y={13 + p.row * ROW_H} textAnchor={right ? 'end' : 'start'}>
                  {text}
                </text>
                {p.id === 'flushed' && walFsyncs.length > 0 && (
                  <text key={stepKey} className="fsync-badge" x={right ? 4 : 12 + textWidth(text)} y={13 + p.row * ROW_H}>
                    ⚡ fsync{walFsyncs.length > 1 ? ` ×${walFsyncs.length}` : ''}
                    <title>{walFsyncs.map((e) => `fsync ${e.file} up to ${formatLsn(e.upTo ?? 0)}`).join('\n')}</title>
                  </text>
                )}
              </g>
            );
          })}
        </svg>
      </ScrollX>
      <WalList records={wal.records} fresh={fresh} total={wal.total} />
    </Panel>
  );
}
