import lz from 'lz-string';
import { clip, parseScenario, type Scenario, ScenarioError } from '../engine/scenario/schema';
import { presetById } from '../scenarios';
import { decompressBounded } from './lz-bounded';

/** The link format written today. Older formats stay in `decoders` so old links keep working. */
const LINK_VERSION = 1;
/** Longest payload accepted in a link (characters). */
export const MAX_PAYLOAD_CHARS = 100_000;
/** Largest decoded scenario accepted (characters of JSON). */
export const MAX_DECODED_CHARS = 1_000_000;

/** Where a link points: a scenario and a step on its timeline. */
export interface LinkTarget {
  readonly scenario: Scenario;
  readonly step: number;
  /** Set when the link names an unchanged preset. */
  readonly presetId?: string;
}

/** Compact form: a preset, how many of its steps to keep, and what differs after that. */
interface Delta {
  p: string;
  k: number;
  a?: Scenario['steps'];
  t?: string;
  s?: number;
  /** 0 when the scenario has dropped the preset's expected outcome (a fork). */
  x?: 0;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The shortest payload: a delta from the preset when there is one, else the whole scenario. */
function compact(scenario: Scenario): Delta | { f: Scenario } {
  const preset = scenario.preset ? presetById(scenario.preset)?.scenario : undefined;
  if (!preset || preset.lab !== scenario.lab || !same(preset.options, scenario.options)) return { f: scenario };
  let k = 0;
  while (k < preset.steps.length && k < scenario.steps.length && same(preset.steps[k], scenario.steps[k])) k++;
  const d: Delta = { p: preset.preset ?? '', k };
  if (k < scenario.steps.length) d.a = scenario.steps.slice(k);
  if (scenario.title !== preset.title) d.t = scenario.title;
  if (scenario.seed !== preset.seed) d.s = scenario.seed;
  if (preset.expect && !scenario.expect) d.x = 0;
  else if (!same(preset.expect, scenario.expect)) return { f: scenario };
  return d;
}

function expand(data: unknown): unknown {
  if (typeof data !== 'object' || data === null) throw new ScenarioError('invalid', 'The link holds no scenario.');
  if ('f' in data) return data.f;
  const d = data as Partial<Delta>;
  if (typeof d.p !== 'string') throw new ScenarioError('invalid', 'Invalid field p: expected a preset id.');
  const preset = presetById(d.p)?.scenario;
  if (!preset) throw new ScenarioError('invalid', `Invalid field p: there is no preset "${clip(d.p)}".`);
  if (typeof d.k !== 'number' || !Number.isInteger(d.k) || d.k < 0 || d.k > preset.steps.length)
    throw new ScenarioError('invalid', `Invalid field k: expected a step count from 0 to ${preset.steps.length}.`);
  if (d.a !== undefined && !Array.isArray(d.a)) throw new ScenarioError('invalid', 'Invalid field a: expected a list of steps.');
  const { expect, ...rest } = preset;
  return {
    ...rest,
    ...(d.x === 0 ? {} : expect ? { expect } : {}),
    title: d.t ?? preset.title,
    seed: d.s ?? preset.seed,
    steps: [...preset.steps.slice(0, d.k), ...(d.a ?? [])],
  };
}

type Decoder = (payload: string) => unknown;

/** Decoders by format version: a Map, so a version named `__proto__` or `constructor` is simply unknown. */
const decoders = new Map<string, Decoder>([
  [
    '1',
    (payload) => {
      // Stops as soon as the output passes the limit: a small link can expand to hundreds of megabytes.
      const json = decompressBounded(payload, MAX_DECODED_CHARS);
      if (json === 'too-large')
        throw new ScenarioError(
          'too-large',
          `The scenario in the link is too large (over ${MAX_DECODED_CHARS.toLocaleString('en')} characters).`,
        );
      if (!json) throw new ScenarioError('truncated', 'The link is truncated or corrupted: its scenario could not be decompressed.');
      try {
        return expand(JSON.parse(json));
      } catch (e) {
        if (e instanceof ScenarioError) throw e;
        throw new ScenarioError('truncated', 'The link is truncated or corrupted: its scenario is not valid JSON.');
      }
    },
  ],
]);

/**
 * Encoded payloads by scenario object. Scenarios are plain data never changed in place (a fork
 * makes a new one), and the address bar re-encodes the same scenario while it plays: a large
 * one takes 100 ms and more to compress, a long task every time.
 */
const encoded = new WeakMap<Scenario, string>();

/** The `s=` value for a scenario. */
function encodeScenario(scenario: Scenario): string {
  let value = encoded.get(scenario);
  if (value === undefined) {
    value = `${LINK_VERSION}.${lz.compressToEncodedURIComponent(JSON.stringify(compact(scenario)))}`;
    encoded.set(scenario, value);
  }
  return value;
}

/** Decode an `s=` value into a validated scenario, or throw a ScenarioError saying what is wrong. */
function decodeScenario(value: string): Scenario {
  if (value.length > MAX_PAYLOAD_CHARS)
    throw new ScenarioError(
      'too-large',
      `The link is too long (${value.length.toLocaleString('en')} characters; at most ${MAX_PAYLOAD_CHARS.toLocaleString('en')}).`,
    );
  const dot = value.indexOf('.');
  if (dot <= 0) throw new ScenarioError('truncated', 'The link is truncated or corrupted: it has no version prefix.');
  const version = value.slice(0, dot);
  const decoder = decoders.get(version);
  if (!decoder)
    throw new ScenarioError(
      'unknown-version',
      `The link uses format version "${clip(version, 12)}", which this version of WALkthrough does not know.`,
    );
  return parseScenario(decoder(value.slice(dot + 1)));
}

/** The hash for a scenario at a step: a plain preset link when nothing differs from the preset. */
export function encodeHash(scenario: Scenario, step: number): string {
  const preset = scenario.preset ? presetById(scenario.preset)?.scenario : undefined;
  const stepPart = step > 0 ? `&step=${step}` : '';
  if (preset && same(preset, scenario)) return `#preset=${encodeURIComponent(scenario.preset ?? '')}${stepPart}`;
  return `#s=${encodeScenario(scenario)}${stepPart}`;
}

/**
 * Split `a=1&b=2` without URLSearchParams, which would turn the payload's `+` into spaces. Values
 * are percent-decoded, the payload too: a mail client or chat that escapes `+` or `$` as `%2B` or
 * `%24` still gives a working link.
 */
function readParams(raw: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of raw.split('&')) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    try {
      params.set(key, decodeURIComponent(value));
    } catch {
      throw new ScenarioError('truncated', `The link is corrupted: the value of "${clip(key, 20)}" is badly escaped.`);
    }
  }
  return params;
}

/**
 * Read a location hash. Returns null for an empty hash (show the gallery), a target
 * for a good link, or throws a ScenarioError for a bad one.
 */
export function decodeHash(hash: string): LinkTarget | null {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  if (raw === '') return null;
  const params = readParams(raw);
  const stepText = params.get('step') ?? null;
  let step = 0;
  if (stepText !== null) {
    if (!/^\d{1,7}$/.test(stepText))
      throw new ScenarioError('invalid', `Invalid field step: "${clip(stepText, 20)}" is not a step number.`);
    step = Number(stepText);
  }
  const presetId = params.get('preset') ?? null;
  const s = params.get('s') ?? null;
  let scenario: Scenario;
  if (presetId !== null) {
    const preset = presetById(presetId);
    if (!preset) throw new ScenarioError('invalid', `There is no preset "${clip(presetId)}".`);
    scenario = preset.scenario;
  } else if (s !== null) {
    scenario = decodeScenario(s);
  } else {
    throw new ScenarioError('invalid', 'The link names neither a preset nor a scenario.');
  }
  return { scenario, step: Math.min(step, scenario.steps.length), ...(presetId !== null ? { presetId } : {}) };
}
