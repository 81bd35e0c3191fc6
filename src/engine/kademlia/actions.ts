/** The actions that move the network: each takes the action's context and returns nothing; events go to `ctx.emit`. */
import { refuse } from '../core/refusal';
import { addNode, fillConverged, join, takenIds } from './build';
import { hashId, toHex } from './id';
import { idSet } from './id-set';
import { lookup } from './lookup';
import { type Ctx, heard, missed, rpc } from './network';
import { knows } from './table-queries';
import type { Action, Delivery, LookupTrace, State } from './types';

/** Most recent deliveries and measurements kept for the view and checks. */
const KEEP = 20;

type Of<T extends Action['type']> = Extract<Action, { type: T }>;

/** A node index from a name or an index, or -1 when the network has no such node. */
export function nodeIndex(st: State, ref: number | string): number {
  if (typeof ref === 'number') return Number.isInteger(ref) && ref >= 0 && ref < st.n ? ref : -1;
  return Object.hasOwn(st.names, ref) ? st.names[ref] : -1;
}

/** A node index from a name or an index; refuses the action when there is no such node. */
export function resolve(st: State, ref: number | string): number {
  const x = nodeIndex(st, ref);
  if (x >= 0) return x;
  return typeof ref === 'number'
    ? refuse(`There is no node #${ref} (the network has ${st.n}).`)
    : refuse(`There is no node named "${ref}".`);
}

function requireUp(st: State, node: number, role: string): void {
  if (st.alive[node] === 0) refuse(`${role} (node #${node}) is down.`);
}

/** Uniform random live node other than `not` (-1 when there is none). */
export function randomLive(ctx: Ctx, not = -1): number {
  const { st } = ctx;
  for (let tries = 0; tries < 64; tries++) {
    const x = ctx.rnd.int(st.n);
    if (st.alive[x] === 1 && x !== not) return x;
  }
  const live: number[] = [];
  for (let x = 0; x < st.n; x++) if (st.alive[x] === 1 && x !== not) live.push(x);
  return live.length === 0 ? -1 : live[ctx.rnd.int(live.length)];
}

export function build(ctx: Ctx, a: Of<'build'>): void {
  const { st } = ctx;
  if (st.n > 0) refuse('The network is already built; use join to add nodes.');
  const names = a.names ?? [];
  if (names.length > a.nodes) refuse(`${names.length} names for ${a.nodes} nodes.`);
  if (a.nodes > 2 ** st.cfg.bits) refuse(`${a.nodes} nodes do not fit in ${st.cfg.bits}-bit IDs.`);
  const fill = a.fill ?? 'converged';
  const taken = idSet(a.nodes);
  const firstPort = st.nextPort;
  const quiet: Ctx = { ...ctx, emit: null };
  for (let i = 0; i < a.nodes; i++) {
    const x = addNode(quiet, taken);
    if (x < 0) refuse(`No unused ${st.cfg.bits}-bit ID left after ${i} nodes.`);
    if (i < names.length) st.names[names[i]] = x;
    if (fill === 'joins' && x > 0) join(quiet, x, randomLive(quiet, x));
  }
  if (fill === 'converged') fillConverged(quiet);
  ctx.time = quiet.time;
  const skippedPorts = st.cfg.idMode === 'sha1' ? st.nextPort - firstPort - a.nodes : 0;
  ctx.emit?.({ type: 'network.built', nodes: st.n, fill, skippedPorts });
}

/** A new node joins through `via` (or a random live node). */
export function joinNew(ctx: Ctx, name: string | undefined, via: number): number {
  const { st } = ctx;
  if (name !== undefined && Object.hasOwn(st.names, name)) refuse(`A node is already named "${name}".`);
  const x = addNode(ctx, takenIds(st));
  if (x < 0) refuse('No unused ID is left.');
  if (name !== undefined) st.names[name] = x;
  ctx.emit?.({ type: 'node.joined', node: x, id: toHex(st.ids, x * st.words, st.words, st.cfg.bits), via });
  join(ctx, x, via);
  return x;
}

export function ping(ctx: Ctx, from: number, to: number): void {
  requireUp(ctx.st, from, 'The sender');
  if (rpc(ctx, from, to, 'PING').ok) {
    heard(ctx, to, from);
    heard(ctx, from, to);
  } else missed(ctx, from, to);
}

function idOf(st: State, node: number): Uint32Array {
  return st.ids.slice(node * st.words, node * st.words + st.words);
}

export function lookupNode(ctx: Ctx, from: number, target: number): LookupTrace {
  requireUp(ctx.st, from, 'The initiator');
  return lookup(ctx, { from, target: idOf(ctx.st, target), targetNode: target, kind: 'FIND_NODE' });
}

