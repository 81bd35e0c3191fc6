import { refuse } from '../core/refusal';
import { attach, crash, promote, restart, rewind } from './failover';
import { connect, dropOnLink, linkOf, pump } from './net';
import type { Action, Event, Node, State } from './types';

/** The network and node actions: links, replay controls, crashes, failover. */

const own = <T>(r: Record<string, T>, k: string): T | undefined => (Object.hasOwn(r, k) ? r[k] : undefined);

/** The named nodes; refuses the action when one does not exist. */
function nodes(state: State, ...names: string[]): Node[] {
  const out: Node[] = [];
  for (const name of names) {
    const n = own(state.nodes, name);
    if (!n) refuse(`There is no node "${name}" (nodes: ${state.order.join(', ')}).`);
    out.push(n);
  }
  return out;
}

export function linkAction(state: State, a: Extract<Action, { type: 'partition' | 'heal' | 'latency' }>): Event[] {
  const link = linkOf(state, a.a, a.b);
  if (!link) refuse(`There is no link between "${a.a}" and "${a.b}" (nodes: ${state.order.join(', ')}).`);
  const out: Event[] = [];
  if (a.type === 'latency') {
    const max = a.max ?? a.min;
    if (max < a.min) refuse(`latency max (${max}) is below min (${a.min}).`);
    link.min = a.min;
    link.max = max;
    out.push({ type: 'latency.changed', a: a.a, b: a.b, min: link.min, max: link.max });
  } else if (a.type === 'partition') {
    if (link.cut) refuse(`The link ${a.a}–${a.b} is already cut.`);
    link.cut = true;
    out.push({ type: 'link.cut', a: a.a, b: a.b });
    dropOnLink(state, a.a, a.b, 'the link is cut', out);
  } else {
    if (!link.cut) refuse(`The link ${a.a}–${a.b} is not cut.`);
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

export function nodeAction(
  state: State,
  action: Exclude<Extract<Action, { node: string }>, { type: 'read' | 'begin-read' | 'standby-set' }>,
): Event[] {
  const [n, other] = nodes(state, action.node, ...('to' in action ? [action.to] : 'source' in action ? [action.source] : []));
  const out: Event[] = [];
  switch (action.type) {
    case 'apply-delay':
    case 'pause-replay':
    case 'resume-replay': {
      if (n.role !== 'standby') refuse(`${n.name} is not a standby (ERROR: recovery is not in progress).`);
      if (action.type === 'apply-delay') {
        n.applyDelay = action.ms;
        out.push({ type: 'setting.changed', node: n.name, name: 'recovery_min_apply_delay', value: action.ms });
      } else {
        n.replayPaused = action.type === 'pause-replay';
        out.push({ type: n.replayPaused ? 'replay.paused' : 'replay.resumed', node: n.name });
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
}
