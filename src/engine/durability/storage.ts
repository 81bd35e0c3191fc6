import { checksumOk, copyPage, type HeapPage, pageChecksum, tearPage } from './page';
import type { Event, Relation, State } from './types';

/**
 * Two layers under the buffer pool, as on a real machine: write() puts a page in the
 * kernel's page cache, only fsync() makes it durable. A power loss keeps the durable layer
 * and drops the cache. WAL segments have the same two layers, tracked as two positions
 * (written, flushed) in wal.ts because the WAL is append-only.
 */

export type Out = Event[] | null;

/** Each relation file's page keys, made once: the same string each time hashes once in the page tables. */
const keysByFile = new Map<number, string[]>();

/** The page key (buffer tag) of a block: `relfilenode/block`. */
export function pageKey(rel: Relation, block: number): string {
  let keys = keysByFile.get(rel.relfilenode);
  if (!keys) keysByFile.set(rel.relfilenode, (keys = []));
  return (keys[block] ??= `${rel.relfilenode}/${block}`);
}

/** base/5/16384, the data file of a relation in database 5. */
export const relPath = (relfilenode: number | string): string => `base/5/${relfilenode}`;

/** The page as the kernel would return it to read(): its cache first, then the disk. */
export function diskImage(state: State, key: string): HeapPage | null {
  return state.disk.os[key] ?? state.disk.durable[key] ?? null;
}

/**
 * smgrwrite: hand a copy of the page to the kernel, checksummed (PageSetChecksumCopy).
 * The write is remembered as in flight until the next step, so a crash right now tears it.
 */
export function writePage(state: State, key: string, block: number, page: HeapPage): void {
  const img = copyPage(page);
  img.checksum = pageChecksum(img, block);
  state.disk.os[key] = img;
  state.disk.inFlight = { key, block };
  state.counters.pagesWritten += 1;
}

/**
 * The checkpointer's sync phase: fsync every data file with writes in the kernel cache.
 * Returns the files synced, one fsync each.
 */
export function fsyncDataFiles(state: State, out: Out): string[] {
  const files = new Set<string>();
  for (const key in state.disk.os) {
    state.disk.durable[key] = state.disk.os[key];
    files.add(key.slice(0, key.indexOf('/')));
  }
  state.disk.os = {};
  state.disk.inFlight = null;
  const sorted = [...files].sort();
  for (const f of sorted) {
    state.counters.fsyncs += 1;
    if (out) out.push({ type: 'file.synced', target: 'data', file: relPath(f), upTo: null });
  }
  return sorted;
}

/**
 * The power goes out. The kernel cache is lost. If a data page write was in flight, the
 * disk got its first half only: a torn page. Returns what was lost for the crash event.
 */
export function crashDisk(state: State): { lostPages: number; torn: string | null } {
  let torn: string | null = null;
  const flight = state.disk.inFlight;
  let lostPages = Object.keys(state.disk.os).length;
  if (flight && state.disk.os[flight.key]) {
    const mixed = tearPage(state.disk.os[flight.key], state.disk.durable[flight.key] ?? null);
    // A tear that happens to leave the same bytes is no tear at all.
    if (!checksumOk(mixed, flight.block)) {
      state.disk.durable[flight.key] = mixed;
      torn = flight.key;
      lostPages -= 1;
    }
  }
  state.disk.os = {};
  state.disk.inFlight = null;
  return { lostPages, torn };
}

/** Blocks each relation has on durable storage, after a crash shrank the view of the files. */
export function durableBlocks(state: State, rel: Relation): number {
  const prefix = `${rel.relfilenode}/`;
  let n = 0;
  for (const key in state.disk.durable) {
    if (key.startsWith(prefix)) n = Math.max(n, Number(key.slice(prefix.length)) + 1);
  }
  return n;
}
