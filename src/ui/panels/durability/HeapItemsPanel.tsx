import type { View } from '../../../engine/durability/view';
import type { HeapItemsView, LinePointerView } from '../../../engine/durability/view-btree';
import { Panel } from '../../components/Panel';
import type { DurabilityEvent } from './format';
import './btree.css';

/** Row height of a line pointer, in CSS px: the arrows' column is laid out on it. */
const ROW = 28;
const ARROWS = 34;

const STATE_LABEL: Record<LinePointerView['state'], string> = {
  normal: 'normal',
  redirect: '↪ redirect',
  dead: '✕ dead',
  unused: '∅ unused',
};

function Item({ it, block }: { it: LinePointerView; block: number }) {
  return (
    <li className={`lp lp-${it.state}`} data-offset={it.offset} style={{ height: ROW }}>
      <span className="lp-off">
        ({block},{it.offset})
      </span>
      <span className="lp-state">{STATE_LABEL[it.state]}</span>
      {it.state === 'normal' ? (
        <span className="lp-tuple">
          <span className="bt-key">{it.key}</span> xmin {it.xmin}
          {it.xmax ? ` xmax ${it.xmax}` : ''}
          {it.heapOnly ? <span className="lp-hot"> heap-only</span> : null}
          {it.movedTo ? ` → ${it.movedTo}` : ''}
        </span>
      ) : it.state === 'redirect' ? (
        <span className="lp-tuple">
          to ({block},{it.next})
        </span>
      ) : null}
    </li>
  );
}

/** A HOT chain's links as arrows beside the list: from an old version (or a redirect) to the newer one on the page. */
function Arrows({ items }: { items: readonly LinePointerView[] }) {
  const links = items.filter((it) => it.next !== null);
  const h = items.length * ROW;
  const y = (offset: number) => (items.findIndex((it) => it.offset === offset) + 0.5) * ROW;
  return (
    <svg className="lp-arrows" width={ARROWS} height={h} aria-hidden="true">
      {links.map((it) => {
        const y1 = y(it.offset);
        const y2 = y(it.next!);
        const bend = Math.max(4, ARROWS - 6 - Math.min(24, Math.abs(y2 - y1) / 4));
        return (
          <path
            key={it.offset}
            className={it.state === 'redirect' ? 'lp-link lp-link-redirect' : 'lp-link'}
            d={`M${ARROWS - 2},${y1} C${bend - 20},${y1} ${bend - 20},${y2} ${ARROWS - 3},${y2}`}
            markerEnd="url(#lp-head)"
          />
        );
      })}
    </svg>
  );
}

function HeapPageItems({ page }: { page: HeapItemsView }) {
  const c = page.counts;
  return (
    <li className="lp-page" data-heap-page={`${page.table}/${page.block}`}>
      <span className="bt-head">
        <strong>{page.table}</strong> block {page.block}
      </span>
      {page.items.length === 0 ? (
        <span className="lp-counts">
          {c.normal} normal · {c.redirect} redirect · {c.dead} dead · {c.unused} unused
        </span>
      ) : (
        <div className="lp-body">
          <Arrows items={page.items} />
          <ol className="lp-list" aria-label={`Line pointers of ${page.table} block ${page.block}`}>
            {page.items.map((it) => (
              <Item key={it.offset} it={it} block={page.block} />
            ))}
          </ol>
        </div>
      )}
    </li>
  );
}

/** The arrowhead every page's arrows share: one marker for the panel rather than one per page. */
function ArrowHead() {
  return (
    <svg className="lp-arrows lp-defs" width={0} height={0} aria-hidden="true">
      <defs>
        <marker id="lp-head" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto">
          <path d="M0,0 L8,4 L0,8 z" />
        </marker>
      </defs>
    </svg>
  );
}

/** Heap pages' line pointers (normal, redirect, dead, unused) with HOT chains drawn from the old version to the new. */
export function HeapItemsPanel({ view, events }: { view: View; events: readonly DurabilityEvent[] }) {
  void events;
  return (
    <Panel
      name="heap-items"
      title="Heap line pointers and HOT chains"
      className="heap-items-panel"
      // What this panel draws: tuples written, expired, pruned or replayed, and a crash.
      touchedBy={['tuple.*', 'page.pruned', 'table.vacuumed', 'record.replayed', 'node.crashed']}
      legend="Each line pointer is normal (a tuple), ↪ redirect (pruning, by VACUUM or by a read of a nearly full page, left it pointing at a newer version), ✕ dead or ∅ unused. Arrows follow a HOT chain from the old version to the new one on the same page."
    >
      <ArrowHead />
      {view.heapPages > view.heapItems.length ? (
        <p className="tables-shown">
          The {view.heapItems.length} heap pages changed last (newest page LSN) of {view.heapPages}; the others are not drawn.
        </p>
      ) : null}
      <ul className="lp-pages">
        {view.heapItems.map((p) => (
          <HeapPageItems key={`${p.table}/${p.block}`} page={p} />
        ))}
      </ul>
    </Panel>
  );
}
