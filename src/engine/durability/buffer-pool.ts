import { newPage } from './page';
import { diskImage, type Out, writePage } from './storage';
import type { Frame, State } from './types';
import { flushWal } from './wal';

/**
 * shared_buffers: frames, a page table from buffer tag to frame, and PostgreSQL's clock
 * sweep (freelist.c). Every access bumps a frame's usage_count up to 5; the clock hand lowers
 * it on the way round, and evicts the first unpinned frame it finds at zero.
 */

/** BM_MAX_USAGE_COUNT. */
export const MAX_USAGE = 5;

const emptyFrame = (): Frame => ({ tag: null, page: null, dirty: false, pin: 0, usage: 0 });

/** A fresh pool of n frames, all on the freelist. */
export function newPool(n: number): State['pool'] {
  const frames: Frame[] = [];
  const free: number[] = [];
  for (let i = 0; i < n; i++) {
    frames.push(emptyFrame());
    free.push(n - 1 - i);
  }
  return { frames, map: {}, hand: 0, free };
}

/**
 * StrategyGetBuffer: a frame from the freelist, else the clock sweep. Each pass over an
 * unpinned frame with usage_count > 0 decrements it; after enough fruitless passes over only
 * pinned frames PostgreSQL errors with "no unpinned buffers available", and so do we.
 */
export function clockSweep(pool: State['pool']): number {
  const free = pool.free.pop();
  if (free !== undefined) return free;
  const n = pool.frames.length;
  let tries = n * (MAX_USAGE + 1);
  for (;;) {
    const i = pool.hand;
    pool.hand = (pool.hand + 1) % n;
    const f = pool.frames[i];
    if (f.pin === 0) {
      if (f.usage === 0) return i;
      f.usage -= 1;
    }
    if (--tries <= 0) throw new Error('no unpinned buffers available');
  }
}

/**
 * FlushBuffer: the WAL rule first (XLogFlush up to the page's LSN, so no change reaches the
 * data file before its log record is durable), then write the page to the kernel.
 * During recovery the WAL being replayed is already on disk, so there is nothing to flush.
 */
export function flushBuffer(state: State, frameNo: number, by: 'checkpointer' | 'bgwriter' | 'backend' | 'startup', out: Out): void {
  const f = state.pool.frames[frameNo];
  if (!f.page || !f.tag || !f.dirty) return;
  if (state.phase === 'running') flushWal(state, f.page.lsn, `WAL rule: ${by} writes page ${f.tag} (LSN ${f.page.lsn})`, out);
  const block = Number(f.tag.slice(f.tag.indexOf('/') + 1));
  writePage(state, f.tag, block, f.page);
  f.dirty = false;
  const c = state.counters;
  if (by === 'checkpointer') c.writesByCheckpointer += 1;
  else if (by === 'bgwriter') c.writesByBgwriter += 1;
  else c.writesByBackend += 1;
  if (out) out.push({ type: 'page.written', page: f.tag, frame: frameNo, lsn: f.page.lsn, by });
}

/**
 * ReadBuffer: pin the page's frame, reading it in if needed. `zero` gives an empty page
 * without reading (a relation extension, or redo that restores a full-page image).
 * Returns the frame number; the caller unpins.
 */
export function readBuffer(state: State, key: string, mode: 'read' | 'zero', out: Out): number {
  const pool = state.pool;
  const hit = pool.map[key];
  if (hit !== undefined) {
    const f = pool.frames[hit];
    f.pin += 1;
    if (f.usage < MAX_USAGE) f.usage += 1;
    state.counters.bufferHits += 1;
    if (mode === 'zero') f.page = newPage();
    if (out) out.push({ type: 'page.hit', page: key, frame: hit });
    return hit;
  }
  const i = clockSweep(pool);
  const f = pool.frames[i];
  state.bgwriter.allocs += 1;
  if (f.tag !== null) {
    const wasDirty = f.dirty;
    if (wasDirty) flushBuffer(state, i, state.phase === 'running' ? 'backend' : 'startup', out);
    delete pool.map[f.tag];
    state.counters.evictions += 1;
    if (out) out.push({ type: 'page.evicted', page: f.tag, frame: i, dirty: wasDirty });
  }
  let from: 'os' | 'disk' | 'new' = 'new';
  let page = null;
  if (mode === 'read') {
    const img = diskImage(state, key);
    if (img) {
      from = state.disk.os[key] ? 'os' : 'disk';
      page = { ...img, items: img.items.slice(), lp: img.lp.slice(), hdr: img.hdr.slice() };
    }
    state.counters.bufferReads += 1;
  }
  f.tag = key;
  f.page = page ?? newPage();
  f.dirty = false;
  f.pin = 1;
  f.usage = 1;
  pool.map[key] = i;
  if (out) out.push({ type: 'page.read', page: key, frame: i, from });
  return i;
}

export function unpin(state: State, frameNo: number): void {
  const f = state.pool.frames[frameNo];
  if (f.pin > 0) f.pin -= 1;
}

/** MarkBufferDirty, with the page's new LSN for the event. */
export function markDirty(state: State, frameNo: number, out: Out): void {
  const f = state.pool.frames[frameNo];
  f.dirty = true;
  if (out && f.tag && f.page) out.push({ type: 'page.dirtied', page: f.tag, frame: frameNo, lsn: f.page.lsn });
}

/**
 * One background writer round (BgBufferSync's LRU scan): look ahead of the clock hand for
 * buffers the sweep is about to reuse (unpinned, usage_count 0) and write the dirty ones, so
 * backends find clean victims. It scans as far as twice the recent allocations
 * (bgwriter_lru_multiplier = 2) and writes at most bgwriter_lru_maxpages. It never lowers
 * usage counts: only the sweep does.
 */
export function bgwriterRound(state: State, out: Out): number {
  const pool = state.pool;
  const max = state.settings.bgwriter_lru_maxpages;
  const upcoming = state.bgwriter.allocs * 2;
  state.bgwriter.allocs = 0;
  if (max <= 0 || upcoming === 0) return 0;
  const n = pool.frames.length;
  let reusable = 0;
  let written = 0;
  for (let k = 0; k < n && reusable < upcoming && written < max; k++) {
    const i = (pool.hand + k) % n;
    const f = pool.frames[i];
    if (f.pin !== 0 || f.usage !== 0) continue;
    reusable += 1;
    if (f.dirty) {
      flushBuffer(state, i, 'bgwriter', out);
      written += 1;
    }
  }
  return written;
}
