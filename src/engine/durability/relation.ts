import { columnsOf } from '../wal/tuple';
import { loadEntry, newBtree } from './btree';
import { addTuple, ctid, fits, FROZEN_XID, type HeapPage, newPage, pageChecksum, type Row, tupleLen } from './page';
import { pageKey } from './storage';
import type { Relation, State } from './types';

/**
 * A table of the scenario, with its rows loaded straight into its data file, frozen (xmin = 2),
 * as if they had been loaded, vacuumed and checkpointed before the scenario: on durable disk,
 * not in the pool. pg_stat_user_tables and reltuples count them.
 */
export function createTable(state: State, name: string, index: number, rows: readonly { key: string; values: Row }[]): Relation {
  const relfilenode = 16384 + 3 * index;
  const rel: Relation = {
    name,
    relfilenode,
    nblocks: 0,
    pk: Object.create(null),
    columns: columnsOf(rows[0]?.values ?? {}),
    index: newBtree(relfilenode + 2),
    vm: {},
    vmLsn: 0,
    stats: { live: rows.length, dead: 0, insSinceVacuum: 0, vacuums: 0, autovacuums: 0 },
    reltuples: rows.length,
    fsm: {},
    fsmNext: 0,
    fsmUpper: 0,
    sizes: [],
    lastVacuum: null,
  };
  state.tables[name] = rel;
  let page: HeapPage | null = null;
  const flush = () => {
    if (!page) return;
    page.checksum = pageChecksum(page, rel.nblocks - 1);
    state.disk.durable[pageKey(rel, rel.nblocks - 1)] = page;
  };
  for (const row of rows) {
    const len = tupleLen(row.key, row.values, rel.columns);
    if (!page || !fits(page, len)) {
      flush();
      page = newPage();
      rel.nblocks += 1;
    }
    const c = ctid(rel.nblocks - 1, page.items.length + 1);
    addTuple(page, page.items.length + 1, { xmin: FROZEN_XID, ctid: c, key: row.key, data: row.values, len });
    rel.pk[row.key] = c;
    loadEntry(rel.index, row.key, c);
  }
  flush();
  rel.sizes.push({ step: 0, now: 0, pages: rel.nblocks, live: rel.stats.live, dead: 0 });
  return rel;
}

/**
 * ALTER TABLE ... DROP CONSTRAINT ..._pkey on a table with no rows yet: the table has no primary
 * key from now on (`Relation.keyless`). The benchmark's pgbench_history is made so.
 */
export function withoutPrimaryKey(rel: Relation): void {
  if (rel.nblocks > 0) throw new Error(`${rel.name} has rows: its primary key stays`);
  rel.keyless = true;
}

/**
 * visibilitymap_clear for a heap change: the page's bit goes. Most changes find it clear already,
 * and a `delete` of an absent key is still a runtime call, so the bit is looked up first.
 */
export function clearVisible(rel: Relation, block: number): void {
  if (rel.vm[block] !== undefined) delete rel.vm[block];
}
