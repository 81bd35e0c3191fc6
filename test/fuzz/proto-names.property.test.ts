import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { refusalIn } from '../../src/engine/core/lab';
import type { LabId } from '../../src/engine/scenario/schema';
import { parseScenario, ScenarioError } from '../../src/engine/scenario/schema';
import { PRESETS_BY_LAB } from '../../src/scenarios';
import { createEngineHost } from '../../src/worker/host';
import { PROTO_NAMES } from './arbitrary';
import { HEAVY as KADEMLIA_HEAVY } from '../../src/scenarios/kademlia/presets';

/** Presets that build large networks: the names are the point here, not the size. */
const HEAVY = new Set<string>([...KADEMLIA_HEAVY, 'kademlia-churn-sweep', 'kademlia-lookup-1000', 'kademlia-churn']);

/** Strings of a scenario that look like names (tables, keys, columns, nodes, sessions, gids...). */
function namesIn(x: unknown, out = new Set<string>()): Set<string> {
  if (typeof x === 'string' && /^[A-Za-z_][A-Za-z0-9_-]{0,31}$/.test(x)) out.add(x);
  else if (Array.isArray(x)) for (const y of x) namesIn(y, out);
  else if (typeof x === 'object' && x !== null)
    for (const [k, y] of Object.entries(x)) {
      namesIn(k, out);
      namesIn(y, out);
    }
  return out;
}

/** The scenario with each name replaced as `rename` says, in keys and values alike (as JSON.parse builds a link's data). */
function renamed(x: unknown, rename: ReadonlyMap<string, string>): unknown {
  const json = JSON.stringify(x, (_, v: unknown) => (typeof v === 'string' && rename.has(v) ? rename.get(v) : v));
  return JSON.parse(
    json.replace(/"([A-Za-z_][A-Za-z0-9_-]{0,31})":/g, (m, k: string) => (rename.has(k) ? `${JSON.stringify(rename.get(k))}:` : m)),
  );
}

const light = (lab: LabId) => PRESETS_BY_LAB[lab].filter((p) => !HEAVY.has(p.preset ?? ''));
/** Every lab whose scenarios name things: the pool lab's actions speak of counts and times only. */
const LABS = (Object.keys(PRESETS_BY_LAB) as LabId[]).filter((lab) => lab !== 'pool');

describe('When a scenario names things as JavaScript names its own properties', () => {
  for (const lab of LABS) {
    it(`${lab}: every name of Object.prototype as a table, key, column, node, session or gid is refused or runs, never crashes (seed 16)`, () => {
      const presets = light(lab);
      const arb = fc.record({
        preset: fc.nat({ max: presets.length - 1 }),
        picks: fc.array(fc.constantFrom(...PROTO_NAMES), { minLength: 1, maxLength: 6 }),
        which: fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
        everywhere: fc.boolean(),
      });
      const outcomes = { ran: 0, refusedInput: 0, refusedStep: 0 };
      fc.assert(
        fc.property(arb, ({ preset, picks, which, everywhere }) => {
          const scenario = presets[preset];
          // Keep the lab's own vocabulary (action types, settings, isolation levels): only rename what the scenario named.
          const names = [...namesIn({ options: scenario.options, steps: scenario.steps.map((s) => s.do) })].filter((n) => !RESERVED.has(n));
          if (names.length === 0) return;
          const rename = new Map(picks.map((p, i) => [names[which[i % which.length] % names.length], p]));
          // Everywhere (the thing exists under that name), or in the steps only (an action names what does not exist).
          const steps = renamed(scenario.steps, rename);
          const data = everywhere
            ? renamed({ ...scenario, expect: undefined, preset: undefined }, rename)
            : { ...scenario, expect: undefined, preset: undefined, steps };
          const host = createEngineHost();
          try {
            const { frame } = host.load(parseScenario(data));
            const { steps } = host.runTo(frame.total);
            host.seek(0);
            host.seek(frame.total);
            if (steps.some((s) => refusalIn(s.events) !== null)) outcomes.refusedStep++;
            else outcomes.ran++;
          } catch (e) {
            if (!(e instanceof ScenarioError)) throw e;
            expect(e.message.length).toBeLessThanOrEqual(300);
            outcomes.refusedInput++;
          }
        }),
        { seed: 16, numRuns: 150 },
      );
      expect(outcomes.ran + outcomes.refusedStep).toBeGreaterThan(0);
    });
  }
});

/** Words of the labs' own vocabulary that look like names: renaming them tests the schema, not the name lookups. */
const RESERVED = new Set<string>([
  'type',
  'do',
  'say',
  'name',
  'value',
  'key',
  'tx',
  'table',
  'values',
  'set',
  'add',
  'node',
  'nodes',
  'via',
  'from',
  'to',
  'gid',
  'writes',
  'session',
  'sql',
  'ms',
  'n',
  'count',
  'rows',
  'participants',
  'standbys',
  'sessions',
  'setup',
  'begin',
  'commit',
  'rollback',
  'insert',
  'update',
  'delete',
  'abort',
  'read',
  'write',
  'crash',
  'recover',
  'checkpoint',
  'tick',
  'run',
  'deliver',
  'drop',
  'advance',
  'rate',
  'burst',
  'request',
  'script',
  'clients',
  'terminate',
  'next',
  'build',
  'join',
  'lookup',
  'lookups',
  'store',
  'ping',
  'fail',
  'revive',
  'churn',
  'refresh',
  'focus',
  'distance',
  'distances',
  'survey',
  'partition',
  'heal',
  'latency',
  'promote',
  'attach',
  'rewind',
  'restart',
  'cancel',
  'min',
  'max',
  'primary',
  'at',
  'now',
  'prepared',
  'loss',
  'timeout',
  'local',
  'voteNo',
  'pool',
  'server',
  'costs',
  'fill',
  'names',
  'converged',
  'joins',
  'empty',
  'target',
  'contact',
  'text',
  'fraction',
  'sizes',
  'failed',
  'k',
  'bits',
  'alpha',
  'idMode',
  'seed',
  'sha1',
  'host',
  'basePort',
  'eviction',
  'lru',
  'parallel',
  'sequential',
  'pooled',
  'compare',
  'perSecond',
  'serviceMs',
  'thinkMs',
  'overMs',
  'atMs',
  'leak',
  'arrivals',
  'distribution',
  'exponential',
  'fixed',
  'maxMs',
  'conn',
  'bucketMs',
  'windowMs',
  'lanes',
  'spread',
  'frames',
  'tables',
  'node_modules',
  'synchronous_commit',
  'synchronous_standby_names',
  'off',
  'on',
  'remote_write',
  'remote_apply',
  'isolation',
  'defaultIsolation',
  'firstXid',
  'textbookDirtyReads',
  'a',
  'b',
  'b1',
  'id',
  'ms',
  'quiet',
  'max_prepared_transactions',
  'mode',
  'kind',
  'full_page_writes',
  'checkpoint_timeout',
  'max_wal_size',
  'checkpoint_completion_target',
  'bgwriter_lru_maxpages',
  'bgwriter_delay',
  'wal_writer_delay',
  'commit_delay',
  'commit_siblings',
  'wal_buffers',
  'pause-replay',
  'resume-replay',
  'apply-delay',
  'add-contact',
  'find-value',
  'send-message',
  'decision-logged',
  'idleTimeoutMillis',
  'connectionTimeoutMillis',
  'max_connections',
  'rttMs',
  'authRoundTrips',
  'backendStartMs',
  'step',
]);
