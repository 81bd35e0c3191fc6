/** Labels, narration and fork suggestions for the Kademlia lab: exactly the lab's `label`, `describe` and `suggest` (engine.ts spreads this module into the lab). */
import type { RefusedEvent, Suggestion } from '../core/lab';
import type { Action, Event, NodeRef, State } from './types';

const node = (r: NodeRef) => (typeof r === 'number' ? `#${r}` : r);
const pct = (f: number) => `${Math.round(f * 100)}%`;

/** An action as a short line for the timeline and the fork menu. */
export function label(a: Action): string {
  switch (a.type) {
    case 'build':
      return `Build ${a.nodes.toLocaleString('en')} nodes (${a.fill ?? 'converged'})`;
    case 'join':
      return `${a.name ?? 'A new node'} joins via ${node(a.via)}`;
    case 'add-contact':
      return `${node(a.node)} hears from ${node(a.contact)}`;
    case 'ping':
      return `${node(a.from)} PINGs ${node(a.to)}`;
    case 'lookup':
      return `${node(a.from)} looks up ${a.target !== undefined ? node(a.target) : a.id}`;
    case 'lookups':
      return `${a.count.toLocaleString('en')} random lookups`;
    case 'store':
      return `${node(a.from)} stores "${a.key}"`;
    case 'find-value':
      return `${node(a.from)} finds "${a.key}"`;
    case 'send-message':
      return `${node(a.from)} sends "${a.text}" to ${node(a.to)}`;
    case 'fail':
      return a.nodes ? `${a.nodes.map(node).join(', ')} go down` : `${pct(a.fraction ?? 0)} of the nodes go down`;
    case 'revive':
      return `${a.nodes.map(node).join(', ')} come back`;
    case 'churn':
      return `Churn: ${pct(a.fail)} leave${a.join ? `, ${a.join} join` : ''}`;
    case 'refresh':
      return `${node(a.node)} refreshes its buckets`;
    case 'tick':
      return `${a.ms} ms pass`;
    case 'focus':
      return `Show ${node(a.node)}'s routing table`;
    case 'distance':
      return `XOR distance ${node(a.a)} ↔ ${node(a.b)}`;
    case 'distances':
      return `XOR distances from ${node(a.from)}`;
    case 'survey': {
      const f = a.failed ?? [0];
      return `Survey ${a.sizes.map((n) => n.toLocaleString('en')).join(', ')} nodes${f.length > 1 || f[0] > 0 ? ` at ${f.map(pct).join(', ')} down` : ''}${a.k === undefined ? '' : `, k = ${a.k}`}, ${a.lookups} lookups each`;
    }
  }
}

type Told = Event | RefusedEvent;
const count = (events: readonly Told[], type: Told['type']) => events.filter((e) => e.type === type).length;

/** One narrator's sentence for a step, when a preset gives none. */
export function describe(events: readonly Told[], action: Action | undefined): string {
  const refused = events.find((e) => e.type === 'action.refused');
  if (refused?.type === 'action.refused') return `Refused: ${refused.message}`;
  const done = events.find((e) => e.type === 'lookup.finished');
  const first = events[0];
  if (first?.type === 'lab.started') return `An empty ${first.bits}-bit ID space, k = ${first.k}, α = ${first.alpha}.`;
  if (first?.type === 'network.built')
    return `${first.nodes.toLocaleString('en')} nodes, routing tables ${first.fill === 'converged' ? 'filled as in a settled network' : first.fill === 'joins' ? 'built by joining one by one' : 'empty'}.`;
  if (action?.type === 'lookups') {
    const s = events.find((e) => e.type === 'lookups.measured');
    if (s?.type === 'lookups.measured')
      return `${s.count} lookups: ${s.found} found their target, ${s.meanHops.toFixed(2)} hops and ${s.meanMessages.toFixed(1)} messages on average.`;
  }
  if (first?.type === 'network.surveyed')
    return (
      first.points
        .map(
          (p) =>
            `${p.nodes.toLocaleString('en')} nodes${p.failed > 0 ? `, ${pct(p.failed)} down` : ''}: ${p.meanHops.toFixed(2)} hops, ${((100 * p.found) / Math.max(1, p.lookups)).toFixed(1)}% found`,
        )
        .join('; ') + '.'
    );
  if (events.some((e) => e.type === 'msg.delivered')) {
    const sent = events.find((e) => e.type === 'msg.sent');
    if (sent?.type === 'msg.sent' && !sent.direct && done?.type === 'lookup.finished')
      return `The recipient was not in the routing table: a lookup found it in ${done.hops} hop(s), then the message went straight to it.`;
    return 'The recipient is in the routing table: the message goes straight to it.';
  }
  if (done?.type === 'lookup.finished')
    return `The lookup ${done.found ? 'succeeded' : 'did not find its target'} after ${done.rounds} round(s), ${done.messages} RPCs and ${done.hops} hop(s).`;
  const ping = events.find((e) => e.type === 'oldest.pinged');
  if (ping?.type === 'oldest.pinged') {
    if (events.some((e) => e.type === 'contact.evicted'))
      return 'The bucket is full; its least recently seen contact does not answer the PING and is evicted for the newcomer.';
    return 'The bucket is full; its least recently seen contact answers the PING, so it stays and the newcomer goes to the replacement cache.';
  }
  if (count(events, 'contact.added') > 0) return 'The contact goes at the tail of its bucket: most recently seen.';
  if (count(events, 'contact.moved') > 0) return 'A known contact is seen again and moves to the tail of its bucket.';
  if (first?.type === 'node.crashed') return `${first.count} node(s) go down; ${first.alive} stay up.`;
  if (first?.type === 'distance.measured')
    return first.measure.kind === 'pair'
      ? `d(a, b) = ${first.measure.ab} and d(b, a) = ${first.measure.ba}: XOR is symmetric.`
      : `Distances from one node to all others: ${first.measure.distinct ? 'all different' : 'some equal'}.`;
  return action ? `${label(action)}.` : '';
}

/** What a user may do next at this step. */
export function suggest(st: State): Suggestion<Action>[] {
  if (st.n === 0) return [{ label: 'Build 100 nodes', action: { type: 'build', nodes: 100 } }];
  const from = st.focus >= 0 ? st.focus : 0;
  const to = (from + Math.max(1, Math.floor(st.n / 2))) % st.n;
  return [
    { label: `Look up #${to} from #${from}`, action: { type: 'lookup', from, target: to } },
    { label: 'Run 100 random lookups', action: { type: 'lookups', count: 100 } },
    { label: 'Take 30% of the nodes down', action: { type: 'fail', fraction: 0.3 } },
    { label: `A new node joins via #${from}`, action: { type: 'join', via: from } },
    { label: `Store "hello" from #${from}`, action: { type: 'store', from, key: 'hello', value: 'world' } },
  ];
}
