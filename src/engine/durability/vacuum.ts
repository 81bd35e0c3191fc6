import { INVALID_LSN } from '../wal/lsn';
import { assembleSize } from '../wal/records';
import { btreeVacuum } from './btree';
import { markDirty, readBuffer, unpin } from './buffer-pool';
import { type Ctid, ctid, FROZEN_XID, freeSpace, type HeapPage, PAGE_SIZE } from './page';
import { unuseItems } from './page-prune';
import { executePrune, htsv, logPage, planPrune } from './prune';
import { horizon as xminHorizon } from './horizon';
import { recordPageWithFreeSpace, vacuumFsm } from './fsm';
import { type Out, pageKey } from './storage';
import { truncateTail } from './truncate';
import type { Relation, State } from './types';
import { blockRef, insertRecord } from './wal';

/**
 * VACUUM (lazy vacuum, vacuumlazy.c and pruneheap.c, PostgreSQL 15) on one table: prune every
 * page (PRUNE), remove the index entries of dead items (Btree VACUUM), set those items unused
 * (Heap2 VACUUM), and mark pages whose every tuple is visible to all in the visibility map
 * (VISIBLE), record each page's free space in the free space map, and cut empty pages off the
 * end (truncate.ts). A version is removable when the transaction that deleted or replaced it committed
 * before the xmin horizon (HeapTupleSatisfiesVacuum against OldestXmin), or its inserter aborted.
 *
 * The horizon (horizon.ts): the oldest xid of a running transaction that has written and the
 * oldest xmin of a snapshot a REPEATABLE READ transaction holds, else the next xid. Not
 * modelled: freezing (vacuum_freeze_min_age is 50 million), the index-scan bypass (only past 50 pages).
 */

const needsImage = (state: State, lsn: number): boolean => state.settings.full_page_writes && lsn <= state.redoRecPtr;

/** visibilitymap_set and log_heap_visible: the VM page (a whole 8 kB image on its first change since the checkpoint), then the heap page, never imaged. */
function logVisible(state: State, rel: Relation, block: number, cutoff: number, out: Out): void {
  const image = needsImage(state, rel.vmLsn);
  const len = assembleSize(5, [
    { image: image ? PAGE_SIZE : 0, data: 0, sameRel: false },
    { image: 0, data: 0, sameRel: true },
  ]);
  const rec = insertRecord(state, 'VISIBLE', 0, blockRef(rel.name, block, null), INVALID_LSN, len, `cutoff xid ${cutoff} flags 0x01`, out);
  if (image) {
    state.counters.fpiCount += 1;
    state.counters.fpiBytes += PAGE_SIZE + 5;
  }
  rel.vmLsn = rec.end;
  rel.vm[block] = rec.end;
}

/** What VACUUM VERBOSE and pg_stat_user_tables report. */
export interface VacuumReport {
  readonly removed: number;
  readonly remain: number;
  readonly deadNotRemovable: number;
  readonly oldestXmin: number;
  readonly indexEntriesRemoved: number;
  readonly pagesMarkedVisible: number;
}

/** lazy_scan_heap, lazy_vacuum (index, then heap) for one table. */
export function vacuumTable(state: State, rel: Relation, out: Out, auto = false): VacuumReport {
  const holder = xminHorizon(state);
  const oldest = holder.xmin;
  let removed = 0;
  let live = 0;
  let recently = 0;
  let visibleSet = 0;
  const gone = new Set<Ctid>();
  const deadItems = new Set<Ctid>();
  const later: { block: number; offsets: number[]; cutoff: number }[] = [];
  for (let block = 0; block < rel.nblocks; block++) {
    const frame = readBuffer(state, pageKey(rel, block), 'read', out);
    const page = state.pool.frames[frame].page!;
    const p = planPrune(state, page, block, oldest);
    executePrune(state, rel, block, frame, p, out);
    removed += p.removed;
    for (const [, c] of p.goneKeys) gone.add(c);
    let allVisible = true;
    let cutoff = 0;
    const offsets: number[] = [];
    page.items.forEach((t, i) => {
      if (!t || t.lp === 'redirect') return;
      if (t.lp === 'dead') {
        offsets.push(i + 1);
        deadItems.add(ctid(block, i + 1));
        allVisible = false;
        return;
      }
      const v = htsv(state, t, oldest);
      if (v === 'live' || v === 'deleting') live += 1;
      if (v === 'recently') recently += 1;
      if (v !== 'live' || !(t.xmin === FROZEN_XID || t.xmin < oldest)) allVisible = false;
      else if (t.xmin !== FROZEN_XID) cutoff = Math.max(cutoff, t.xmin);
    });
    if (offsets.length > 0) later.push({ block, offsets, cutoff });
    else if (allVisible && rel.vm[block] === undefined) {
      logVisible(state, rel, block, cutoff, out);
      markDirty(state, frame, out);
      visibleSet += 1;
    }
    // Free space goes to the FSM now, or after the second pass for a page with dead items to free.
    if (offsets.length === 0) recordPageWithFreeSpace(rel, block, freeSpace(page));
    unpin(state, frame);
  }
  const indexEntriesRemoved = deadItems.size > 0 ? btreeVacuum(state, rel, deadItems, out) : 0;
  for (const l of later) {
    const frame = readBuffer(state, pageKey(rel, l.block), 'read', out);
    const page = state.pool.frames[frame].page!;
    unuseItems(page, l.offsets);
    logPage(state, rel, l.block, page, 'VACUUM', 2, 2 * l.offsets.length, `nunused ${l.offsets.length}`, l.offsets, out);
    markDirty(state, frame, out);
    if (pageAllVisible(state, page, oldest) && rel.vm[l.block] === undefined) {
      logVisible(state, rel, l.block, l.cutoff, out);
      visibleSet += 1;
    }
    recordPageWithFreeSpace(rel, l.block, freeSpace(page));
    unpin(state, frame);
  }
  vacuumFsm(rel);
  const pagesRemoved = truncateTail(state, rel, out);
  // pgstat_report_vacuum: n_live_tup and n_dead_tup as VACUUM found them; reltuples (vac_update_relstats).
  rel.stats = { ...rel.stats, live, dead: recently, insSinceVacuum: 0 };
  if (auto) rel.stats.autovacuums += 1;
  else rel.stats.vacuums += 1;
  rel.reltuples = live;
  const report = {
    removed,
    remain: live + recently,
    deadNotRemovable: recently,
    oldestXmin: oldest,
    indexEntriesRemoved,
    pagesMarkedVisible: visibleSet,
  };
  const pages = rel.nblocks;
  rel.lastVacuum = { step: state.clock, now: state.now, auto, ...report, heldBy: holder.tx, pagesRemoved, pages };
  if (out)
    out.push({ type: 'table.vacuumed', table: rel.name, ...report, live, dead: recently, heldBy: holder.tx, auto, pages, pagesRemoved });
  return report;
}

/** heap_page_is_all_visible, after the dead items are gone. */
function pageAllVisible(state: State, page: HeapPage, horizon: number): boolean {
  return page.items.every(
    (t) => !t || t.lp === 'redirect' || (!t.lp && htsv(state, t, horizon) === 'live' && (t.xmin === FROZEN_XID || t.xmin < horizon)),
  );
}
