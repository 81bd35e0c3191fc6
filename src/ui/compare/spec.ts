/**
 * A comparison: one scenario, one option, two or three values. It reads and writes its own hash,
 * `#compare=<preset id | s-payload>&opt=<option>&a=<value>&b=<value>[&c=<value>]&step=N`, and
 * builds the sides' scenarios. Bad input throws a CompareError whose message says what to fix.
 */
import { clip, parseScenario, type Scenario } from '../../engine/scenario/schema';
import type { ComparisonPreset } from '../../scenarios/compare';
import { decodeHash, encodeHash } from '../../share/codec';
import { type CompareOption, labelOf, optionsFor, tokenOf, valuesFor } from './options';

export interface CompareSpec {
  /** The scenario both sides run, as the link or the lab gave it. */
  readonly base: Scenario;
  readonly option: CompareOption;
  readonly a: unknown;
  readonly b: unknown;
  /** An optional third side (`c=`); absent for a two-sided comparison. */
  readonly c?: unknown;
  readonly step: number;
}

/** The sides' names, in order. */
export const SIDE_NAMES = ['A', 'B', 'C'] as const;

/** The sides' values in order: [a, b] or [a, b, c]. */
export const sideValues = (spec: CompareSpec): readonly unknown[] => (spec.c === undefined ? [spec.a, spec.b] : [spec.a, spec.b, spec.c]);

/** A comparison link or choice that cannot be opened, with what is wrong. */
class CompareError extends Error {
  override name = 'CompareError';
}

/** True for a hash this module reads. */
export const isCompareHash = (hash: string): boolean => /^#?compare=/.test(hash);

/** The words for the lab's options, for messages: "isolation" or "k, alpha". */
const offered = (base: Scenario) =>
  optionsFor(base).length === 0
    ? `The ${base.lab} lab has no option to compare.`
    : `It offers: ${optionsFor(base)
        .map((o) => o.path)
        .join(', ')}.`;

/** Split `a=1&b=2`, percent-decoding values (the payload's `+` stays a `+`). */
function readParams(raw: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of raw.split('&')) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    try {
      params.set(key, decodeURIComponent(eq < 0 ? '' : part.slice(eq + 1)));
    } catch {
      throw new CompareError(`The comparison link is corrupted: the value of "${clip(key, 20)}" is badly escaped.`);
    }
  }
  return params;
}

/** A value token from a link: one the chooser offers, or a whole number in the option's range. */
function parseValue(option: CompareOption, base: Scenario, token: string): unknown {
  const found = valuesFor(option, base).find((v) => v.token === token);
  if (found) return found.value;
  const r = option.range;
  if (r && /^\d{1,9}$/.test(token) && Number(token) >= r.min && Number(token) <= r.max) return Number(token);
  const tokens = valuesFor(option, base).map((v) => v.token);
  const list = `${tokens.slice(0, -1).join(', ')}${tokens.length > 1 ? ' or ' : ''}${tokens.at(-1) ?? ''}`;
  const range = r ? `, or a whole number from ${r.min} to ${r.max.toLocaleString('en')}` : '';
  throw new CompareError(`"${clip(token, 30)}" is not a value of ${option.path}: use ${list}${range}.`);
}

/** The option named `path` in the base's lab, or a CompareError listing the ones there are. */
function findOption(base: Scenario, path: string): CompareOption {
  const option = optionsFor(base).find((o) => o.path === path);
  if (!option) throw new CompareError(`The ${base.lab} lab has no option "${clip(path, 40)}" to compare. ${offered(base)}`);
  return option;
}

