import fc from 'fast-check';
import { compressToEncodedURIComponent } from 'lz-string';
import { describe, expect, it } from 'vitest';
import { refusal } from '../../test/support/codec';
import { actionArb } from '../../test/support/intent-log';
import { MAX_STEPS, parseScenario, type Scenario, ScenarioError } from '../engine/scenario/schema';
import { PRESETS } from '../scenarios';
import { HEAVY } from '../scenarios/kademlia/presets';
import { createEngineHost } from '../worker/host';
import { decodeHash, encodeHash, MAX_DECODED_CHARS, MAX_PAYLOAD_CHARS } from './codec';

const CODES = ['truncated', 'too-large', 'unknown-version', 'invalid', 'not-json'];
const link = (payload: unknown) => `#s=1.${compressToEncodedURIComponent(JSON.stringify(payload))}`;
type IntentLogScenario = Extract<Scenario, { lab: 'intent-log' }>;
/** These tests speak the intent-log lab's actions: take only its presets. */
const INTENT_LOG = PRESETS.map((p) => p.scenario).filter((s): s is IntentLogScenario => s.lab === 'intent-log');
const preset = (i: number): IntentLogScenario => structuredClone(INTENT_LOG[i]);

/** A random fork of a preset: truncated, extended, retitled, reseeded, maybe without its expected outcome. */
const forkArb: fc.Arbitrary<{ scenario: Scenario; step: number }> = fc
  .record({
    i: fc.nat({ max: INTENT_LOG.length - 1 }),
    keep: fc.nat({ max: 20 }),
    added: fc.array(
      fc.tuple(actionArb(['recipes', 'ingredients', 'users', 'toString']), fc.option(fc.string({ maxLength: 40 }), { nil: undefined })),
      { maxLength: 6 },
    ),
    title: fc.option(fc.string({ maxLength: 80 }), { nil: undefined }),
    seed: fc.option(fc.integer(), { nil: undefined }),
    dropExpect: fc.boolean(),
    changeOptions: fc.boolean(),
    forgetPreset: fc.boolean(),
    step: fc.nat({ max: 40 }),
  })
  .map((f) => {
    const s = preset(f.i);
    s.steps = [...s.steps.slice(0, f.keep), ...f.added.map(([a, say]) => (say === undefined ? { do: a } : { do: a, say }))];
    if (f.title !== undefined) s.title = f.title;
    if (f.seed !== undefined) s.seed = f.seed;
    if (f.dropExpect) delete s.expect;
    if (f.changeOptions) s.options.tables.users = [];
    if (f.forgetPreset) delete s.preset;
    return { scenario: s, step: Math.min(f.step, s.steps.length) };
  });