/** `count` lookups between random live nodes, silently; returns the last trace. */
export function lookupMany(ctx: Ctx, count: number): LookupTrace | null {
  const quiet: Ctx = { ...ctx, emit: null };
  let last: LookupTrace | null = null;
  for (let i = 0; i < count; i++) {
    const from = randomLive(quiet);
    const to = randomLive(quiet, from);
    if (from < 0 || to < 0) refuse('Lookups need two live nodes.');
    last = lookupNode(quiet, from, to);
  }
  ctx.time = quiet.time;
  return last;
}

/** STORE a value on the k nodes closest to SHA-1(key) that answered the lookup. */
export function store(ctx: Ctx, from: number, key: string, value: string): LookupTrace {
  const { st } = ctx;
  requireUp(st, from, 'The publisher');
  const keyId = hashId(key, st.cfg.bits);
  const keyHex = toHex(keyId, 0, st.words, st.cfg.bits);
  const trace = lookup(ctx, { from, target: keyId, targetNode: -1, kind: 'FIND_NODE' });
  const holders = trace.closest.filter((h) => rpc(ctx, from, h, 'STORE').ok);
  st.values[keyHex] = { key, value, holders };
  ctx.emit?.({ type: 'value.stored', key, keyId: keyHex, holders });
  return trace;
}

/** FIND_VALUE; on success the value is also cached on the closest answering node that lacked it (the paper, 2.3). */
export function findValue(ctx: Ctx, from: number, key: string): LookupTrace {
  const { st } = ctx;
  requireUp(st, from, 'The reader');
  const keyId = hashId(key, st.cfg.bits);
  const keyHex = toHex(keyId, 0, st.words, st.cfg.bits);
  const trace = lookup(ctx, { from, target: keyId, targetNode: -1, kind: 'FIND_VALUE', keyHex });
  st.lastValue = { key, value: trace.value };
  if (trace.value === null) {
    ctx.emit?.({ type: 'value.missed', key });
    return trace;
  }
  ctx.emit?.({ type: 'value.found', key, value: trace.value, at: trace.path[trace.path.length - 1], hops: trace.hops });
  const entry = st.values[keyHex];
  const cacheAt = trace.closest.find((c) => !entry.holders.includes(c));
  if (cacheAt !== undefined && rpc(ctx, from, cacheAt, 'STORE').ok) st.values[keyHex] = { ...entry, holders: [...entry.holders, cacheAt] };
  return trace;
}

/**
 * The article's messaging: send straight to a peer the routing table knows; otherwise
 * look it up first, then deliver to the address the lookup found.
 */
export function sendMessage(ctx: Ctx, from: number, to: number, text: string): LookupTrace | null {
  const { st } = ctx;
  requireUp(st, from, 'The sender');
  const direct = knows(st.table, st.ids, st.words, from, to);
  ctx.emit?.({ type: 'msg.sent', from, to, text, direct });
  const trace = direct ? null : lookupNode(ctx, from, to);
  let delivered = false;
  if (trace && !trace.found) ctx.emit?.({ type: 'msg.lost', from, to, reason: 'the lookup did not reach the recipient' });
  else if (rpc(ctx, from, to, 'MESSAGE').ok) {
    delivered = true;
    heard(ctx, to, from);
    ctx.emit?.({ type: 'msg.delivered', from, to, text });
  } else ctx.emit?.({ type: 'msg.lost', from, to, reason: 'no answer' });
  const d: Delivery = { from, to, text, direct, delivered };
  st.deliveries = [...st.deliveries.slice(-(KEEP - 1)), d];
  return trace;
}

/** Take nodes down: the named ones, or a random fraction of those up. */
export function fail(ctx: Ctx, nodes: number[] | null, fraction: number): void {
  const { st } = ctx;
  let down = nodes ?? [];
  if (!nodes) {
    const live: number[] = [];
    for (let x = 0; x < st.n; x++) if (st.alive[x] === 1) live.push(x);
    const count = Math.round(live.length * fraction);
    for (let i = 0; i < count; i++) {
      const j = i + ctx.rnd.int(live.length - i);
      [live[i], live[j]] = [live[j], live[i]];
    }
    down = live.slice(0, count);
  }
  for (const x of down) st.alive[x] = 0;
  let alive = 0;
  for (let x = 0; x < st.n; x++) alive += st.alive[x];
  ctx.emit?.({ type: 'node.crashed', count: down.length, nodes: down.slice(0, 64), alive });
}

/** Record a measurement, newest last. */
export function measure(st: State, m: State['measures'][number]): void {
  st.measures = [...st.measures.slice(-(KEEP - 1)), m];
}
