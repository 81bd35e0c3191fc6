/**
 * The Kademlia lab's engine at scale, in Node: building a 100,000-node network, 10,000
 * lookups on it, memory per node, and the routing table's add and closest operations side
 * by side with the `k-bucket` package (same IDs, same k, same run).
 *
 * The side-by-side uses the paper's tree table (k-bucket's structure: only the bucket
 * covering the own ID splits) with every contact alive, so both keep the same contacts;
 * our add also simulates the PING of the oldest contact when a bucket is full, which
 * k-bucket leaves to its caller (it only emits a `ping` event). Since nearly every one of
 * the 100,000 adds meets a full bucket, that figure is mostly the full-bucket path; the
 * "add below capacity" pair times only adds that find room (the contacts both tables kept,
 * re-added to emptied tables), where neither side pings.
 */
import KBucket from 'k-bucket';
import { applyAction } from '../src/engine/core/lab';
import { kademlia } from '../src/engine/kademlia/engine';
import { type Ctx, heard } from '../src/engine/kademlia/network';
import { sfc32 } from '../src/engine/kademlia/rand';
import type { Table } from '../src/engine/kademlia/table';
import { closest, contactCount } from '../src/engine/kademlia/table-queries';
import type { State } from '../src/engine/kademlia/types';
import { median, round } from './stats';
import type { Bench, Figure } from './types';

const NODES = 100_000;
const LOOKUPS = 10_000;
const CONTACTS = 100_000;
const QUERIES = 20_000;
const ROUNDS = 5;
const WARMUP = 3;

const gc = (globalThis as { gc?: () => void }).gc;

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const value = fn();
  return [value, performance.now() - t0];
}