describe('When a scenario is shared and opened again', () => {
  it('every fork of a preset comes back as the same scenario at the same step (seed 1234)', () => {
    fc.assert(
      fc.property(forkArb, ({ scenario, step }) => {
        const hash = encodeHash(scenario, step);
        const target = decodeHash(hash);
        expect(target?.scenario).toEqual(scenario);
        expect(target?.step).toBe(step);
        const original = PRESETS.find((p) => p.id === scenario.preset);
        if (hash.startsWith('#preset=')) expect(JSON.stringify(scenario)).toBe(JSON.stringify(original?.scenario));
        else expect(hash).toMatch(/^#s=1\.[A-Za-z0-9+\-$]+(&step=\d+)?$/);
      }),
      { seed: 1234, numRuns: 500 },
    );
  });

  it('an unchanged preset is written as #preset=<id>, with the step only when it is not 0', () => {
    for (const p of PRESETS) {
      expect(encodeHash(p.scenario, 0)).toBe(`#preset=${p.id}`);
      const n = Math.min(3, p.scenario.steps.length);
      expect(encodeHash(p.scenario, n)).toBe(`#preset=${p.id}&step=${n}`);
      expect(decodeHash(`#preset=${p.id}&step=${n}`)).toEqual({ scenario: p.scenario, step: n, presetId: p.id });
      // A step past the end is clamped to the last step.
      expect(decodeHash(`#preset=${p.id}&step=999`)?.step).toBe(p.scenario.steps.length);
    }
  });

  it('a fork is written as a delta from its preset, so it is shorter than the whole scenario', () => {
    const s = preset(0);
    s.title = 'My fork';
    const hash = encodeHash(s, 0);
    expect(hash.length).toBeLessThan(link({ f: s }).length / 2);
    expect(decodeHash(hash)?.scenario).toEqual(s);
  });

  it('a v1 link written today keeps decoding to the same scenario', () => {
    const golden =
      '#s=1.N4IgZiBcoG5QjAGhAGwIYCMogJYDsAXAU0IFoUB7AcxGQJwJSOwHEKUATEyAAjR5jweKfAGtaIAM5EiHKAHZkFAA70KeSVFAFMTTdBAEoAbVCiiAT2xoJMNCgCuRfaDwJk+3AQDkmgL5+ALoBHsTK+qYgHBRahhbKzJAgGERU+BIEAB7YACrwICGg0bEE8YkgDsocaMQZ2Ul5GbrlRsjmVkk2yGgccgZukABMIVJoHSB4PFQUzjyVBYhFMQalCdgAxgBOaJIAFgVBAUA&step=2';
    expect(decodeHash(golden)).toEqual({
      step: 2,
      scenario: {
        v: 1,
        lab: 'intent-log',
        title: 'Golden: a v1 link',
        seed: 7,
        options: { tables: { t: [{ key: 'a', values: { n: 1, s: "it's" } }] } },
        steps: [
          { do: { type: 'begin', tx: 'T1' } },
          { do: { type: 'update', tx: 'T1', table: 't', key: 'a', add: { n: 2 } }, say: 'n goes up' },
          { do: { type: 'crash' } },
        ],
      },
    });
  });

  it('an empty hash means the gallery, and a step past the end opens the last step', () => {
    expect(decodeHash('')).toBeNull();
    expect(decodeHash('#')).toBeNull();
    const p = PRESETS[0];
    expect(decodeHash(`#preset=${p.id}&step=999`)?.step).toBe(p.scenario.steps.length);
  });
});

describe('When a link is bad', () => {
  const good = encodeHash({ ...preset(1), title: 'A fork long enough to cut in several places' }, 2);
  const payload = good.slice('#s=1.'.length, good.indexOf('&'));

  it('a truncated link is refused as truncated', () => {
    for (const frac of [0.1, 0.25, 0.5, 0.75, 0.9]) {
      expect(refusal(`#s=1.${payload.slice(0, Math.floor(payload.length * frac))}`).code).toBe('truncated');
    }
    expect(refusal('#s=1.').code).toBe('truncated');
    expect(refusal('#s=no-version-prefix').code).toBe('truncated');
    expect(refusal(link('not a scenario').replace(/.{4}$/, '')).code).toBe('truncated');
  });

  it('a link of an unknown format version is refused as unknown-version', () => {
    expect(refusal(`#s=9.${payload}`).code).toBe('unknown-version');
    expect(refusal('#s=9.xxx').code).toBe('unknown-version');
    expect(refusal(link({ f: { ...preset(0), v: 2 } })).code).toBe('unknown-version');
  });

  it('a scenario with a bad field is refused as invalid, naming the field', () => {
    const s = preset(0) as unknown as { steps: { do: { type: string } }[] };
    s.steps[0].do.type = 'explode';
    const e = refusal(link({ f: s }));
    expect(e.code).toBe('invalid');
    expect(e.message).toContain('Invalid field steps.0.do.type');
    const t = preset(0) as unknown as { options: { tables: { users: { values: unknown }[] } } };
    t.options.tables.users[0].values = { name: { nested: true } };
    expect(refusal(link({ f: t })).message).toContain('options.tables.users.0.values.name');
    expect(refusal(link({ p: PRESETS[0].id, k: 99 })).message).toContain('Invalid field k');
    expect(refusal(link({ p: 'no-such-preset', k: 0 })).message).toContain('Invalid field p');
  });

  it('a bad step parameter, an unknown preset or an empty link is refused as invalid, a badly escaped one as truncated', () => {
    for (const step of ['-1', 'abc', '1e3', '12345678', '', '0x10'])
      expect(refusal(`#preset=${PRESETS[0].id}&step=${step}`).code).toBe('invalid');
    expect(refusal('#preset=nope').code).toBe('invalid');
    expect(refusal('#foo=bar').code).toBe('invalid');
    expect(refusal('#preset=%E0%A4%A').code).toBe('truncated');
  });

  it('an oversize link, scenario or step list is refused before anything runs', () => {
    expect(refusal(`#s=1.${'A'.repeat(MAX_PAYLOAD_CHARS + 1)}`).code).toBe('too-large');
    const bomb = link('a'.repeat(MAX_DECODED_CHARS + 10));
    expect(bomb.length).toBeLessThan(MAX_PAYLOAD_CHARS);
    expect(refusal(bomb).code).toBe('too-large');
    const long = preset(0);
    long.steps = Array.from({ length: MAX_STEPS + 1 }, () => ({ do: { type: 'crash' } }));
    const e = refusal(link({ f: long }));
    expect([e.code, e.message.slice(0, 20)]).toEqual(['invalid', 'Invalid field steps:']);
  });
});

// ---- Fuzzing: every input ends in a valid scenario or a ScenarioError, never anything else.

const NAMES = ['t', 'T1', 'toString', 'constructor', '__proto__', 'recipes', 'users', ''];
/** Preset ids a fuzzed link may name: not the heavy Kademlia ones (up to a million nodes), since the link is the point here. */
const LINKED_IDS = PRESETS.map((p) => p.id).filter((id) => !HEAVY.includes(id));
const goodLinks = fc.sample(forkArb, { seed: 77, numRuns: 40 }).map(({ scenario, step }) => encodeHash(scenario, step));
const alphabet = fc.constantFrom(...'ABCXYZabcxyz0189+-$.&=#%_~ é\u0000'.split(''));

const mutate = (s: string) =>
  fc
    .array(fc.tuple(fc.constantFrom('flip', 'delete', 'insert', 'truncate', 'double'), fc.nat(), alphabet), { minLength: 1, maxLength: 4 })
    .map((ops) => {
      let out = s;
      for (const [op, at, ch] of ops) {
        const i = out.length === 0 ? 0 : at % out.length;
        if (op === 'flip') out = out.slice(0, i) + ch + out.slice(i + 1);
        else if (op === 'delete') out = out.slice(0, i) + out.slice(i + 1);
        else if (op === 'insert') out = out.slice(0, i) + ch + out.slice(i);
        else if (op === 'truncate') out = out.slice(0, i);
        else out = out.slice(0, i) + out.slice(i - 10 < 0 ? 0 : i - 10);
      }
      return out;
    });

/** A preset with one field (at a random path) replaced by random JSON or a tricky name. */
const brokenScenario = fc
  .tuple(
    fc.nat({ max: PRESETS.length - 1 }),
    fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
    fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(...NAMES)),
  )
  .map(([i, path, value]) => {
    const root: Record<string, unknown> = structuredClone(PRESETS[i].scenario);
    let node: unknown = root;
    for (let d = 0; d < path.length; d++) {
      if (typeof node !== 'object' || node === null) break;
      const keys = Object.keys(node);
      if (keys.length === 0) break;
      const key = keys[path[d] % keys.length];
      const rec = node as Record<string, unknown>;
      if (d < path.length - 1 && typeof rec[key] === 'object') node = rec[key];
      else {
        rec[key] = value;
        break;
      }
    }
    return root;
  });

