import { formatLsn, segmentFileName, segmentOf } from '../wal/lsn';
import { visible } from './heap';
import { checksumOk, freeSpace, type HeapPage } from './page';
import { diskImage, pageKey, relPath } from './storage';
import { relfilenodeOf } from './wal';
import { type BtreeViews, btreeViews } from './view-btree';
import { type VacuumPart, vacuumView } from './view-vacuum';
import { type RowView, rowView } from './view-row';
import type { ControlFile, Counters, HistoryPoint, KeyedRow, RecoveryReport, Settings, State, TxnStatus, WalKind } from './types';

const WAL_TAPE_LENGTH = 300; // the WAL tape's newest records (the total is given too)

/**
 * One copy of a data page (in a buffer, in the kernel's cache, on disk), as small as the
 * panels need: a frame carries up to three per page, so tuples stay out (the rows panel
 * reads `rows`). A 20-table run with wide rows would otherwise post megabytes per step.
 */
export interface PageView {
  readonly lsn: number;
  readonly lsnText: string;
  /** False for a torn page (a checksum mismatch); buffer copies are not verified. */
  readonly checksumOk: boolean;
  /** Line pointers in use. */
  readonly tuples: number;
  /** Free bytes between pd_lower and pd_upper. */
  readonly free: number;
}

export interface FileView {
  readonly table: string;
  readonly relfilenode: number;
  readonly path: string;
  readonly pages: readonly {
    readonly block: number;
    readonly key: string;
    /** The frame holding it, if any, and that copy (the newest). */
    readonly frame: number | null;
    readonly buffer: PageView | null;
    /** Written but not fsync'd. */
    readonly os: PageView | null;
    readonly durable: PageView | null;
  }[];
}

export interface FrameView {
  readonly frame: number;
  readonly page: string | null;
  readonly table: string | null;
  readonly block: number | null;
  readonly dirty: boolean;
  readonly pin: number;
  readonly usage: number;
  readonly lsn: string | null;
}

export interface WalRecordView {
  readonly lsn: number;
  readonly lsnText: string;
  readonly end: number;
  readonly kind: WalKind;
  readonly size: number;
  readonly xid: number;
  readonly tx: string | null;
  readonly page: string | null;
  readonly fpi: boolean;
  readonly state: 'buffered' | 'written' | 'flushed';
}

export interface CheckpointView {
  readonly reason: string;
  readonly startedAt: number;
  readonly finishedAt: number | null;
  /** REDO point, as a number and as PostgreSQL prints it. */
  readonly redo: number;
  readonly redoText: string;
  /** The checkpoint record's LSN, once written. */
  readonly lsn: number | null;
  readonly lsnText: string | null;
  readonly written: number;
}

/** What the panels draw. LSNs come as numbers and as PostgreSQL prints them. The btrees and line pointers: view-btree.ts; VACUUM's part: view-vacuum.ts. */
export interface View extends BtreeViews, VacuumPart {
  readonly phase: State['phase'];
  readonly now: number;
  readonly settings: Settings;
  readonly frames: readonly FrameView[];
  readonly clockHand: number;
  readonly files: readonly FileView[];
  readonly wal: {
    readonly records: readonly WalRecordView[];
    readonly total: number;
    readonly insert: number;
    readonly written: number;
    readonly flushed: number;
    readonly insertText: string;
    readonly writtenText: string;
    readonly flushedText: string;
    readonly segment: string;
    readonly redoRecPtr: number;
  };
  readonly control: ControlFile & { readonly checkPointText: string; readonly redoText: string };
  /** The running checkpoint, if any: its REDO point is not in pg_control until it finishes. */
  readonly checkpoint: {
    readonly reason: string;
    readonly redo: number;
    readonly redoText: string;
    readonly written: number;
    readonly total: number;
  } | null;
  readonly checkpoints: readonly CheckpointView[];
  /** Recovery work over the run, for the chart (checkpoints, recoveries, a sample every few steps). */
  readonly history: readonly HistoryPoint[];
  readonly counters: Counters;
  /** commitEnd: end LSN of the commit record once inserted, as a number and as text. */
  readonly txns: readonly {
    name: string;
    xid: number;
    status: TxnStatus;
    acknowledged: boolean;
    syncCommit: boolean;
    commitEnd: number | null;
    commitEndText: string | null;
    reason: string;
  }[];
  /** Rows a new session would see, per table, in physical (seq scan) order; long text is cut (see RowView). */
  readonly rows: Record<string, RowView[]>;
  /** Pages a read would reject: torn on disk. */
  readonly damaged: readonly string[];
  readonly recovery: (RecoveryReport & { readonly positionText: string }) | null;
}

function pageView(page: HeapPage | null, block: number, verify: boolean): PageView | null {
  if (!page) return null;
  let tuples = 0;
  for (const t of page.items) if (t) tuples += 1;
  return {
    lsn: page.lsn,
    lsnText: formatLsn(page.lsn),
    checksumOk: verify ? checksumOk(page, block) : true,
    tuples,
    free: freeSpace(page),
  };
}