function memory(): number {
  gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function tableBytes(t: Table): number {
  return [t.head, t.depth, t.next, t.key, t.count, t.rcount, t.contact, t.seen, t.fails, t.repl].reduce((sum, a) => sum + a.byteLength, 0);
}

/** The contacts `node`'s table holds, in arrival order (node indexes were added in ascending order). */
function keptContacts(t: Table, node: number): number[] {
  const out: number[] = [];
  for (let s = t.head[node]; s >= 0; s = t.next[s]) for (let j = 0; j < t.count[s]; j++) out.push(t.contact[s * t.k + j]);
  return out.sort((a, b) => a - b);
}

function bytesOf(st: State, x: number): Uint8Array {
  const out = new Uint8Array(st.words * 4);
  for (let w = 0; w < st.words; w++) for (let b = 0; b < 4; b++) out[w * 4 + b] = (st.ids[x * st.words + w] >>> (24 - 8 * b)) & 255;
  return out;
}

/**
 * Add CONTACTS random contacts to one table, then QUERIES closest-20 queries, ours and
 * k-bucket's alternately for ROUNDS rounds on fresh tables; the median round counts (after
 * WARMUP rounds, so neither side pays for the JIT).
 */
function sideBySide(log: (m: string) => void): Figure[] {
  const { state: empty } = kademlia.init({ table: 'tree', k: 20 }, 5);
  applyAction(kademlia, empty, { type: 'build', nodes: CONTACTS + 1, fill: 'empty' });
  const contacts = Array.from({ length: CONTACTS }, (_, i) => ({ id: bytesOf(empty, i + 1), node: i + 1 }));
  const targets = Array.from({ length: QUERIES }, (_, i) => {
    const r = sfc32(i);
    return Uint32Array.from({ length: empty.words }, () => r.int(2 ** 32));
  });
  const targetBytes = targets.map((t) => {
    const out = new Uint8Array(t.length * 4);
    for (let w = 0; w < t.length; w++) for (let b = 0; b < 4; b++) out[w * 4 + b] = (t[w] >>> (24 - 8 * b)) & 255;
    return out;
  });
  const samples = {
    ourAdd: [] as number[],
    kbAdd: [] as number[],
    ourClosest: [] as number[],
    kbClosest: [] as number[],
    ourRoom: [] as number[],
    kbRoom: [] as number[],
  };
  let roomAdds = 0;
  let agree = true;
  let held = '';
  for (let r = 0; r < WARMUP + ROUNDS; r++) {
    const state = kademlia.clone!(empty);
    const ctx: Ctx = { st: state, rnd: sfc32(1), emit: null, round: 0, time: 0 };
    const kb = new KBucket({ localNodeId: bytesOf(state, 0), numberOfNodesPerKBucket: 20 });
    const [, ourAdd] = time(() => {
      for (let c = 1; c <= CONTACTS; c++) heard(ctx, 0, c);
    });
    const [, kbAdd] = time(() => {
      for (const c of contacts) kb.add(c);
    });
    const out: number[] = [];
    const ours: number[] = [];
    const theirs: number[] = [];
    const [, ourClosest] = time(() => {
      for (const t of targets) ours.push(closest(state.table, state.ids, state.words, 0, t, 0, 20, -1, out)[0]);
    });
    const [, kbClosest] = time(() => {
      for (const t of targetBytes) theirs.push((kb.closest(t, 20)[0] as unknown as { node: number }).node);
    });
    agree &&= ours.every((x, i) => x === theirs[i]);
    // Below capacity: the contacts the tables kept, in arrival order, re-added to emptied tables.
    const kept = keptContacts(state.table, 0);
    const reps = Math.ceil(CONTACTS / kept.length);
    roomAdds = reps * kept.length;
    const t = state.table;
    const [, ourRoom] = time(() => {
      for (let rep = 0; rep < reps; rep++) {
        t.head[0] = -1;
        t.depth[0] = 0;
        t.used = 0;
        for (const c of kept) heard(ctx, 0, c);
      }
    });
    const keptBytes = kept.map((c) => contacts[c - 1]);
    const [, kbRoom] = time(() => {
      for (let rep = 0; rep < reps; rep++) {
        const fresh = new KBucket({ localNodeId: kb.localNodeId, numberOfNodesPerKBucket: 20 });
        for (const c of keptBytes) fresh.add(c);
      }
    });
    agree &&= contactCount(t, 0) === kept.length;
    held = `${kademlia.view(state).focus?.node.contacts ?? 0} / ${kb.count()}`;
    if (r < WARMUP) continue;
    samples.ourAdd.push(ourAdd);
    samples.kbAdd.push(kbAdd);
    samples.ourClosest.push(ourClosest);
    samples.kbClosest.push(kbClosest);
    samples.ourRoom.push(ourRoom);
    samples.kbRoom.push(kbRoom);
  }
  log(`dht: side by side, both tables hold ${held} contacts; closest answers and below-capacity refills agree: ${agree}`);
  const ops = (n: number, ms: number[]) => round(n / (median(ms) / 1000), 0);
  const note = `median of ${ROUNDS} alternating rounds; target: k-bucket in the same run`;
  const kbAdd = ops(CONTACTS, samples.kbAdd);
  const kbClosest = ops(QUERIES, samples.kbClosest);
  const kbRoom = ops(roomAdds, samples.kbRoom);
  return [
    { name: 'table add (ours)', value: ops(CONTACTS, samples.ourAdd), unit: 'ops/s', target: { op: '>=', value: kbAdd }, note },
    { name: 'table add (k-bucket)', value: kbAdd, unit: 'ops/s' },
    {
      name: 'table add below capacity (ours)',
      value: ops(roomAdds, samples.ourRoom),
      unit: 'ops/s',
      target: { op: '>=', value: kbRoom },
      note: `${roomAdds.toLocaleString('en')} adds that all find room (no PING, no eviction); ${note}`,
    },
    { name: 'table add below capacity (k-bucket)', value: kbRoom, unit: 'ops/s' },
    { name: 'closest-20 (ours)', value: ops(QUERIES, samples.ourClosest), unit: 'ops/s', target: { op: '>=', value: kbClosest }, note },
    { name: 'closest-20 (k-bucket)', value: kbClosest, unit: 'ops/s' },
  ];
}

const dht: Bench = {
  title: `Kademlia engine: ${NODES.toLocaleString('en')}-node build, ${LOOKUPS.toLocaleString('en')} lookups, table ops vs k-bucket (Node)`,
  async run(ctx) {
    // The side-by-side runs first, while both libraries' functions are fresh to the JIT.
    const versus = sideBySide(ctx.log);
    const before = memory();
    const { state } = kademlia.init({}, 1);
    const [, buildMs] = time(() => applyAction(kademlia, state, { type: 'build', nodes: NODES }));
    const after = memory();
    const [events, lookupMs] = time(() => applyAction(kademlia, state, { type: 'lookups', count: LOOKUPS }));
    const s = events[0].type === 'lookups.measured' ? events[0] : null;
    ctx.log(
      `dht: ${s?.found}/${s?.count} lookups found their target, ${s?.meanHops.toFixed(2)} hops and ${s?.meanMessages.toFixed(1)} RPCs on average (log2 N = ${Math.log2(NODES).toFixed(1)})`,
    );
    const memNote = gc
      ? 'process heap + array buffers after gc'
      : 'global.gc not exposed (run node with --expose-gc for a steadier figure): heap + array buffers, no gc';
    const figures: Figure[] = [
      { name: `build ${NODES.toLocaleString('en')} nodes`, value: round(buildMs, 0), unit: 'ms', target: { op: '<', value: 10_000 } },
      { name: `${LOOKUPS.toLocaleString('en')} lookups`, value: round(lookupMs, 0), unit: 'ms', target: { op: '<', value: 2000 } },
      { name: 'lookup success', value: s ? round((100 * s.found) / s.count, 2) : 0, unit: '%' },
      { name: 'mean hops', value: s ? round(s.meanHops, 2) : 0, unit: 'hops', note: `log2 N = ${round(Math.log2(NODES), 2)}` },
      { name: 'mean RPCs per lookup', value: s ? round(s.meanMessages, 1) : 0, unit: 'msgs' },
      { name: 'memory per node', value: round((after - before) / NODES, 0), unit: 'B', note: memNote },
      {
        name: 'routing tables per node',
        value: round(tableBytes(state.table) / NODES, 0),
        unit: 'B',
        note: 'typed-array bytes held by the tables (exact)',
      },
    ];
    return [...figures, ...versus];
  },
};

export default dht;
