import type { Ctid } from './page';
import type { Out } from './storage';
import type { BtreePage, Relation, State } from './types';
import { change, finish, imageBytes, log, needsImage, setPage, sum, VACUUM_MAIN } from './btree-page';

/**
 * btvacuumscan: every leaf in block order; on each, remove the entries pointing at these heap
 * items and log Btree VACUUM (xl_btree_vacuum; the deleted offsets as block data), with the
 * leaf's image on its first change after a checkpoint. Returns the entries removed.
 */
export function btreeVacuum(state: State, rel: Relation, dead: ReadonlySet<Ctid>, out: Out): number {
  const ch = change(rel.index, { state, rel, xid: 0, out }, 0, state);
  let removed = 0;
  ch.tree.pages.forEach((page, block) => {
    if (!page || page.level > 0) return;
    const gone = page.items.filter((e) => dead.has(e.ctid));
    if (gone.length === 0) return;
    const items = page.items.filter((e) => !dead.has(e.ctid));
    const next: BtreePage = { ...page, items, used: page.used - sum(gone) };
    const refs = [{ block, image: needsImage(ch, page) ? imageBytes(next) : 0, data: 2 * gone.length }];
    // The deleted heap ctids ride on the record for replay.
    const ctids = gone.map((e) => e.ctid);
    const lsn = log(ch, 'BTREE_VACUUM', refs, VACUUM_MAIN, '', { block, offset: 0 }, null, ctids);
    setPage(ch, block, (p) => {
      p.items = items;
      p.used = next.used;
      p.lsn = lsn;
    });
    removed += gone.length;
  });
  finish(ch, state);
  return removed;
}
