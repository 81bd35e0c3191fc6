import { INVALID_LSN } from '../wal/lsn';
import { assembleSize, MAIN_DATA, pageImageBytes } from '../wal/records';
import { indexTupleSize } from '../wal/tuple';
import { type Ctid, PAGE_HEADER_SIZE, PAGE_SIZE } from './page';
import type { Out } from './storage';
import type { BtreeLeaf, IndexEntry, Relation, State } from './types';
import { insertRecord } from './wal';

/**
 * The primary-key btree (nbtinsert.c), as far as its WAL goes: a metapage at block 0 and one
 * root leaf at block 1 whose index tuples point at heap ctids, in key order (then ctid order,
 * as PostgreSQL 13+ orders duplicates). Every heap tuple that is not heap-only gets an entry
 * through `_bt_doinsert`, logged as INSERT_LEAF, with a full-page image on the leaf's first
 * change after a checkpoint. Entries of dead or aborted rows stay until VACUUM (not modelled).
 *
 * Not modelled: page splits (a leaf holds about 400 short keys, far more than any preset; past
 * one page the entries are kept in arrival order and the sizes stop being PostgreSQL's), and the
 * leaf does not pass through the buffer pool (its page is not drawn or evicted).
 */

/** The root leaf's block: block 0 is the metapage. */
const LEAF_BLOCK = 1;
/** sizeof(BTPageOpaqueData): the special space at the end of every btree page. */
const BT_SPECIAL = 16;
const LINE_POINTER = 4;

/** An empty index on a table's first rows (a relfilenode of its own). */
export function newLeaf(relfilenode: number): BtreeLeaf {
  return { relfilenode, entries: [], used: 0, lsn: 0, vacuumed: [] };
}

/** pd_lower and pd_upper of the leaf page: the line pointers grow up, the tuples down from the special space. */
function leafBounds(leaf: BtreeLeaf): { lower: number; upper: number } {
  return { lower: PAGE_HEADER_SIZE + LINE_POINTER * leaf.entries.length, upper: PAGE_SIZE - BT_SPECIAL - leaf.used };
}

const before = (a: IndexEntry, key: string, c: Ctid) => a.key < key || (a.key === key && a.ctid < c);

/** Where `_bt_binsrch_insert` puts a new entry: its 0-based slot. */
function slotFor(leaf: BtreeLeaf, key: string, c: Ctid): number {
  let lo = 0;
  let hi = leaf.entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(leaf.entries[mid], key, c)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Load an entry for a row present before the scenario (no WAL). */
export function loadEntry(leaf: BtreeLeaf, key: string, c: Ctid): void {
  const size = indexTupleSize(key);
  leaf.entries.splice(slotFor(leaf, key, c), 0, { key, ctid: c, size, lsn: 0 });
  leaf.used += size;
}

/** _bt_insertonpg on the root leaf: add the entry and log INSERT_LEAF (xl_btree_insert plus the index tuple). */
export function btreeInsert(state: State, rel: Relation, key: string, c: Ctid, xid: number, out: Out): void {
  const leaf = rel.index;
  const size = indexTupleSize(key);
  const before = leafBounds(leaf);
  // Past one page PostgreSQL would split the leaf (not modelled): entries are then kept in
  // arrival order, so a large table costs an append, not a sorted insert.
  const overfull = before.upper - size < before.lower + LINE_POINTER;
  const slot = overfull ? leaf.entries.length : slotFor(leaf, key, c);
  const image = state.settings.full_page_writes && leaf.lsn <= state.redoRecPtr;
  // The image is of the page after the insert: one more line pointer and tuple.
  const lower = before.lower + LINE_POINTER;
  const upper = before.upper - size;
  const imageBytes = image ? pageImageBytes(PAGE_SIZE, lower, upper) : 0;
  const len = assembleSize(MAIN_DATA.BTREE_INSERT, [{ image: imageBytes, data: size, sameRel: false }]);
  const ref = {
    rel: rel.name,
    block: LEAF_BLOCK,
    offset: slot + 1,
    init: false,
    fpi: null,
    oldBlock: 0,
    oldOffset: 0,
    oldFpi: null,
    key,
    data: null,
    len: size,
  };
  const rec = insertRecord(state, 'INSERT_LEAF', xid, ref, INVALID_LSN, len, '', out);
  const entry = { key, ctid: c, size, lsn: rec.end };
  if (slot === leaf.entries.length) leaf.entries.push(entry);
  else leaf.entries.splice(slot, 0, entry);
  leaf.used += size;
  leaf.lsn = rec.end;
  if (image) {
    state.counters.fpiCount += 1;
    state.counters.fpiBytes += imageBytes + 5;
  }
}

/**
 * btvacuumpage on the root leaf: remove the entries pointing at these heap items and log Btree
 * VACUUM (xl_btree_vacuum: ndeleted, nupdated; the deleted offsets as block data), with the
 * leaf's image on its first change after a checkpoint.
 */
export function btreeVacuum(state: State, rel: Relation, dead: ReadonlySet<Ctid>, out: Out): number {
  const leaf = rel.index;
  const gone = leaf.entries.filter((e) => dead.has(e.ctid));
  if (gone.length === 0) return 0;
  leaf.entries = leaf.entries.filter((e) => !dead.has(e.ctid));
  leaf.used -= gone.reduce((n, e) => n + e.size, 0);
  const image = state.settings.full_page_writes && leaf.lsn <= state.redoRecPtr;
  const { lower, upper } = leafBounds(leaf);
  const imageBytes = image ? pageImageBytes(PAGE_SIZE, lower, upper) : 0;
  const len = assembleSize(4, [{ image: imageBytes, data: 2 * gone.length, sameRel: false }]);
  const ref = {
    rel: rel.name,
    block: LEAF_BLOCK,
    offset: 0,
    init: false,
    fpi: null,
    oldBlock: 0,
    oldOffset: 0,
    oldFpi: null,
    key: null,
    data: null,
    len: 0,
  };
  const rec = insertRecord(
    state,
    'BTREE_VACUUM',
    0,
    ref,
    INVALID_LSN,
    len,
    '',
    out,
    0,
    gone.map((e) => e.ctid),
  );
  for (const entry of gone) leaf.vacuumed.push({ entry, lsn: rec.end });
  leaf.lsn = rec.end;
  if (image) {
    state.counters.fpiCount += 1;
    state.counters.fpiBytes += imageBytes + 5;
  }
  return gone.length;
}

/** After a power loss the leaf holds what its surviving WAL put there (its page never reaches disk before that WAL). */
export function crashLeaf(leaf: BtreeLeaf, flushed: number): void {
  const back = leaf.vacuumed.filter((v) => v.lsn > flushed).map((v) => v.entry);
  leaf.vacuumed = leaf.vacuumed.filter((v) => v.lsn <= flushed);
  leaf.entries = [...leaf.entries, ...back].filter((e) => e.lsn <= flushed).sort((a, b) => (before(a, b.key, b.ctid) ? -1 : 1));
  leaf.used = leaf.entries.reduce((n, e) => n + e.size, 0);
  leaf.lsn = leaf.entries.reduce((m, e) => Math.max(m, e.lsn), 0);
}
