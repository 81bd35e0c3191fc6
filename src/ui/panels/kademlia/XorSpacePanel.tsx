import type { TouchedBy } from '../../components/Panel';
import { Panel } from '../../components/Panel';
import { ScrollX } from '../../components/ScrollX';
import { eventOf } from '../step-events';
import { HopTable } from './HopTable';
import { IdSpace } from './IdSpace';
import { LookupConvergence } from './LookupConvergence';
import { MeasureCard } from './MeasureCard';
import type { StepPanelProps } from './step-panel-props';
import { useWidth } from '../../components/use-width';
import { distancesToTarget, type Lookup, lookupMarks } from './xor-layout';

/**
 * What each of the three panels draws, as event types (see Panel's `touchedBy`). A batch of
 * silent lookups (`lookups.measured`) also swaps the drawn lookup for its last one, which the
 * panel says in words; the batch's point is the statistics, so those are the panels it marks.
 */
const ID_SPACE_EVENTS: TouchedBy = ['network.built', 'node.*', 'lookup.started'];
const LOOKUP_EVENTS: TouchedBy = ['lookup.*', 'round.completed', 'msg.*', 'value.*'];
const MEASURE_EVENTS: TouchedBy = ['distance.measured'];

/** Drawings start at this width until their box is measured. */
const FALLBACK_WIDTH = 900;

/**
 * Kademlia's XOR metric in three panels: the ID space with every node (or their density)
 * and the target's nested prefix intervals; the current lookup round by round on a "bits
 * shared with the target" axis, with its hops as numbers; and the newest distance worked out
 * bit by bit. The last two show only when there is a lookup, or a measurement.
 */
export function XorSpacePanel(props: StepPanelProps) {
  const { view } = props;
  return (
    <>
      <IdSpacePanel {...props} />
      {view.lookup && <LookupPanel {...props} lookup={view.lookup} />}
      {view.measures.length > 0 && (
        <Panel
          name="xor-distance"
          title="XOR distance, bit by bit"
          legend="d(x, y) = x XOR y, read as a number: the leading zero bits are the prefix the two IDs share."
          touchedBy={MEASURE_EVENTS}
          className="kad-measure-panel"
        >
          <MeasureCard view={view} nameOf={props.nameOf} />
        </Panel>
      )}
    </>
  );
}

function IdSpacePanel({ view, nameOf }: StepPanelProps) {
  const [box, width] = useWidth<HTMLDivElement>(FALLBACK_WIDTH);
  const lookup = view.lookup;
  const down = view.nodeCount - view.aliveCount;
  return (
    <Panel
      name="xor-space"
      title="XOR space: node IDs and the target's prefixes"
      legend={
        <>
          Every node at its ID, 0 to 2<sup>{view.config.bits}</sup>. Distance = ID XOR ID: sharing a longer prefix means closer.{' '}
          <span className="key-glyph target">◆</span> the lookup's target · <span className="key-glyph path">◯</span> a node on its path.
        </>
      }
      touchedBy={ID_SPACE_EVENTS}
      className="kad-xor-panel"
    >
      <div ref={box} className="kad-fit">
        {view.nodeCount === 0 ? (
          <p className="empty">No nodes yet.</p>
        ) : (
          <IdSpace view={view} lookup={lookup} nameOf={nameOf} width={width} />
        )}
      </div>
      {view.nodeCount > 0 && (
        <p className="note id-note">
          {view.nodeCount.toLocaleString('en')} nodes
          {down > 0
            ? `, ${down.toLocaleString('en')} down (${view.density ? 'not drawn' : view.nodes && view.nodes.length > 24 ? 'short red ticks' : 'marked ✗'})`
            : ''}
          {view.density
            ? ` · too many to draw one by one: the bars count live nodes per 1/${view.density.length} of the space (${Math.min(...view.density).toLocaleString('en')} to ${Math.max(...view.density).toLocaleString('en')})`
            : view.nodes && view.nodes.length > 24
              ? ' · one tick per node'
              : ''}
          .
        </p>
      )}
    </Panel>
  );
}

/** Which lookup the panel draws, in words: the one this step ran, or the last of a batch. */
function whichLookup(props: StepPanelProps, lookup: Lookup): string {
  const batch = eventOf(props.events, 'lookups.measured');
  if (batch) return `the last of this step's ${batch.count.toLocaleString('en')} random lookups`;
  if (props.events.some((e) => e.type === 'lookup.started' && e.seq === lookup.seq)) return 'the lookup this step ran';
  return 'the latest lookup';
}

function LookupPanel(props: StepPanelProps & { lookup: Lookup }) {
  const { view, lookup, events, duration, step, nameOf } = props;
  const [box, width] = useWidth<HTMLDivElement>(FALLBACK_WIDTH);
  const bits = view.config.bits;
  const fresh = events.some((e) => e.type === 'lookup.started' && e.seq === lookup.seq);
  const marks = lookupMarks(lookup, bits, distancesToTarget(lookup), nameOf);
  const target = lookup.targetNode != null && lookup.targetNode >= 0 ? nameOf(lookup.targetNode) : 'the key';
  const delivery = view.deliveries.at(-1);
  return (
    <Panel
      name="lookup-rounds"
      title={`Lookup ${nameOf(lookup.from)} → ${target}, round by round`}
      legend={
        <>
          One row per round, one column per leading bit shared with the target (closer nodes further right within a column).{' '}
          <span className="key-glyph start">■</span> initiator · <span className="key-glyph ok">●</span> answered ·{' '}
          <span className="key-glyph late">✕</span> timed out · <span className="key-glyph target">◆</span> target ·{' '}
          <span className="key-glyph path">━</span> path.
        </>
      }
      touchedBy={LOOKUP_EVENTS}
      className="kad-lookup-panel"
    >
      <p className="lookup-which">
        Drawn: {whichLookup(props, lookup)}, {lookup.kind} from {nameOf(lookup.from)} to {target}.
      </p>
      <ScrollX ref={box} className="kad-fit" label="Lookup rounds (scrolls sideways)">
        <LookupConvergence
          lookup={lookup}
          marks={marks}
          bits={bits}
          fresh={fresh}
          duration={duration}
          labelAll={(view.nodes?.length ?? Infinity) <= 32}
          stepKey={step}
          width={width}
        />
      </ScrollX>
      <HopTable lookup={lookup} bits={bits} nameOf={nameOf} />
      {view.values.map((v) => (
        <p key={v.keyId} className="note value-line">
          Stored: “{v.key}” = “{v.value}” on {v.holders.length} node{v.holders.length === 1 ? '' : 's'}, the closest to SHA-1(“{v.key}”).
        </p>
      ))}
      {delivery && (
        <p className="note delivery-line">
          Message “{delivery.text}” {nameOf(delivery.from)} → {nameOf(delivery.to)}:{' '}
          {delivery.delivered
            ? `delivered${delivery.direct ? ', straight from the routing table' : ', after the lookup found the recipient'}`
            : 'lost'}
          .
        </p>
      )}
    </Panel>
  );
}
