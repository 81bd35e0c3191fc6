import type { View } from '../../../engine/durability/view';
import type { IndexPageView, IndexView } from '../../../engine/durability/view-btree';
import { Panel } from '../../components/Panel';
import { ScrollX } from '../../components/ScrollX';
import { type DurabilityEvent, eventsOf } from './format';
import { useShownTables } from './recent-tables';
import './btree.css';

/** The btree's record types (pg_waldump's names; Btree VACUUM is BTREE_VACUUM in the lab). */
const BTREE_KINDS = new Set(['INSERT_LEAF', 'INSERT_UPPER', 'SPLIT_L', 'SPLIT_R', 'NEWROOT', 'BTREE_VACUUM']);

/** What this panel draws: the index's records as they are written or replayed, a split, a crash putting pages back. */
function touchesIndex(e: { readonly type: string; readonly kind?: string }): boolean {
  if (e.type === 'index.split' || e.type === 'node.crashed') return true;
  return (e.type === 'wal.inserted' || e.type === 'record.replayed') && e.kind !== undefined && BTREE_KINDS.has(e.kind);
}

/** A bytes-used bar: how full the 8 kB page is (8,152 bytes usable), with the figure in words. */
function Fill({ p }: { p: IndexPageView }) {
  const pct = Math.round(((8152 - p.free) / 8152) * 100);
  return (
    <span className="bt-fill" title={`${p.free} bytes free`}>
      <span className="bt-fill-bar" aria-hidden="true">
        <span style={{ width: `${pct}%` }} />
      </span>
      {p.count} {p.level === 0 ? 'entries' : 'downlinks'} · {pct} % full
    </span>
  );
}

function PageCard({ p, root, changed }: { p: IndexPageView; root: boolean; changed: boolean }) {
  const role = root ? (p.level === 0 ? 'root leaf' : 'root') : p.level === 0 ? 'leaf' : `level ${p.level}`;
  const shown = p.entries.length;
  return (
    <li className={`bt-page${p.level === 0 ? ' bt-leaf' : ' bt-inner'}${changed ? ' bt-changed' : ''}`} data-block={p.block}>
      <span className="bt-head">
        <strong>block {p.block}</strong> · {role}
      </span>
      <Fill p={p} />
      {p.level > 0 ? (
        <ul className="bt-items" aria-label={`Downlinks of index block ${p.block}`}>
          {p.downlinks.map((d) => (
            <li key={d.child}>
              <span className="bt-key">{d.key ?? '−∞'}</span> ↓ block {d.child}
            </li>
          ))}
        </ul>
      ) : (
        <ul className="bt-items" aria-label={`Entries of index block ${p.block}`}>
          {p.entries.map((e, i) => (
            <li key={`${e.key}${e.ctid}`} className={i === 3 && p.hidden > 0 ? 'bt-after-gap' : undefined}>
              {i === 3 && p.hidden > 0 ? <span className="bt-gap">… {p.hidden} more …</span> : null}
              <span className="bt-key">{e.key}</span> → heap {e.ctid}
            </li>
          ))}
          {shown === 0 ? <li className="bt-empty">no entries</li> : null}
        </ul>
      )}
      <span className="bt-links">
        {p.high !== null ? <>high key {p.high}</> : 'rightmost'}
        {p.right !== 0 ? <> · right → block {p.right}</> : null}
      </span>
    </li>
  );
}

function Tree({ index, changed }: { index: IndexView; changed: ReadonlySet<number> }) {
  const levels = [...new Set(index.pages.map((p) => p.level))].sort((a, b) => b - a);
  const below = index.pages.filter((p) => p.level === levels[1]).length;
  return (
    <div className="bt-tree" data-index={index.table}>
      <p className="bt-meta">
        <strong>{index.table}_pkey</strong> · metapage (block 0): root is block {index.root}, {index.levels}{' '}
        {index.levels === 1 ? 'level' : 'levels'}
      </p>
      <ScrollX className="bt-scroll" label={`Index pages of ${index.table}_pkey`}>
        {levels.map((level, i) => (
          <div key={level} className="bt-level-wrap">
            {i === 1 && below > 1 ? (
              <svg className="bt-edges" viewBox={`0 0 ${below * 100} 24`} preserveAspectRatio="none" aria-hidden="true">
                {Array.from({ length: below }, (_, j) => (
                  <line key={j} x1={below * 50} y1={0} x2={j * 100 + 50} y2={24} />
                ))}
              </svg>
            ) : null}
            <ol
              className={`bt-level${level === 0 ? ' bt-leaves' : ''}`}
              style={{ ['--n' as string]: index.pages.filter((p) => p.level === level).length }}
            >
              {index.pages
                .filter((p) => p.level === level)
                .map((p) => (
                  <PageCard key={p.block} p={p} root={p.block === index.root} changed={changed.has(p.block)} />
                ))}
            </ol>
            {index.hidden[level] ? <p className="bt-more">… and {index.hidden[level]} more pages on this level</p> : null}
          </div>
        ))}
      </ScrollX>
    </div>
  );
}

/** The primary-key btrees: the metapage's root, internal pages' downlinks, leaves whose entries point at heap ctids. */
export function IndexPanel({ view, events }: { view: View; events: readonly DurabilityEvent[] }) {
  const split = eventsOf(events, 'index.split');
  const changed = new Set([...split.flatMap((e) => [e.block, e.right])]);
  const { shows, note } = useShownTables(view.recentTables, 'The indexes');
  return (
    <Panel
      name="index"
      title="Primary-key index (btree)"
      className="btree-panel"
      touchedBy={touchesIndex}
      legend="The metapage names the root; internal pages hold downlinks; each leaf entry points at a heap tuple by its ctid (block, line pointer). A full page splits in two."
    >
      {split.length > 0 ? (
        <p className="bt-news left-bar" role="status">
          {split
            .map((e) => `${e.kind}: block ${e.block} split, its upper part moved to new block ${e.right} (high key ${e.key})`)
            .join('; ')}
        </p>
      ) : null}
      {note}
      {view.indexes
        .filter((index) => shows(index.table))
        .map((index) => (
          <Tree key={index.table} index={index} changed={changed} />
        ))}
    </Panel>
  );
}
