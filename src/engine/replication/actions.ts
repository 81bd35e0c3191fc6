import { attach, crash, promote, restart, rewind } from './failover';
import { connect, dropOnLink, linkOf, pump } from './net';
import type { Action, Event, Node, State } from './types';

/** The network and node actions: links, replay controls, crashes, failover. */

const fail = (message: string): Event[] => [{ type: 'error', message }];
const own = <T>(r: Record<string, T>, k: string): T | undefined => (Object.hasOwn(r, k) ? r[k] : undefined);

function nodes(state: State, ...names: string[]): Node[] | string {
  const out: Node[] = [];
  for (const name of names) {
    const n = own(state.nodes, name);
    if (!n) return `There is no node "${name}" (nodes: ${state.order.join(', ')}).`;
    out.push(n);
  }
  return out;
}

export function linkAction(state: State, a: Extract<Action, { type: 'partition' | 'heal' | 'latency' }>): Event[] {
  const link = linkOf(state, a.a, a.b);
  if (!link) return fail(`There is no link between "${a.a}" and "${a.b}" (nodes: ${state.order.join(', ')}).`);
  const out: Event[] = [];
  if (a.type === 'latency') {
    const max = a.max ?? a.min;
    if (max < a.min) return fail(`latency max (${max}) is below min (${a.min}).`);
    link.min = a.min;
    link.max = max;
    out.push({ type: 'link.latency', a: a.a, b: a.b, min: link.min, max: link.max });
  } else if (a.type === 'partition') {
    if (link.cut) return fail(`The link ${a.a}–${a.b} is already cut.`);
    link.cut = true;
    out.push({ type: 'link.cut', a: a.a, b: a.b });
    dropOnLink(state, a.a, a.b, 'the link is cut', out);
  } else {
    if (!link.cut) return fail(`The link ${a.a}–${a.b} is not cut.`);
    link.cut = false;
    out.push({ type: 'link.healed', a: a.a, b: a.b });
    // The walreceiver reconnects and asks for WAL from its flush position.
    for (const [s, p] of [
      [a.a, a.b],
      [a.b, a.a],
    ]) {
      const n = state.nodes[s];
      if (n.up && n.role === 'standby' && n.upstream === p && !n.refused) connect(state, n);
    }
  }
  return out;
}

export function nodeAction(state: State, action: Extract<Action, { node: string }>): Event[] {
  const found = nodes(state, action.node, ...('to' in action ? [action.to] : 'source' in action ? [action.source] : []));
  if (typeof found === 'string') return fail(found);
  const [n, other] = found;
  const out: Event[] = [];
  switch (action.type) {
    case 'apply-delay':
    case 'pause-replay':
    case 'resume-replay': {
      if (n.role !== 'standby') return fail(`${n.name} is not a standby (ERROR: recovery is not in progress).`);
      if (action.type === 'apply-delay') {
        n.applyDelay = action.ms;
        out.push({ type: 'apply.delay', node: n.name, ms: action.ms });
      } else {
        n.replayPaused = action.type === 'pause-replay';
        out.push({ type: 'replay.paused', node: n.name, paused: n.replayPaused });
      }
      return out;
    }
    case 'crash':
      return crash(state, n);
    case 'restart':
      return restart(state, n);
    case 'promote': {
      const events = promote(state, n);
      pump(state, events);
      return events;
    }
    case 'attach':
      return attach(state, n, other);
    case 'rewind':
      return rewind(state, n, other);
  }
  return fail('Unknown action.');
}
