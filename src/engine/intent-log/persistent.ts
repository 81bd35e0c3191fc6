import type { TxnId, TxnStatus } from './types';

/**
 * A copy of a map without the entry arrays `new Map(map)` allocates for each entry
 * (the timeline copies these maps at every snapshot).
 */
export function copyMap<K, V>(map: ReadonlyMap<K, V>): Map<K, V> {
  const out = new Map<K, V>();
  map.forEach((v, k) => out.set(k, v));
  return out;
}

/** Records per sealed chunk of an `AppendList`. */
const CHUNK = 256;

/**
 * An append-only list whose snapshot copy costs O(length / 256 + 256), not O(length):
 * full chunks are sealed (never written again) and shared between copies; only the
 * list of chunks and the unsealed tail are copied. The timeline snapshots the state
 * every 128 steps, so copying the whole log each time made a cold seek quadratic.
 * Fields are plain own data, so `structuredClone` keeps `length`.
 */
export class AppendList<T> implements Iterable<T> {
  length: number;
  private constructor(
    private readonly sealed: (readonly T[])[],
    private tail: T[],
  ) {
    this.length = sealed.length * CHUNK + tail.length;
  }

  static empty<T>(): AppendList<T> {
    return new AppendList<T>([], []);
  }

  push(item: T): void {
    this.tail.push(item);
    this.length += 1;
    if (this.tail.length === CHUNK) {
      this.sealed.push(this.tail);
      this.tail = [];
    }
  }

  /** The item at index `i` (negative counts from the end), like `Array.prototype.at`. */
  at(i: number): T | undefined {
    const j = i < 0 ? i + this.length : i;
    if (j < 0 || j >= this.length) return undefined;
    const c = Math.floor(j / CHUNK);
    return c < this.sealed.length ? this.sealed[c][j % CHUNK] : this.tail[j - this.sealed.length * CHUNK];
  }

  /** A plain array of items [start, end), with `Array.prototype.slice`'s negative indexes. */
  slice(start = 0, end = this.length): T[] {
    const from = start < 0 ? Math.max(0, start + this.length) : Math.min(start, this.length);
    const to = end < 0 ? Math.max(0, end + this.length) : Math.min(end, this.length);
    const out: T[] = [];
    for (let i = from; i < to; i++) out.push(this.at(i) as T);
    return out;
  }

  /** A copy sharing the sealed chunks: appending to either list never shows in the other. */
  copy(): AppendList<T> {
    return new AppendList(this.sealed.slice(), this.tail.slice());
  }

  *[Symbol.iterator](): Generator<T> {
    for (const chunk of this.sealed) yield* chunk;
    yield* this.tail;
  }
}

type Open = Extract<TxnStatus, 'active' | 'lost'>;
const isOpen = (s: TxnStatus): s is Open => s === 'active' || s === 'lost';
/** Settled statuses gather in a fresh map, sealed into the shared levels at this size. */
const FRESH = 128;

/**
 * Every transaction's status, iterated in the order the transactions began, with a snapshot
 * copy whose cost does not grow with the number of transactions. A committed or aborted
 * status never changes again, so settled statuses live in sealed maps shared between copies
 * (merged two by two as they grow, so a lookup reads O(log n) maps); the open ones (active,
 * lost in a crash: a handful) and the newest settled ones are copied.
 */
export class TxnTable implements Iterable<[TxnId, TxnStatus]> {
  size: number;
  private constructor(
    private readonly order: AppendList<TxnId>,
    private readonly levels: ReadonlyMap<TxnId, TxnStatus>[],
    private fresh: Map<TxnId, TxnStatus>,
    /** The open transactions, in the order they began. */
    private readonly opened: Map<TxnId, Open>,
  ) {
    this.size = order.length;
  }

  static empty(): TxnTable {
    return new TxnTable(AppendList.empty(), [], new Map(), new Map());
  }

  get(tx: TxnId): TxnStatus | undefined {
    const s = this.opened.get(tx) ?? this.fresh.get(tx);
    if (s !== undefined) return s;
    for (let i = this.levels.length - 1; i >= 0; i--) {
      const found = this.levels[i].get(tx);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** Set a status; a settled one (committed, aborted) is final. */
  set(tx: TxnId, status: TxnStatus): void {
    if (this.get(tx) === undefined) {
      this.order.push(tx);
      this.size += 1;
    }
    if (isOpen(status)) {
      this.opened.set(tx, status);
      return;
    }
    this.opened.delete(tx);
    this.fresh.set(tx, status);
    if (this.fresh.size >= FRESH) this.seal();
  }

  /** The open transactions (active, or lost in a crash and not yet recovered), in the order they began. */
  open(): IterableIterator<[TxnId, Open]> {
    return this.opened.entries();
  }

  copy(): TxnTable {
    return new TxnTable(this.order.copy(), this.levels.slice(), copyMap(this.fresh), copyMap(this.opened));
  }

  *[Symbol.iterator](): Generator<[TxnId, TxnStatus]> {
    for (const tx of this.order) yield [tx, this.get(tx) as TxnStatus];
  }

  /** Every status as a plain object, keys in the order the transactions began (what a frame carries). */
  toRecord(): Record<TxnId, TxnStatus> {
    const out: Record<TxnId, TxnStatus> = {};
    for (const tx of this.order) out[tx] = this.get(tx) as TxnStatus;
    return out;
  }

  *values(): Generator<TxnStatus> {
    for (const [, s] of this) yield s;
  }

  /** New maps only: a sealed level may be shared with copies, so it is never written. */
  private seal(): void {
    this.levels.push(this.fresh);
    this.fresh = new Map();
    let n = this.levels.length;
    while (n >= 2 && this.levels[n - 2].size <= 2 * this.levels[n - 1].size) {
      const top = this.levels.pop() as ReadonlyMap<TxnId, TxnStatus>;
      const below = this.levels.pop() as ReadonlyMap<TxnId, TxnStatus>;
      const merged = copyMap(below);
      top.forEach((status, tx) => merged.set(tx, status));
      this.levels.push(merged);
      n -= 1;
    }
  }
}