const fuzzInput = fc.oneof(
  fc
    .tuple(fc.constantFrom('', '#', '#s=', '#s=1.', '#preset=', '#step=1&s=1.'), fc.string({ unit: 'binary', maxLength: 200 }))
    .map(([a, b]) => a + b),
  fc.constantFrom(...goodLinks).chain(mutate),
  fc.jsonValue({ maxDepth: 4 }).map(link),
  brokenScenario.map((s) => link({ f: s })),
  fc
    .record(
      {
        p: fc.oneof(fc.constantFrom(...LINKED_IDS), fc.jsonValue()),
        k: fc.oneof(fc.integer({ min: -2, max: 12 }), fc.jsonValue()),
        a: fc.oneof(fc.jsonValue(), fc.array(fc.record({ do: fc.jsonValue() }))),
        t: fc.jsonValue(),
        s: fc.jsonValue(),
        x: fc.constantFrom(0, 1),
      },
      { requiredKeys: [] },
    )
    .map(link),
  fc
    .tuple(fc.oneof(fc.nat().map(String), fc.string({ maxLength: 5 })), fc.constantFrom(...goodLinks))
    .map(([v, l]) => l.replace('#s=1.', `#s=${v}.`)),
  fc.tuple(fc.constantFrom(...LINKED_IDS), fc.string({ maxLength: 9 })).map(([id, step]) => `#preset=${id}&step=${step}`),
);

describe('When links are fuzzed (seed 2718)', () => {
  it('10 000 random and mutated links each end in a valid scenario or a ScenarioError', () => {
    const host = createEngineHost();
    const outcomes: Record<string, number> = {};
    let runs = 0;
    fc.assert(
      fc.property(fuzzInput, (hash) => {
        runs++;
        let outcome: string;
        try {
          const target = decodeHash(hash);
          if (target === null) outcome = 'gallery';
          else {
            expect(parseScenario(target.scenario)).toEqual(target.scenario);
            expect(target.step).toBeGreaterThanOrEqual(0);
            expect(target.step).toBeLessThanOrEqual(target.scenario.steps.length);
            // A valid scenario must also run: the engine never throws on validated data.
            host.load(target.scenario);
            expect(host.seek(target.scenario.steps.length).step).toBe(target.scenario.steps.length);
            outcome = 'valid';
          }
        } catch (e) {
          if (!(e instanceof ScenarioError)) throw e;
          expect(CODES).toContain(e.code);
          expect(e.message.length).toBeGreaterThan(0);
          outcome = e.code;
        }
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      }),
      { seed: 2718, numRuns: 10_000 },
    );
    expect(runs).toBeGreaterThanOrEqual(10_000);
    for (const seen of ['valid', 'truncated', 'unknown-version', 'invalid']) expect(outcomes[seen]).toBeGreaterThan(50);
  }, 600_000); // 10,000 links: about 40 s on a quiet 2-core machine, 67 s with both cores busy, 103–114 s beside a full CI run

  it('huge and deeply nested inputs are refused with a ScenarioError', () => {
    const inputs = [
      `#s=1.${'x'.repeat(250_000)}`,
      `#preset=${'p'.repeat(200_000)}`,
      link(Array.from({ length: 30_000 }, (_, i) => ({ i }))),
      `#s=1.${compressToEncodedURIComponent('['.repeat(200_000) + ']'.repeat(200_000))}`,
      link({ f: { ...preset(0), title: 't'.repeat(5000) } }),
    ];
    for (const hash of inputs) expect(CODES).toContain(refusal(hash).code);
  });
});
