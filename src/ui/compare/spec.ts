/**
 * A comparison: one scenario, one option, two values. It reads and writes its own hash,
 * `#compare=<preset id | s-payload>&opt=<option>&a=<value>&b=<value>&step=N`, and builds the
 * two sides' scenarios. Bad input throws a CompareError whose message says what to fix.
 */
import { clip, parseScenario, type Scenario } from '../../engine/scenario/schema';
import { decodeHash, encodeHash } from '../../share/codec';
import { type CompareOption, labelOf, optionsFor, tokenOf, valuesFor } from './options';

export interface CompareSpec {
  /** The scenario both sides run, as the link or the lab gave it. */
  readonly base: Scenario;
  readonly option: CompareOption;
  readonly a: unknown;
  readonly b: unknown;
  readonly step: number;
}

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
  const spec = { base, option, a: parseValue(option, base, ta), b: parseValue(option, base, tb), step: 0 };
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
  return `#compare=${ref}&opt=${encodeURIComponent(option.path)}&a=${tok(spec.a)}&b=${tok(spec.b)}${step > 0 ? `&step=${step}` : ''}`;
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

/** Check that the two sides differ and that both fit the scenario. */
export function checkSpec(spec: CompareSpec): CompareSpec {
  if (spec.a === spec.b) throw new CompareError(`Both sides have ${labelOf(spec.option, spec.base, spec.a)}: choose two different values.`);
  sideScenario(spec, spec.a);
  sideScenario(spec, spec.b);
  return spec;
}