/** The page a seq scan would read now: the buffer's copy, else what read() returns. */
function currentPage(state: State, key: string): { page: HeapPage | null; fromDisk: boolean } {
  const f = state.pool.map[key];
  if (f !== undefined) return { page: state.pool.frames[f].page, fromDisk: false };
  return { page: diskImage(state, key), fromDisk: true };
}

/** Visible rows and damaged pages, scanning every table without touching the buffer pool. */
export function visibleRows(state: State): { rows: Record<string, KeyedRow[]>; damaged: string[] } {
  // No prototype: a table may be named `__proto__` or `constructor` like any other.
  const rows: Record<string, KeyedRow[]> = Object.create(null);
  const damaged: string[] = [];
  for (const name in state.tables) {
    const rel = state.tables[name];
    const list: KeyedRow[] = [];
    for (let b = 0; b < rel.nblocks; b++) {
      const key = pageKey(rel, b);
      const { page, fromDisk } = currentPage(state, key);
      if (!page) continue;
      if (fromDisk && !checksumOk(page, b)) {
        damaged.push(key);
        continue;
      }
      for (const t of page.items) if (t && visible(state, t, -1)) list.push({ key: t.key, values: t.data });
    }
    rows[name] = list;
  }
  return { rows, damaged };
}

export function view(state: State): View {
  const names: Record<number, string> = {};
  for (const n in state.tables) names[state.tables[n].relfilenode] = n;
  const frames = state.pool.frames.map((f, i): FrameView => {
    const [rel, block] = f.tag ? f.tag.split('/').map(Number) : [null, null];
    return {
      frame: i,
      page: f.tag,
      table: rel === null ? null : names[rel],
      block,
      dirty: f.dirty,
      pin: f.pin,
      usage: f.usage,
      lsn: f.page && f.tag ? formatLsn(f.page.lsn) : null,
    };
  });
  const files = Object.values(state.tables).map((rel): FileView => ({
    table: rel.name,
    relfilenode: rel.relfilenode,
    path: relPath(rel.relfilenode),
    pages: Array.from({ length: rel.nblocks }, (_, block) => {
      const key = pageKey(rel, block);
      const frame = state.pool.map[key] ?? null;
      return {
        block,
        key,
        frame,
        buffer: frame === null ? null : pageView(state.pool.frames[frame].page, block, false),
        os: pageView(state.disk.os[key] ?? null, block, true),
        durable: pageView(state.disk.durable[key] ?? null, block, true),
      };
    }),
  }));
  const w = state.wal;
  const tape = w.records.slice(-WAL_TAPE_LENGTH).map((r): WalRecordView => ({
    lsn: r.lsn,
    lsnText: formatLsn(r.lsn),
    end: r.end,
    kind: r.kind,
    size: r.size,
    xid: r.xid,
    tx: state.xidNames[r.xid] ?? null,
    page: r.rel === null ? null : `${relfilenodeOf(state, r.kind, r.rel)}/${r.block}`,
    // A record's images are the bytes pg_waldump's `rec` leaves out (an index leaf's image is kept only as its size).
    fpi: r.size > r.rec,
    state: r.end <= w.flushed ? 'flushed' : r.end <= w.written ? 'written' : 'buffered',
  }));
  const run = state.checkpoint;
  const { rows, damaged } = visibleRows(state);
  return {
    phase: state.phase,
    now: state.now,
    settings: { ...state.settings },
    frames,
    clockHand: state.pool.hand,
    files,
    wal: {
      records: tape,
      total: w.records.length,
      insert: w.insert,
      written: w.written,
      flushed: w.flushed,
      insertText: formatLsn(w.insert),
      writtenText: formatLsn(w.written),
      flushedText: formatLsn(w.flushed),
      segment: segmentFileName(segmentOf(w.insert)),
      redoRecPtr: state.redoRecPtr,
    },
    control: { ...state.control, checkPointText: formatLsn(state.control.checkPoint), redoText: formatLsn(state.control.redo) },
    checkpoint: run
      ? { reason: run.reason, redo: run.redo, redoText: formatLsn(run.redo), written: run.written, total: run.toWrite.length }
      : null,
    checkpoints: state.checkpoints.map((c) => ({
      reason: c.reason,
      startedAt: c.startedAt,
      finishedAt: c.finishedAt,
      redo: c.redo,
      redoText: formatLsn(c.redo),
      lsn: c.lsn,
      lsnText: c.lsn === null ? null : formatLsn(c.lsn),
      written: c.written,
    })),
    history: state.history.slice(),
    counters: { ...state.counters },
    txns: Object.values(state.txns).map((t) => ({
      name: t.name,
      xid: t.xid,
      status: t.status,
      acknowledged: t.acknowledged,
      syncCommit: t.syncCommit,
      commitEnd: t.commitEnd > 0 ? t.commitEnd : null,
      commitEndText: t.commitEnd > 0 ? formatLsn(t.commitEnd) : null,
      reason: t.reason,
    })),
    rows: Object.fromEntries(Object.entries(rows).map(([t, rs]) => [t, rs.map(rowView)])),
    damaged,
    recovery: state.recovery ? { ...state.recovery, positionText: formatLsn(state.recovery.position) } : null,
    ...btreeViews(state),
    vacuum: vacuumView(state),
  };
}
