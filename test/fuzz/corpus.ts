/**
 * The fuzz corpus: scenario files (plain data, valid or nearly) and share links (encoded
 * scenarios, then mutated as a careless copy or an attacker would), all from one seed.
 */
import lz from 'lz-string';
import { labs } from '../../src/engine/labs';
import type { LabId } from '../../src/engine/scenario/schema';
import { PRESETS_BY_LAB } from '../../src/scenarios';
import { arbitrary, type ArbOptions, Gen, PROTO_NAMES } from './arbitrary';
import { HEAVY as KADEMLIA_HEAVY } from '../../src/scenarios/kademlia/presets';

const LAB_IDS = Object.keys(labs) as LabId[];

/** Presets whose first steps build large networks: forks of them would spend the suite's time re-running the preset. */
const HEAVY = new Set<string>([...KADEMLIA_HEAVY, 'kademlia-churn-sweep']);

const ARB: ArbOptions = { protoNames: 0.25, extremes: 0.05 };

/** A scenario file: a preset forked with generated steps and options, or one generated from the lab's schemas alone. */
export function scenarioFile(g: Gen): unknown {
  const lab = g.pick(LAB_IDS);
  const { schema } = labs[lab];
  const presets = PRESETS_BY_LAB[lab].filter((p) => !HEAVY.has(p.preset ?? ''));
  const base = g.chance(0.6) && presets.length > 0 ? structuredClone(g.pick(presets)) : null;
  const options = base && g.chance(0.7) ? base.options : arbitrary(g, schema.options, ARB);
  const kept = base ? base.steps.slice(0, g.int(base.steps.length + 1)) : [];
  const added = Array.from({ length: g.int(g.chance(0.9) ? 6 : 40) }, () => ({ do: arbitrary(g, schema.action, ARB) }));
  const file: Record<string, unknown> = {
    v: 1,
    title: g.pick(['t', 'A fork', ...PROTO_NAMES]),
    seed: g.int(1000),
    lab,
    options,
    steps: [...kept, ...added],
  };
  if (g.chance(0.05)) file.expect = arbitrary(g, schema.expected, ARB);
  return mutateFile(g, file);
}

/** A few files are broken on purpose: a field dropped, a wrong type, a prototype name as a key. */
function mutateFile(g: Gen, file: Record<string, unknown>): unknown {
  if (!g.chance(0.15)) return file;
  switch (g.int(6)) {
    case 0:
      delete file[g.pick(Object.keys(file))];
      return file;
    case 1:
      file[g.pick(Object.keys(file))] = g.pick([null, 0, '', [], {}, 'x'.repeat(5000), -1, 1e308]);
      return file;
    case 2:
      return JSON.parse(`{"__proto__": {"polluted": 1}, "v": 1, "lab": "${String(file.lab)}"}`);
    case 3:
      file.lab = g.pick(PROTO_NAMES);
      return file;
    case 4:
      file.v = g.pick([0, 2, '1', '__proto__', null]);
      return file;
    default:
      return JSON.parse(JSON.stringify(file).replace(/"(a|b|s1|x|T1)"/g, () => JSON.stringify(g.pick(PROTO_NAMES))));
  }
}

/** A share link's hash: a scenario file encoded as the app writes it, then perhaps damaged. */
export function link(g: Gen): string {
  const payload = g.chance(0.8) ? { f: scenarioFile(g) } : delta(g);
  const s = `1.${lz.compressToEncodedURIComponent(JSON.stringify(payload))}`;
  const step = g.chance(0.3) ? `&step=${g.pick(['0', '1', '3', '999', '-1', 'x', '9999999', '1e3'])}` : '';
  return `#s=${mutateLink(g, s)}${step}`;
}

/** The compact form: a preset, how many of its steps to keep, and generated steps after them. */
function delta(g: Gen): unknown {
  const lab = g.pick(LAB_IDS);
  const presets = PRESETS_BY_LAB[lab].filter((p) => !HEAVY.has(p.preset ?? ''));
  const p = g.pick(presets);
  const d: Record<string, unknown> = {
    p: g.chance(0.9) ? p.preset : g.pick(PROTO_NAMES),
    k: g.pick([0, 1, p.steps.length, -1, 1.5, 1e9, '__proto__']),
  };
  if (g.chance(0.7)) d.a = Array.from({ length: g.int(5) }, () => ({ do: arbitrary(g, labs[lab].schema.action, ARB) }));
  if (g.chance(0.2)) d.t = g.pick(PROTO_NAMES);
  if (g.chance(0.2)) d.x = 0;
  return d;
}

function mutateLink(g: Gen, s: string): string {
  if (!g.chance(0.4)) return s;
  switch (g.int(9)) {
    case 0:
      return s.slice(0, g.int(s.length));
    case 1: {
      const i = g.int(s.length);
      return s.slice(0, i) + g.pick(['A', '-', '+', '$', '%', '%2', '.', '=']) + s.slice(i + 1);
    }
    case 2:
      return encodeURIComponent(s).replace(/-/g, '%2D');
    case 3:
      return `${g.pick(PROTO_NAMES)}.${s.slice(2)}`;
    case 4:
      return `${g.pick(['0', '2', '99', '', '1.1'])}.${s.slice(2)}`;
    case 5:
      return s + s.slice(2);
    case 6:
      return `1.${lz.compressToEncodedURIComponent('"' + 'x'.repeat(g.pick([10, 1000, 20_000])) + '"')}`;
    case 7:
      return `1.${lz.compressToEncodedURIComponent(JSON.stringify({ f: { v: 1, lab: 'pool', title: 'x'.repeat(g.pick([300, 5000, 50_000])) } }))}`;
    default:
      return s.replace(/[A-Za-z]/, (c) => (c.toUpperCase() === c ? c.toLowerCase() : c.toUpperCase()));
  }
}
