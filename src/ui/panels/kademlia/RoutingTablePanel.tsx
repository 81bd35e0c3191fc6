import { memo, useMemo } from 'react';
import type { View } from '../../../engine/kademlia/view';
import { Panel, type TouchedBy } from '../../components/Panel';
import { bucketChanges } from './bucket-story';
import { BucketRow } from './BucketRow';
import { nodeName, shortHex } from './format';
import type { StepPanelProps } from './step-panel-props';

/** Runs of empty bucket indexes, far to near ("14–0"), for one quiet line instead of empty rows. */
function emptyRuns(used: readonly number[], bits: number): string[] {
  const set = new Set(used);
  const runs: string[] = [];
  let hi = -1;
  for (let i = bits - 1; i >= -1; i--) {
    const empty = i >= 0 && !set.has(i);
    if (empty && hi < 0) hi = i;
    if (!empty && hi >= 0) {
      runs.push(hi === i + 1 ? `${hi}` : `${hi}–${i + 1}`);
      hi = -1;
    }
  }
  return runs;
}

/** Events about one node's own table: they carry that node as `node`. */
const TABLE_EVENTS = new Set([
  'contact.added',
  'contact.moved',
  'lastSeen.updated',
  'oldest.pinged',
  'contact.evicted',
  'newcomer.dropped',
  'contact.replaced',
  'bucket.split',
]);

/**
 * What changes the drawn table: a new network or focus, an event of the focused node's own
 * table, or a crash or restart of one of its contacts (or of more nodes than the event lists).
 */
function tableTouched(focus: View['focus']): TouchedBy {
  const contacts = new Set(focus?.buckets.flatMap((b) => [...b.contacts, ...b.replacements].map((c) => c.index)));
  const node = focus?.node.index ?? -1;
  return (e) => {
    if (e.type === 'network.built' || e.type === 'focus.moved') return true;
    if (TABLE_EVENTS.has(e.type)) return 'node' in e && e.node === node;
    if (e.type !== 'node.crashed' && e.type !== 'node.restarted') return false;
    const listed = 'nodes' in e && Array.isArray(e.nodes) ? e.nodes : [];
    const cut = 'count' in e && typeof e.count === 'number' && e.count > listed.length;
    return cut || listed.some((x) => typeof x === 'number' && contacts.has(x));
  };
}

/**
 * The focused node's k-buckets as a panel. Its heading and its change mark follow `current`
 * (the frame on screen); the rows may follow a lagging frame (see KademliaPanels).
 */
export function RoutingTablePanel({ current, ...props }: StepPanelProps & { current?: View }) {
  const now = current ?? props.view;
  const focus = now.focus;
  const { k } = now.config;
  return (
    <Panel
      name="routing-table"
      title={
        <>
          Routing table (k-buckets){focus && ` of ${nodeName(focus.node)}`}
          {focus && <code className="title-id"> {shortHex(focus.node.id, 8)}</code>}
        </>
      }
      legend={
        <>
          Bucket <em>i</em> holds contacts at XOR distance 2<sup>i</sup> to 2<sup>i+1</sup>, up to k = {k}; least recently seen on the left.
          A full bucket PINGs its oldest before it takes a newcomer.
        </>
      }
      touchedBy={tableTouched(focus)}
      className="kad-table-panel"
    >
      <RoutingTableBody {...props} />
    </Panel>
  );
}

/** The focused node's k-buckets: one row per bucket, least recently seen on the left, filled against k. */
const RoutingTableBody = memo(function RoutingTableBody({ view, events, duration, step, nameOf }: StepPanelProps) {
  const focus = view.focus;
  const { k, bits } = view.config;
  const focusNode = focus?.node.index ?? -1;
  const changes = useMemo(() => (focusNode >= 0 ? bucketChanges(events, focusNode) : null), [events, focusNode]);
  const contacts = focus?.buckets.reduce((s, b) => s + b.contacts.length, 0) ?? 0;
  // Tree mode's own bucket covers a range; its index is the highest it covers.
  const used = focus?.buckets.filter((b) => !b.own).map((b) => b.index) ?? [];
  const ownLow = focus?.buckets.some((b) => b.own) ? 0 : -1;
  const empty = focus ? emptyRuns(ownLow === 0 ? [...used, ...Array.from({ length: bits - focus.depth }, (_, i) => i)] : used, bits) : [];
  return (
    <>
      {!focus ? (
        <p className="empty">No node to show yet.</p>
      ) : (
        <>
          <p className="table-summary">
            {contacts} contact(s) in {focus.buckets.length} bucket(s)
            {view.config.eviction === 'oldest-seen' ? ' · the article’s rule: sorted by last seen when full' : ''}
          </p>
          <ol className="buckets">
            {/* k > 8 rows key by position, so a new focus node (every lookup of a large network)
                updates the rows in place instead of unmounting and mounting them; k ≤ 8 rows key
                by bucket, as the article's presets tell one bucket's story step by step. */}
            {focus.buckets.map((b, j) => (
              <BucketRow
                key={k > 8 ? j : `${b.index}${b.own ? 'own' : ''}`}
                b={b}
                k={k}
                bits={bits}
                changes={changes!}
                duration={duration}
                stepKey={step}
                nameOf={nameOf}
              />
            ))}
          </ol>
          {empty.length > 0 && (
            <p className="empty-buckets">
              Empty: bucket{empty.length === 1 && !empty[0].includes('–') ? '' : 's'} {empty.join(', ')}
              {focus.buckets.length === 0 ? ' (this node knows nobody yet)' : ''}.
            </p>
          )}
        </>
      )}
    </>
  );
});
