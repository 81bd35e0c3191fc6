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

/**
 * The string options, each with what its value is (the usage line's word) and its default; one
 * without a default is off unless given.
 */
const STRING_OPTIONS = {
  nodes: ['N', '1000'],
  bits: ['B', '160'],
  k: ['K', '20'],
  alpha: ['A', '3'],
  lookups: ['L', '1000'],
  seed: ['S', '1'],
  churn: ['P'],
  table: ['per-bit|tree', 'per-bit'],
  mode: ['parallel|sequential', 'parallel'],
  fill: ['converged|joins', 'converged'],
  loss: ['P', '0'],
  tables: ['auto|derived|stored', 'auto'],
} as const satisfies Readonly<Record<string, readonly [value: string, fallback?: string]>>;
type StringOption = keyof typeof STRING_OPTIONS;
const optionEntries = Object.entries<readonly [value: string, fallback?: string]>(STRING_OPTIONS);

/** parseArgs' configuration of the string options: typed as strings, with the table's defaults. */
type StringOptions = {
  [K in StringOption]: (typeof STRING_OPTIONS)[K] extends readonly [string, string]
    ? { type: 'string'; default: string }
    : { type: 'string' };
};
const stringOptions = Object.fromEntries(
  optionEntries.map(([name, [, fallback]]) => [name, fallback === undefined ? { type: 'string' } : { type: 'string', default: fallback }]),
) as StringOptions;

const { values: args } = parseArgs({ options: { ...stringOptions, help: { type: 'boolean', short: 'h' } } });

if (args.help) {
  const words = optionEntries.map(([name, [value, fallback]]) => `[--${name} ${value}${fallback === undefined ? '' : ` (${fallback})`}]`);
  console.log(`usage: npx tsx scripts/dht.ts ${words.join(' ')}\n(defaults in parentheses)`);
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
