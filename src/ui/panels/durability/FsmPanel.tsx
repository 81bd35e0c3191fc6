import type { View } from '../../../engine/durability/view';
import { formatBytes } from './format';
import { VacuumPanel } from './VacuumPanel';

const FSM_EVENTS = ['table.vacuumed', 'tuple.inserted', 'page.read'];
const PAGE = 8192;

/**
 * Each heap page beside its two maps: the free space map (what VACUUM recorded as free, where
 * inserts look for room) and the visibility map's all-visible bit. The bar is the page's real
 * free space now: the FSM can lag behind it until VACUUM or a full page updates it.
 */
export function FsmPanel({ view }: { view: View }) {
  const v = view.vacuum;
  return (
    <VacuumPanel
      vacuum={v}
      name="fsm"
      title="Free space map and visibility map"
      className="fsm-panel"
      touchedBy={FSM_EVENTS}
      legend="Per heap page: the bar is free space now; FSM is what the free space map records for inserts to find; ✓ all-visible in the visibility map."
    >
      {v.tables.map((t) => (
        <div key={t.table}>
          <h3>{t.table}</h3>
          <ol className="fsm-pages" aria-label={`${t.table}: heap pages`}>
            {t.heap.map((p) => (
              <li key={p.block} className={`fsm-page${p.tuples === 0 ? ' empty' : ''}`} data-block={p.block} data-fsm={p.fsm ?? ''}>
                <span className="fsm-block">block {p.block}</span>
                <span className="fsm-bar" aria-hidden="true">
                  <span className="fsm-used" style={{ height: `${Math.round(((PAGE - p.free) / PAGE) * 100)}%` }} />
                </span>
                <span className="fsm-free">{formatBytes(p.free)} free</span>
                <span className="fsm-map">FSM {p.fsm === null ? '—' : formatBytes(p.fsm)}</span>
                <span className={`fsm-vm${p.allVisible ? ' on' : ''}`}>{p.allVisible ? '✓ all-visible' : '· not all-visible'}</span>
              </li>
            ))}
          </ol>
        </div>
      ))}
    </VacuumPanel>
  );
}