/** Read a `#compare=` hash. Throws a CompareError naming the first problem. */
export function decodeCompareHash(hash: string): CompareSpec {
  const params = readParams(hash.replace(/^#/, ''));
  const ref = params.get('compare') ?? '';
  if (ref === '') throw new CompareError('The comparison link names no scenario (compare= is empty).');
  let base: Scenario;
  try {
    base = (/^\d+\./.test(ref) ? decodeHash(`#s=${encodeURIComponent(ref)}`) : decodeHash(`#preset=${encodeURIComponent(ref)}`))!.scenario;
  } catch (err) {
    throw new CompareError(err instanceof Error ? err.message : String(err));
  }
  const path = params.get('opt');
  if (!path) throw new CompareError(`The comparison link names no option to change (opt=). ${offered(base)}`);
  const option = findOption(base, path);
  const [ta, tb] = [params.get('a'), params.get('b')];
  if (!ta || !tb) throw new CompareError(`The comparison link needs both values of ${option.path}: a= and b=.`);
  const tc = params.get('c');
  if (tc === '') throw new CompareError(`The comparison link's c= is empty: give a third value of ${option.path}, or leave c= out.`);
  const third = tc === undefined ? {} : { c: parseValue(option, base, tc) };
  const spec = { base, option, a: parseValue(option, base, ta), b: parseValue(option, base, tb), ...third, step: 0 };
  const stepText = params.get('step');
  if (stepText !== undefined && !/^\d{1,7}$/.test(stepText))
    throw new CompareError(`"${clip(stepText, 20)}" is not a step number (step=).`);
  return checkSpec({ ...spec, step: Math.min(Number(stepText ?? 0), base.steps.length) });
}

/** The hash for a comparison at a step: the base as a preset id when it is one, unchanged. */
export function encodeCompareHash(spec: CompareSpec, step = spec.step): string {
  const baseHash = encodeHash(spec.base, 0);
  const ref = baseHash.replace(/^#(preset|s)=/, '');
  const { option, base } = spec;
  const tok = (v: unknown) => encodeURIComponent(tokenOf(option, base, v));
  const third = spec.c === undefined ? '' : `&c=${tok(spec.c)}`;
  return `#compare=${ref}&opt=${encodeURIComponent(option.path)}&a=${tok(spec.a)}&b=${tok(spec.b)}${third}${step > 0 ? `&step=${step}` : ''}`;
}

/** The link a gallery comparison opens: its preset's id, or its own scenario as an s= payload. */
export function comparisonHash(c: ComparisonPreset): string {
  const ref = typeof c.base === 'string' ? c.base : encodeHash(c.base, 0).replace(/^#s=/, '');
  return `#compare=${ref}&opt=${c.opt}&a=${c.a}&b=${c.b}${c.c === undefined ? '' : `&c=${c.c}`}`;
}

/**
 * One side's scenario. A side whose value is the base's own runs the base unchanged, words
 * and expected outcome included. The other runs with the option changed and without the
 * preset's words, goal and outcome check, which describe the base run and could contradict
 * its own: the engine narrates it.
 */
export function sideScenario(spec: CompareSpec, value: unknown): Scenario {
  const { base, option } = spec;
  if (value === option.read(base.options)) return base;
  const { expect: _x, goal: _g, preset: _p, ...rest } = base;
  const changed = {
    ...rest,
    title: `${base.title} (${labelOf(option, base, value)})`,
    options: option.write(base.options, value),
    steps: base.steps.map(({ do: action }) => ({ do: action })),
  };
  try {
    return parseScenario(changed);
  } catch (err) {
    throw new CompareError(
      `${labelOf(option, base, value)} does not fit this scenario: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

/** Check that every two sides differ and that each fits the scenario. */
export function checkSpec(spec: CompareSpec): CompareSpec {
  const values = sideValues(spec);
  for (let i = 0; i < values.length; i++)
    for (let j = i + 1; j < values.length; j++) {
      if (values[i] !== values[j]) continue;
      const label = labelOf(spec.option, spec.base, values[i]);
      throw new CompareError(
        values.length === 2
          ? `Both sides have ${label}: choose two different values.`
          : `Sides ${SIDE_NAMES[i]} and ${SIDE_NAMES[j]} both have ${label}: choose a different value for each side.`,
      );
    }
  for (const v of values) sideScenario(spec, v);
  return spec;
}
