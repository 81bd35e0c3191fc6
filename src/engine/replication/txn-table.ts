import type { Txn } from './types';

/** FNV-1a over the name's UTF-16 code units, cut to 30 bits: a small integer a map compares without reading a string. */
function hashOf(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h & 0x3fffffff;
}

/**
 * Every transaction of a run by name, in the order they began. A map keyed by the names themselves
 * reads a stored name at every probe, a cache miss apiece once it holds a million of them; this one
 * is keyed by a hash of the name, a small integer, and checks the one transaction found. A name whose
 * hash another name already has goes to a second map, by name.
 */
export class TxnTable {
  private readonly list: Txn[] = [];
  private readonly byHash = new Map<number, Txn>();
  private readonly collided = new Map<string, Txn>();

  get size(): number {
    return this.list.length;
  }

  get(name: string): Txn | undefined {
    const t = this.byHash.get(hashOf(name));
    if (t !== undefined && t.name === name) return t;
    return this.collided.size > 0 ? this.collided.get(name) : undefined;
  }

  /** A transaction whose name no other has. */
  add(t: Txn): void {
    const h = hashOf(t.name);
    if (this.byHash.has(h)) this.collided.set(t.name, t);
    else this.byHash.set(h, t);
    this.list.push(t);
  }

  /** The transactions in the order they began. */
  values(): IterableIterator<Txn> {
    return this.list.values();
  }

  /** A snapshot copy: a copy of each transaction, which the copy's state mutates alone. */
  copy(): TxnTable {
    const out = new TxnTable();
    for (const t of this.list) out.add({ ...t });
    return out;
  }
}
