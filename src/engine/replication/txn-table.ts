/** FNV-1a over the name's UTF-16 code units, cut to 30 bits: a small integer a map compares without reading a string. */
function hashOf(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h & 0x3fffffff;
}

/**
 * Every transaction of a run (anything with a name) by name, in the order they began. A map keyed by the names themselves
 * reads a stored name at every probe, a cache miss apiece once it holds a million of them; this one
 * is keyed by a hash of the name, a small integer, and checks the one transaction found. A name whose
 * hash another name already has goes to a second map, by name.
 */
export class TxnTable<T extends { readonly name: string }> {
  private readonly list: T[] = [];
  private readonly byHash = new Map<number, T>();
  private readonly collided = new Map<string, T>();

  get size(): number {
    return this.list.length;
  }

  get(name: string): T | undefined {
    const t = this.byHash.get(hashOf(name));
    if (t !== undefined && t.name === name) return t;
    return this.collided.size > 0 ? this.collided.get(name) : undefined;
  }

  /** A transaction whose name no other has. */
  add(t: T): void {
    const h = hashOf(t.name);
    if (this.byHash.has(h)) this.collided.set(t.name, t);
    else this.byHash.set(h, t);
    this.list.push(t);
  }

  /** The transactions in the order they began. */
  values(): IterableIterator<T> {
    return this.list.values();
  }

  /** A snapshot copy: a copy of each transaction, which the copy's state mutates alone. */
  copy(): TxnTable<T> {
    const out = new TxnTable<T>();
    for (const t of this.list) out.add({ ...t });
    return out;
  }
}
