import type { State, WalKind, WalRecord } from './types';
import { xactTime } from '../wal/records';
import { hex2 } from './heap-wal';
import { relfilenodeOf } from './wal';

/**
 * The lab's WAL as `pg_waldump` prints it (pg_waldump.c, XLogDumpDisplayRecord, PostgreSQL 15):
 *
 *   rmgr: Heap        len (rec/tot):     71/    71, tx:        750, lsn: 0/010000F0, prev 0/010000A0, desc: HOT_UPDATE off 2 xmax 750 flags 0x60 ; new off 4 xmax 0, blkref #0: rel 1663/5/16384 blk 0
 *
 * Files sit in the default tablespace (1663) of database 5, as a fresh cluster's first
 * database. The differential suite never uses this printer on PostgreSQL's output.
 */

const RMGR: Record<WalKind, string> = {
  INSERT: 'Heap',
  UPDATE: 'Heap',
  HOT_UPDATE: 'Heap',
  DELETE: 'Heap',
  LOCK: 'Heap',
  INSERT_LEAF: 'Btree',
  INSERT_UPPER: 'Btree',
  SPLIT_L: 'Btree',
  SPLIT_R: 'Btree',
  NEWROOT: 'Btree',
  PRUNE: 'Heap2',
  VACUUM: 'Heap2',
  VISIBLE: 'Heap2',
  BTREE_VACUUM: 'Btree',
  TRUNCATE: 'Storage',
  STANDBY_LOCK: 'Standby',
  COMMIT: 'Transaction',
  ABORT: 'Transaction',
  RUNNING_XACTS: 'Standby',
  CHECKPOINT_ONLINE: 'XLOG',
  CHECKPOINT_SHUTDOWN: 'XLOG',
};

/** The resource manager pg_waldump names for a record type. */
export const rmgrOf = (kind: WalKind): string => RMGR[kind];

/** `%X/%08X`: pg_waldump pads the low half to eight digits. */
export function waldumpLsn(ptr: number): string {
  const hi = Math.floor(ptr / 2 ** 32);
  const lo = ptr % 2 ** 32;
  return `${hi.toString(16).toUpperCase()}/${lo.toString(16).toUpperCase().padStart(8, '0')}`;
}

/** heap_identify: XLOG_HEAP_INIT_PAGE shows as `+INIT`. */
const identify = (r: WalRecord): string =>
  r.kind === 'BTREE_VACUUM' ? 'VACUUM' : r.kind === 'STANDBY_LOCK' ? 'LOCK' : r.init && RMGR[r.kind] === 'Heap' ? `${r.kind}+INIT` : r.kind;

function blockRefs(state: State, r: WalRecord): string {
  // A split, a downlink or a new root names its several blocks in its desc (btree.ts).
  if (r.rel === null || r.desc.includes('blkref')) return '';
  const rel = `rel 1663/5/${relfilenodeOf(state, r.kind, r.rel)}`;
  // An INSERT_LEAF's image is of the index leaf (not kept as a heap page): the sizes tell.
  const image = r.kind === 'INSERT_LEAF' || r.kind === 'BTREE_VACUUM' ? r.size > r.rec : r.fpi !== null;
  // VISIBLE: the visibility map's page (its image, if any), then the heap page.
  if (r.kind === 'VISIBLE') return `, blkref #0: ${rel} fork vm blk 0${r.size > r.rec ? ' FPW' : ''}, blkref #1: ${rel} blk ${r.block}`;
  let s = `, blkref #0: ${rel} blk ${r.block}${image ? ' FPW' : ''}`;
  if ((r.kind === 'UPDATE' || r.kind === 'HOT_UPDATE') && r.oldBlock !== r.block)
    s += `, blkref #1: ${rel} blk ${r.oldBlock}${r.oldFpi !== null ? ' FPW' : ''}`;
  return s;
}

/** heap_desc, btree_desc, xact_desc for the records the lab describes from their fields. */
function descOf(r: WalRecord): string {
  switch (r.kind) {
    case 'INSERT':
      return `off ${r.offset} flags 0x00`;
    case 'UPDATE':
    case 'HOT_UPDATE':
      return `off ${r.oldOffset} xmax ${r.xid} flags ${hex2(r.flags)} ; new off ${r.offset} xmax 0`;
    case 'DELETE':
      return `off ${r.offset} flags 0x00 KEYS_UPDATED `;
    case 'LOCK':
      return `off ${r.offset}: xid ${r.xid}: flags 0x00 LOCK_ONLY EXCL_LOCK `;
    case 'INSERT_LEAF':
      return `off ${r.offset}`;
    case 'COMMIT':
    case 'ABORT':
      return xactTime(r.time);
    default:
      return r.desc;
  }
}

/** One record as a pg_waldump line; `prev` is the previous record's LSN (xl_prev). */
function waldumpLine(state: State, r: WalRecord, prev: number): string {
  const head = `rmgr: ${RMGR[r.kind].padEnd(11)} len (rec/tot): ${String(r.rec).padStart(6)}/${String(r.size).padStart(6)}, `;
  const where = `tx: ${String(r.xid).padStart(10)}, lsn: ${waldumpLsn(r.lsn)}, prev ${waldumpLsn(prev)}, `;
  return `${head}${where}desc: ${identify(r)} ${descOf(r)}${blockRefs(state, r)}`;
}

/** Every record on the lab's WAL, oldest first, as pg_waldump lines. */
export function waldump(state: State): string[] {
  const recs = state.wal.records;
  return recs.map((r, i) => waldumpLine(state, r, i > 0 ? recs[i - 1].lsn : 0));
}
