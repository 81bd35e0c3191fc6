import type { FileView, View } from '../../../engine/durability/view';
import { Panel } from '../../components/Panel';
import { type DurabilityEvent, eventsOf } from './format';

type Page = FileView['pages'][number];

/** Above this many pages in all, files are drawn as rows of squares, without per-page text. */
const DETAILED_PAGES = 12;

function PageCard({ p, dirty, written, synced }: { p: Page; dirty: boolean; written: boolean; synced: boolean }) {
  const torn = p.durable !== null && !p.durable.checksumOk;
  const cls = [
    'page-card',
    torn ? 'torn' : p.os ? 'in-os' : p.durable ? 'durable' : 'absent',
    dirty ? 'dirty' : '',
    written ? 'written-now' : '',
    synced ? 'synced-now' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <li className={cls} data-page={p.key}>
      <span className="page-head">block {p.block}</span>
      <span className="layer layer-mem">
        <span className="layer-name">buffer</span>
        {p.buffer ? (
          <span>
            {dirty ? <strong className="dirty-text">◥ dirty</strong> : 'clean'} {p.buffer.lsnText}
          </span>
        ) : (
          <span className="none">—</span>
        )}
      </span>
      <span className="layer layer-os">
        <span className="layer-name">OS cache</span>
        {p.os ? <span>{p.os.lsnText} not fsync’d</span> : <span className="none">—</span>}
      </span>
      <span className="layer layer-disk">
        <span className="layer-name">disk</span>
        {p.durable ? (
          torn ? (
            <strong className="error-text">⚡ torn: checksum fails</strong>
          ) : (
            <span>✓ {p.durable.lsnText}</span>
          )
        ) : (
          <span className="none">not yet written</span>
        )}
      </span>
    </li>
  );
}

/** What this panel draws: each page's copy in a buffer, in the OS cache and on disk, and a torn page. */
const DISK_EVENTS = ['page.*', 'file.synced', 'node.crashed', 'tornPage.detected'];

/** The data files page by page: what is durable, what sits only in the OS cache, which page is torn. */
export function DiskPanel({ view, events }: { view: View; events: readonly DurabilityEvent[] }) {
  const written = new Set(eventsOf(events, 'page.written').map((e) => e.page));
  const synced = new Set(
    eventsOf(events, 'file.synced')
      .filter((e) => e.target === 'data')
      .map((e) => e.file),
  );
  const dirty = new Set(view.frames.flatMap((f) => (f.dirty && f.page ? [f.page] : [])));
  const compact = view.files.reduce((n, f) => n + f.pages.length, 0) > DETAILED_PAGES;
  return (
    <Panel
      name="disk"
      title="Data files (base/5/…)"
      className="disk-panel"
      touchedBy={DISK_EVENTS}
      legend={
        <>
          Page LSN in each layer: <span className="legend-key page-card durable" aria-hidden="true" /> ✓ durable on disk ·{' '}
          <span className="legend-key page-card in-os" aria-hidden="true" /> in the OS cache only (gone in a power loss) ·{' '}
          <span className="legend-key page-card torn" aria-hidden="true" /> ⚡ torn.
        </>
      }
    >
      <div className={compact ? 'files files-compact' : 'files'}>
        {view.files.map((f) => (
          <div key={f.relfilenode} className="file" data-file={f.path}>
            <h3 className="file-name">
              <code>{f.path}</code> {f.table}
              {synced.has(f.path) && <span className="fsync-badge"> ⚡ fsync</span>}
            </h3>
            {f.pages.length === 0 ? (
              <p className="empty">No pages on disk.</p>
            ) : compact ? (
              <ul className="bare-list page-squares" aria-label={`${f.pages.length} pages`}>
                {f.pages.map((p) => (
                  <li
                    key={p.key}
                    className={`page-square ${p.durable && !p.durable.checksumOk ? 'torn' : p.os ? 'in-os' : p.durable ? 'durable' : 'absent'}${dirty.has(p.key) ? ' dirty' : ''}`}
                    title={`block ${p.block}: ${p.durable && !p.durable.checksumOk ? 'torn' : p.os ? `${p.os.lsnText} in the OS cache, not fsync’d` : p.durable ? `durable, LSN ${p.durable.lsnText}` : 'not on disk yet'}${dirty.has(p.key) ? ', dirty in shared buffers' : ''}`}
                  />
                ))}
              </ul>
            ) : (
              <ul className="bare-list pages">
                {f.pages.map((p) => (
                  <PageCard key={p.key} p={p} dirty={dirty.has(p.key)} written={written.has(p.key)} synced={synced.has(f.path)} />
                ))}
              </ul>
            )}
          </div>
        ))}
      </div>
      {view.damaged.length > 0 && (
        <p className="damaged" role="note">
          ⚡ Torn on disk: {view.damaged.join(', ')}. A read would fail its checksum.
        </p>
      )}
    </Panel>
  );
}
