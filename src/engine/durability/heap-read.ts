import { readBuffer, unpin } from './buffer-pool';
import { inSnapshot } from './horizon';
import { beginScan, endScan, holdBlock, type KeyScan, scanTo } from './index-scan';
import { type Ctid, ctid, ctidBlock, ctidOffset, FROZEN_XID, INVALID_XID, type Tuple } from './page';
import { type Out, pageKey } from './storage';
import type { Relation, Snapshot, State } from './types';

/** Reading rows: visibility (with or without a snapshot), a row by primary key, the version a snapshot sees. */

/**
 * The primary-key entry for a user-given key. Keys come from scenario data, so a key such as
 * "constructor" must not find Object.prototype's property.
 */
export const pkGet = (rel: Relation, key: string): Ctid | undefined => (Object.hasOwn(rel.pk, key) ? rel.pk[key] : undefined);

const committed = (state: State, xid: number): boolean => xid === FROZEN_XID || state.clog[xid] === 1;

/**
 * Whether a tuple is visible to a reader: its inserter committed (or is the reader) and no
 * committed deleter (other than... the reader itself, whose own delete hides it too).
 * With a snapshot (a REPEATABLE READ transaction's), a change committed after it was taken is not seen.
 */
export function visible(state: State, t: Tuple, readerXid: number, snap: Snapshot | null = null): boolean {
  const done = (xid: number) => committed(state, xid) && !(snap && xid !== FROZEN_XID && inSnapshot(snap, xid));
  if (!(t.xmin === readerXid || done(t.xmin))) return false;
  if (t.xmax === INVALID_XID) return true;
  return !(t.xmax === readerXid || done(t.xmax));
}

/**
 * The tuple at `c` for a statement scanning the key's index entries: reached through its entry (the
 * entries before it fetched first, each page pruned on access, see index-scan.ts), or, when no entry
 * leads to it (the version was pruned away), read directly. Its page stays pinned by the scan.
 */
export function tupleAt(state: State, scan: KeyScan, c: Ctid, out: Out): { frame: number; t: Tuple | null } {
  let frame = scanTo(state, scan, c, out);
  if (frame < 0) frame = holdBlock(state, scan, ctidBlock(c), out);
  return { frame, t: state.pool.frames[frame].page!.items[ctidOffset(c) - 1] ?? null };
}

/** SELECT ... WHERE key = $1: an index scan of the key (every entry fetched), as the reader sees it. */
export function heapRead(
  state: State,
  rel: Relation,
  key: string,
  readerXid: number,
  out: Out,
  snap: Snapshot | null = null,
): { c: Ctid; t: Tuple } | null {
  const scan = beginScan(rel, key);
  const found = versionFor(state, rel, key, scan, readerXid, out, snap);
  endScan(state, scan, out);
  return found;
}

/** The version the reader sees, found while the scan goes through the key's entries. */
function versionFor(
  state: State,
  rel: Relation,
  key: string,
  scan: KeyScan,
  readerXid: number,
  out: Out,
  snap: Snapshot | null,
): { c: Ctid; t: Tuple } | null {
  const c = pkGet(rel, key);
  if (c === undefined) return snap ? olderVersion(state, rel, key, readerXid, snap, out) : null;
  const { t } = tupleAt(state, scan, c, out);
  if (t && visible(state, t, readerXid, snap)) return { c, t };
  // A snapshot older than the newest version: the version it sees is an older one (the index keeps its entry).
  if (snap) return olderVersion(state, rel, key, readerXid, snap, out);
  // The newest version is another transaction's uncommitted change: the reader sees the
  // version that transaction replaced (PostgreSQL finds it through the index entry it keeps).
  if (t && t.xmin !== readerXid && !committed(state, t.xmin)) {
    const writer = state.txns[state.xidNames[t.xmin]];
    const prev = writer?.undo.find((e) => e.table === rel.name && e.key === key)?.prev;
    if (prev != null) {
      const frame = readBuffer(state, pageKey(rel, ctidBlock(prev)), 'read', out);
      const older = state.pool.frames[frame].page!.items[ctidOffset(prev) - 1] ?? null;
      unpin(state, frame);
      if (older && visible(state, older, readerXid)) return { c: prev, t: older };
    }
  }
  return null;
}

/** The version of a row a snapshot sees when it is not the newest: found by reading the table's pages. */
function olderVersion(state: State, rel: Relation, key: string, readerXid: number, snap: Snapshot, out: Out): { c: Ctid; t: Tuple } | null {
  for (let b = 0; b < rel.nblocks; b++) {
    const frame = readBuffer(state, pageKey(rel, b), 'read', out);
    const items = state.pool.frames[frame].page!.items;
    unpin(state, frame);
    for (let i = 0; i < items.length; i++) {
      const t = items[i];
      if (t && !t.lp && t.key === key && visible(state, t, readerXid, snap)) return { c: ctid(b, i + 1), t };
    }
  }
  return null;
}
