import { HopTable } from './HopTable';
import { IdSpace } from './IdSpace';
import { LookupConvergence } from './LookupConvergence';
import { MeasureCard } from './MeasureCard';
import type { StepPanelProps } from './step-panel-props';
import { distancesToTarget, lookupMarks } from './xor-layout';

/**
 * Kademlia's XOR metric in two pictures: the ID space with every node (or their density) and
 * the target's nested prefix intervals, and the lookup round by round on the "bits shared with
 * the target" axis, where every hop of the path moves closer. The hop table gives the numbers.
 */
export function XorSpacePanel({ view, events, duration, step, nameOf }: StepPanelProps) {
  const lookup = view.lookup;
  const bits = view.config.bits;
  const fresh = lookup !== null && events.some((e) => e.type === 'lookup.started' && e.seq === lookup.seq);
  const marks = lookup ? lookupMarks(lookup, bits, distancesToTarget(lookup), nameOf) : [];
  return (
    <section className="panel kad-xor-panel" aria-labelledby="kad-xor-title">
      <h2 id="kad-xor-title">XOR space: node IDs and a lookup converging on its target</h2>
      <p className="legend">
        Distance = ID XOR ID; sharing a longer prefix means closer. <span className="key-glyph start">■</span> initiator ·{' '}
        <span className="key-glyph ok">●</span> answered · <span className="key-glyph late">✕</span> timed out ·{' '}
        <span className="key-glyph target">◆</span> target · <span className="key-glyph path">━</span> lookup path.
      </p>
      {view.nodeCount === 0 ? <p className="empty">No nodes yet.</p> : <IdSpace view={view} lookup={lookup} nameOf={nameOf} />}
      {lookup ? (
        <>
          <LookupConvergence
            lookup={lookup}
            marks={marks}
            bits={bits}
            fresh={fresh}
            duration={duration}
            labelAll={(view.nodes?.length ?? Infinity) <= 32}
            stepKey={step}
          />
          <HopTable lookup={lookup} bits={bits} nameOf={nameOf} />
        </>
      ) : (
        view.nodeCount > 0 && view.measures.length === 0 && <p className="empty">No lookup yet.</p>
      )}
      <MeasureCard view={view} nameOf={nameOf} />
    </section>
  );
}
