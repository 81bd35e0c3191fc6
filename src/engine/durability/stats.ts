import type { State, TxnInfo } from './types';

/**
 * pg_stat_user_tables' tuple counts as PostgreSQL 15 keeps them (pgstat_relation.c): a
 * transaction's inserts, updates and deletes reach the table's counters when it ends.
 * Committed: an insert adds a live row, a delete removes one, an update or a delete leaves a
 * dead version. Rolled back: its inserted and updated versions are dead. n_ins_since_vacuum
 * counts every insert. VACUUM sets n_live_tup and n_dead_tup from what it found (vacuum.ts).
 */
export function settleStats(state: State, txn: TxnInfo, committed: boolean): void {
  for (const u of txn.undo) {
    const s = state.tables[u.table]?.stats;
    if (!s) continue;
    if (u.op === 'insert') {
      s.insSinceVacuum += 1;
      if (committed) s.live += 1;
      else s.dead += 1;
    } else if (u.op === 'update') s.dead += 1;
    else if (u.op === 'delete' && committed) {
      s.live = Math.max(0, s.live - 1);
      s.dead += 1;
    }
  }
}

/** After a step: a point in each table's size history when its pages or counts changed. */
export function trackSizes(state: State): void {
  if (state.quiet) return;
  for (const name in state.tables) {
    const rel = state.tables[name];
    const last = rel.sizes[rel.sizes.length - 1];
    const { live, dead } = rel.stats;
    if (last && last.pages === rel.nblocks && last.live === live && last.dead === dead) continue;
    rel.sizes.push({ step: state.clock, now: state.now, pages: rel.nblocks, live, dead });
  }
}
