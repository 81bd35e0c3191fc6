// @vitest-environment jsdom
import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { labFrames } from '../../../../test/support/frame-at';
import { intentLogPresets } from '../../../scenarios/intent-log/presets';
import type { LabFrame } from '../../../worker/protocol';
import { LogPanel } from './LogPanel';
import { RecoveryPanel } from './RecoveryPanel';

type Frame = LabFrame<'intent-log'>;

const NUMBERS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5 };
const num = (word: string): number => NUMBERS[word.toLowerCase()] ?? Number(word);
const row = (f: Frame, table: string, key: string) => f.view.tables[table]?.find((r) => r.key === key)?.values;
/** A transaction's records, up to where the last recovery read (it may append an ABORT after). */
const recordsOf = (f: Frame, tx: string) => f.view.log.filter((r) => r.tx === tx && r.seq <= (f.view.recovery?.upTo ?? Infinity));

/** What a narration may claim, and what the frame shows for it. */
const CLAIMS: { name: string; pattern: RegExp; check: (f: Frame, m: RegExpExecArray) => { actual: unknown; expected: unknown } }[] = [
  {
    name: 'a transaction without a COMMIT record',
    pattern: /\b(T\d+) has no COMMIT record\b/g,
    check: (f, m) => ({ actual: recordsOf(f, m[1]).some((r) => r.kind === 'COMMIT'), expected: false }),
  },
  {
    name: 'a transaction’s records kept by recovery',
    pattern: /\bfinds the COMMIT record of (T\d+), so all (\w+) of its records\b/g,
    check: (f, m) => ({
      actual: recordsOf(f, m[1]).map((r) => f.view.recovery?.verdicts[r.seq]),
      expected: Array.from({ length: num(m[2]) }, () => 'kept'),
    }),
  },
  {
    name: 'a transaction’s records discarded by recovery',
    pattern: /\b(T\d+) did not, so its (\w+) records are discarded\b/g,
    check: (f, m) => ({
      actual: recordsOf(f, m[1]).map((r) => f.view.recovery?.verdicts[r.seq]),
      expected: Array.from({ length: num(m[2]) }, () => 'discarded'),
    }),
  },
  {
    name: 'writes undone from before images',
    pattern: /\b(?:undo both writes|its two writes undone)\b/g,
    check: (f) => ({ actual: f.view.recovery?.undone.length, expected: 2 }),
  },
  {
    name: 'committed transactions recovery keeps',
    pattern: /\b(T\d+) committed, so its records are kept\b/g,
    check: (f, m) => ({ actual: f.view.recovery?.committed.includes(m[1]), expected: true }),
  },
  {
    name: 'Ana’s contribution count',
    pattern: /\b(?:count of|goes from \d+ to) (\d+)\b/g,
    check: (f, m) => ({ actual: row(f, 'users', 'ana')?.recipes_count, expected: Number(m[1]) }),
  },
  {
    name: 'none of the three writes left',
    pattern: /\bNone of the three writes is left\b/g,
    check: (f) => ({
      actual: [row(f, 'ingredients', 'saffron'), row(f, 'recipes', '42')?.last_modified, row(f, 'users', 'ana')?.recipes_count],
      expected: [undefined, '2024-05-01', 3],
    }),
  },
  {
    name: 'a half-changed recipe on disk',
    pattern: /\bthe new ingredient and the new date are there, the count is not\b/g,
    check: (f) => ({
      actual: [
        row(f, 'ingredients', 'saffron') !== undefined,
        row(f, 'recipes', '42')?.last_modified,
        row(f, 'users', 'ana')?.recipes_count,
      ],
      expected: [true, '2024-05-02', 3],
    }),
  },
  {
    name: 'the server is down after a crash',
    pattern: /^(?:The power fails|Crash)\b/g,
    check: (f) => ({ actual: f.view.phase, expected: 'crashed' }),
  },
];

function contradictions(f: Frame): { checked: number; wrong: string[] } {
  let checked = 0;
  const wrong: string[] = [];
  for (const c of CLAIMS) {
    for (const m of f.narration.matchAll(c.pattern)) {
      checked++;
      const { actual, expected } = c.check(f, m as RegExpExecArray);
      if (JSON.stringify(actual) !== JSON.stringify(expected))
        wrong.push(`step ${f.step}, ${c.name}: "${m[0]}" but the frame shows ${JSON.stringify(actual)}`);
    }
  }
  return { checked, wrong };
}

/**
 * What the panels say about transactions: nothing is rolled back, discarded or undone before
 * recovery ran (a crash only cuts transactions off), and nothing is called committed without
 * its COMMIT record in the log.
 */
function panelContradictions(f: Frame): string[] {
  const { container, unmount } = render(
    <>
      <LogPanel view={f.view} events={f.events} duration={0} />
      <RecoveryPanel view={f.view} />
    </>,
  );
  const text = container.textContent ?? '';
  unmount();
  const out: string[] = [];
  const aborted = Object.values(f.view.txns).includes('aborted');
  if (!aborted && /rolled back/.test(text)) out.push(`step ${f.step}: "rolled back" with no transaction rolled back`);
  if (!f.view.recovery && /discarded|undone|kept by recovery/.test(text)) out.push(`step ${f.step}: a verdict before recovery ran`);
  return out;
}

describe('When every intent-log preset is replayed', () => {
  let total = 0;
  for (const preset of intentLogPresets) {
    it(`"${preset.title}" says only what its frames show, in the narration and in the panels`, () => {
      const run = labFrames('intent-log', preset);
      const wrong: string[] = [];
      for (let step = 0; step <= preset.steps.length; step++) {
        const f = run.at(step);
        const r = contradictions(f);
        total += r.checked;
        wrong.push(...r.wrong, ...panelContradictions(f));
      }
      expect(wrong).toEqual([]);
    });
  }
  it('checks a claim in every preset (the patterns still match the words)', () => {
    expect(total).toBeGreaterThanOrEqual(10);
  });
});

describe('When the words contradict the frame', () => {
  it('reports a count the tables do not show', () => {
    const crashed = labFrames('intent-log', 'recipe-all-or-none').at(4);
    expect(contradictions({ ...crashed, narration: 'Her count of 4.' }).wrong).toEqual([
      'step 4, Ana’s contribution count: "count of 4" but the frame shows 3',
    ]);
  });

  it('reports a transaction the panels call rolled back when it was only cut off by the crash', () => {
    const crashed = labFrames('intent-log', 'recipe-all-or-none').at(4);
    expect(crashed.view.txns).toEqual({ T1: 'lost' });
    expect(panelContradictions(crashed)).toEqual([]);
    // A rolled-back transaction may be called so: the same frame with T1 rolled back by ROLLBACK.
    expect(panelContradictions({ ...crashed, view: { ...crashed.view, txns: { T1: 'aborted' } } })).toEqual([]);
  });
});
