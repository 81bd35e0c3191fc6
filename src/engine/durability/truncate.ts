import { INVALID_LSN } from '../wal/lsn';
import { assembleSize } from '../wal/records';
import { readBuffer, unpin } from './buffer-pool';
import { truncateFsm } from './fsm';
import { type Out, pageKey } from './storage';
import type { Relation, State } from './types';
import { flushWal, insertRecord } from './wal';

/**
 * lazy_truncate_heap (vacuumlazy.c): empty pages at the end of the table are given back to the
 * file system. Only the tail: an empty page in the middle stays (rows after it would move, which
 * VACUUM never does). Worth trying when at least 1,000 pages or a sixteenth of the table are free
 * at the end (REL_TRUNCATE_MINIMUM, REL_TRUNCATE_FRACTION). The AccessExclusiveLock is logged
 * (Standby LOCK, which assigns an xid); RelationTruncate logs Storage TRUNCATE (xl_smgr_truncate:
 * 20 bytes), flushes the WAL up to it, then cuts the file, the free space map and the visibility
 * map; the transaction commits with its invalidation messages (a 98-byte COMMIT).
 */
export function truncateTail(state: State, rel: Relation, out: Out): number {
  // count_nondeletable_pages: from the end, the first page holding any line pointer in use.
  let keep = rel.nblocks;
  while (keep > 0) {
    const frame = readBuffer(state, pageKey(rel, keep - 1), 'read', out);
    const used = state.pool.frames[frame].page!.items.some((t) => t !== null);
    unpin(state, frame);
    if (used) break;
    keep -= 1;
  }
  const freeable = rel.nblocks - keep;
  if (freeable === 0 || (freeable < 1000 && freeable < rel.nblocks / 16)) return 0;
  // The AccessExclusiveLock it takes is logged for standbys (Standby LOCK), which gives VACUUM's transaction an xid.
  const xid = state.nextXid++;
  state.clog[xid] = 0;
  insertRecord(state, 'STANDBY_LOCK', xid, null, INVALID_LSN, assembleSize(16), `xid ${xid} db 5 rel ${rel.relfilenode} `, out);
  const rec = insertRecord(
    state,
    'TRUNCATE',
    xid,
    null,
    INVALID_LSN,
    assembleSize(20),
    `base/5/${rel.relfilenode} to ${keep} blocks flags 7`,
    out,
  );
  flushWal(state, rec.end, 'Storage TRUNCATE', out);
  const from = rel.nblocks;
  cutRelation(state, rel, keep);
  if (out) out.push({ type: 'table.truncated', table: rel.name, from, to: keep });
  // That transaction commits at the end of VACUUM, its record carrying the catalog and relation cache invalidations (3 messages).
  const commit = insertRecord(state, 'COMMIT', xid, null, INVALID_LSN, assembleSize(72), '', out);
  flushWal(state, commit.end, 'VACUUM commit', out);
  state.clog[xid] = 1;
  return freeable;
}

/** smgrtruncate and DropRelationBuffers: blocks from `nblocks` on leave the buffers (unwritten), the files and both maps. */
function cutRelation(state: State, rel: Relation, nblocks: number): void {
  const pool = state.pool;
  for (let b = nblocks; b < rel.nblocks; b++) {
    const key = pageKey(rel, b);
    const f = pool.map[key];
    if (f !== undefined) {
      pool.frames[f] = { tag: null, page: null, dirty: false, pin: 0, usage: 0 };
      delete pool.map[key];
      pool.free.push(f);
    }
    delete state.disk.durable[key];
    delete state.disk.os[key];
    if (state.disk.inFlight?.key === key) state.disk.inFlight = null;
    delete rel.vm[b];
  }
  truncateFsm(rel, nblocks);
  rel.nblocks = nblocks;
}

/** smgr_redo: the table a TRUNCATE record names, cut to its length. */
export function redoTruncate(state: State, desc: string): void {
  const m = /^base\/5\/(\d+) to (\d+) blocks/.exec(desc);
  if (!m) return;
  const rel = Object.values(state.tables).find((r) => r.relfilenode === Number(m[1]));
  if (rel && rel.nblocks > Number(m[2])) cutRelation(state, rel, Number(m[2]));
}
