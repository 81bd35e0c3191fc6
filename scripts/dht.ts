/**
 * Headless Kademlia runner: build a network on the lab's engine, run random lookups, print
 * JSON statistics.
 *
 *   npx tsx scripts/dht.ts --nodes N --bits B --k K --alpha A --lookups L --seed S [--churn P]
 *     [--table per-bit|tree] [--mode parallel|sequential] [--fill converged|joins] [--loss P]
 *     [--tables auto|derived|stored]
 *
 * --churn P takes a fraction P of the nodes down after the build, before the lookups.
 * --tables: settled routing tables derived on demand (the lab's choice above 1,024 nodes,
 * `auto`), or always derived, or always stored (the representation before issue 15; about
 * 3.7 KB a node). `memory` reports the process's peak RSS and the routing tables' bytes.
 */
import { parseArgs } from 'node:util';
import * as v from 'valibot';
import { kademliaLab } from '../src/engine/kademlia/engine';
import { type Table, writtenTables } from '../src/engine/kademlia/table';
import { ActionSchema, OptionsSchema } from '../src/engine/kademlia/schema';
import { applyAction, type EventOf, refusalIn } from '../src/engine/core/lab';
import type { State } from '../src/engine/kademlia/types';

const { values: args } = parseArgs({
  options: {
    nodes: { type: 'string', default: '1000' },
    bits: { type: 'string', default: '160' },
    k: { type: 'string', default: '20' },
    alpha: { type: 'string', default: '3' },
    lookups: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    churn: { type: 'string' },
    table: { type: 'string', default: 'per-bit' },
    mode: { type: 'string', default: 'parallel' },
    fill: { type: 'string', default: 'converged' },
    loss: { type: 'string', default: '0' },
    tables: { type: 'string', default: 'auto' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (args.help) {
  console.log(
    'usage: npx tsx scripts/dht.ts --nodes N --bits B --k K --alpha A --lookups L --seed S [--churn P] [--table per-bit|tree] [--mode parallel|sequential] [--fill converged|joins] [--loss P] [--tables auto|derived|stored]',
  );
  process.exit(0);
}

function fail(message: string): never {
  console.error(`dht: ${message}`);
  process.exit(2);
}

const options = v.safeParse(OptionsSchema, {
  bits: Number(args.bits),
  k: Number(args.k),
  alpha: Number(args.alpha),
  table: args.table,
  lookup: args.mode,
  loss: Number(args.loss),
});
if (!options.success) fail(`bad option ${v.getDotPath(options.issues[0]) ?? ''}: ${options.issues[0].message}`);
const seed = Number(args.seed);
if (!Number.isInteger(seed)) fail('--seed must be an integer');
const deriveFrom = { auto: 1025, derived: 0, stored: Number.MAX_SAFE_INTEGER }[args.tables];
if (deriveFrom === undefined) fail('--tables must be auto, derived or stored');
const kademlia = kademliaLab(deriveFrom);

/**
 * Bytes the routing tables use: per node (head, depth, pending), the slabs in use (arrays are
 * reserved ahead and grow by doubling; unused capacity is never touched), and for a derived
 * network its sorted IDs and stream states.
 */
function tableBytes(t: Table): number {
  const perNode = [t.head, t.depth, t.pending].reduce((sum, a) => sum + (a?.byteLength ?? 0), 0);
  const perSlab = 4 + 2 + 2 + 1 + t.k * (4 + 4 + 1) + t.r * 4;
  const s = t.settled;
  const settled = s ? s.sorted.byteLength + s.order.byteLength + s.pos.byteLength + s.streams.byteLength : 0;
  return perNode + t.used * perSlab + settled;
}

/** Validate an action as a scenario would, then run it; exit on a refusal. */
function run(state: State, action: unknown): { events: EventOf<typeof kademlia>[]; ms: number } {
  const parsed = v.safeParse(ActionSchema, action);
  if (!parsed.success) fail(`${JSON.stringify(action)}: ${v.getDotPath(parsed.issues[0]) ?? ''} ${parsed.issues[0].message}`);
  const start = performance.now();
  const events = applyAction(kademlia, state, parsed.output);
  const ms = performance.now() - start;
  const refused = refusalIn(events);
  if (refused !== null) fail(refused);
  return { events, ms };
}

const { state } = kademlia.init(options.output, seed);
const built = run(state, { type: 'build', nodes: Number(args.nodes), fill: args.fill });
if (args.churn !== undefined) run(state, { type: 'fail', fraction: Number(args.churn) });
const lookups = Number(args.lookups) > 0 ? run(state, { type: 'lookups', count: Number(args.lookups) }) : null;
const summary = lookups?.events.find((e) => e.type === 'lookups.measured');
const n = state.n;
const round = (x: number, places = 3) => Math.round(x * 10 ** places) / 10 ** places;

console.log(
  JSON.stringify(
    {
      nodes: n,
      alive: state.alive.subarray(0, n).reduce((a, b) => a + b, 0),
      config: {
        bits: state.cfg.bits,
        k: state.cfg.k,
        alpha: state.cfg.alpha,
        table: state.cfg.table,
        lookup: state.cfg.lookup,
        fill: args.fill,
        loss: state.cfg.loss,
        seed,
      },
      log2N: round(Math.log2(n)),
      lookups:
        summary?.type === 'lookups.measured'
          ? {
              count: summary.count,
              found: summary.found,
              successRate: round(summary.found / summary.count, 4),
              meanHops: round(summary.meanHops),
              hopHistogram: Object.fromEntries(summary.hops.map((h, i) => [i, h]).filter(([, h]) => h > 0)),
              meanMessages: round(summary.meanMessages),
              maintenancePings: state.stats.pings,
            }
          : null,
      memory: {
        peakRssMB: round(process.resourceUsage().maxRSS / 1024, 1),
        tableBytesPerNode: round(tableBytes(state.table) / n, 1),
        writtenTables: writtenTables(state.table, n),
      },
      timesMs: {
        build: round(built.ms, 1),
        lookups: lookups ? round(lookups.ms, 1) : null,
        perLookup: lookups ? round(lookups.ms / Number(args.lookups), 4) : null,
      },
    },
    null,
    2,
  ),
);
