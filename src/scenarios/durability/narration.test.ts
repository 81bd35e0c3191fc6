import { describe, expect, it } from 'vitest';
import { labFrames } from '../../../test/support/frame-at';
import type { LabFrame } from '../../worker/protocol';
import { durabilityPresets } from './presets';

type Frame = LabFrame<'durability'>;

const NUMBERS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, thirteen: 13 };
const num = (word: string): number => NUMBERS[word.toLowerCase()] ?? Number(word);

const balance = (f: Frame, key: string) => f.view.rows.accounts?.find((r) => r.key === key)?.values.balance;
const pages = (f: Frame) => f.view.files.reduce((n, file) => n + file.pages.length, 0);
const ofType = <T extends Frame['events'][number]['type']>(f: Frame, type: T) =>
  f.events.filter((e): e is Extract<Frame['events'][number], { type: T }> => e.type === type);

/**
 * What a narration may claim, and how the frame shows it: each pattern's matches are checked
 * against the frame's view and events (a value, a state or a count). `actual` returns what
 * the frame shows, `expected` what the words say.
 */
const CLAIMS: { name: string; pattern: RegExp; check: (f: Frame, m: RegExpExecArray) => { actual: unknown; expected: unknown } }[] = [
  {
    name: 'a balance',
    // "Alice has 70, Bob 80": the first name with "has", the others listed after it.
    pattern: /(?:\b(Alice|Bob|Carol) has |(?<=has \d+(?:, [A-Z]\w+ \d+)*,? (?:and )?)(Bob|Carol) )(\d+)\b/g,
    check: (f, m) => ({ actual: balance(f, (m[1] ?? m[2]).toLowerCase()), expected: Number(m[3]) }),
  },
  {
    name: 'records replayed by this recovery',
    pattern: /\breplays (\d+) records?\b/g,
    check: (f, m) => ({ actual: f.view.recovery?.replayed, expected: Number(m[1]) }),
  },
  {
    name: 'recovery replays only the checkpoint record',
    pattern: /\breplays only the checkpoint record\b(?! and)/g,
    check: (f) => ({ actual: f.view.recovery?.replayed, expected: 1 }),
  },
  {
    name: 'records a crash now would replay',
    pattern: /\bwould replay (\d+) records\b/g,
    check: (f, m) => ({ actual: f.view.wal.records.filter((r) => r.lsn >= f.view.control.redo).length, expected: Number(m[1]) }),
  },
  {
    name: 'a transaction’s xid',
    pattern: /\bxid (?:= )?(\d+)\b/g,
    check: (f, m) => ({ actual: f.view.txns.some((t) => t.xid === Number(m[1])), expected: true }),
  },
  {
    name: 'the REDO point recovery starts at',
    pattern: /\breplay from REDO (0\/[0-9A-F]+)/g,
    check: (f, m) => ({ actual: f.view.recovery?.from, expected: parseInt(m[1].split('/')[1], 16) }),
  },
  {
    name: 'the size of a commit record',
    pattern: /\b(\d+)-byte commit record/g,
    check: (f, m) => ({ actual: ofType(f, 'wal.inserted').find((e) => e.kind === 'COMMIT')?.size, expected: Number(m[1]) }),
  },
  {
    name: 'the ctid of a new tuple version',
    pattern: /\bnew tuple (\(\d+,\d+\))/g,
    check: (f, m) => ({ actual: ofType(f, 'tuple.inserted').map((e) => e.ctid), expected: [m[1]] }),
  },
  {
    name: 'a commit made durable by a later flush',
    pattern: /\b(T\d+) is now durable\b/g,
    check: (f, m) => {
      const t = f.view.txns.find((x) => x.name === m[1]);
      return { actual: t !== undefined && t.commitEnd !== null && t.commitEnd <= f.view.wal.flushed, expected: true };
    },
  },
  {
    name: 'one fsync',
    pattern: /\bone fsync\b/g,
    check: (f) => ({ actual: ofType(f, 'file.synced').length, expected: 1 }),
  },
  {
    name: 'no data page written',
    pattern: /\bzero data page writes\b/g,
    check: (f) => ({ actual: ofType(f, 'page.written').length, expected: 0 }),
  },
  {
    name: 'a transaction survives recovery',
    pattern: /(?<!of )\b(T\d+) survives\b/g,
    check: (f, m) => ({ actual: f.view.recovery?.survived.some((t) => t.tx === m[1]), expected: true }),
  },
  {
    name: 'transactions lost although acknowledged',
    pattern: /\b(T\d+) and (T\d+) were reported committed but are gone\b/g,
    check: (f, m) => ({
      actual: [m[1], m[2]].map((tx) => f.view.recovery?.lost.some((t) => t.tx === tx)),
      expected: [true, true],
    }),
  },
  {
    name: 'the accounts’ total',
    pattern: /\badd up to (\d+)\b/g,
    check: (f, m) => ({
      actual: (f.view.rows.accounts ?? []).reduce((n, r) => n + Number(r.values.balance), 0),
      expected: Number(m[1]),
    }),
  },
  {
    name: 'dirty pages in shared buffers',
    pattern: /\b(One|Two|Three|Four|Five|Six|\d+) dirty pages in shared buffers\b/gi,
    check: (f, m) => ({ actual: f.view.frames.filter((fr) => fr.dirty).length, expected: num(m[1]) }),
  },
  {
    name: 'dirty pages the background writer writes',
    pattern: /\bthe dirty ones \((\w+)\) it writes now\b/g,
    check: (f, m) => ({ actual: ofType(f, 'page.written').filter((e) => e.by === 'bgwriter').length, expected: num(m[1]) }),
  },
  {
    name: 'buffer frames',
    pattern: /\b(One|Two|Three|Four|Five|Six|Seven|Eight|\d+) buffer frames\b/gi,
    check: (f, m) => ({ actual: f.view.frames.length, expected: num(m[1]) }),
  },
  {
    name: 'pages on disk',
    pattern: /\b(One|Two|Three|Four|Five|Six|Seven|Eight|\d+) pages on disk\b/gi,
    check: (f, m) => ({ actual: pages(f), expected: num(m[1]) }),
  },
  {
    name: 'a torn block',
    pattern: /\bblock (\d+) is torn\b/g,
    check: (f, m) => ({ actual: ofType(f, 'node.crashed')[0]?.torn?.endsWith(`/${m[1]}`), expected: true }),
  },
  {
    name: 'versions VACUUM could not remove yet',
    pattern: /\b(\d+) are dead but not yet removable\b/g,
    check: (f, m) => ({ actual: ofType(f, 'table.vacuumed')[0]?.deadNotRemovable, expected: Number(m[1]) }),
  },
  {
    name: 'VACUUM’s removable cutoff',
    pattern: /\bremovable cutoff:? (\d+)/g,
    check: (f, m) => ({ actual: ofType(f, 'table.vacuumed')[0]?.oldestXmin, expected: Number(m[1]) }),
  },
  {
    name: 'dead versions VACUUM removes',
    pattern: /\bremoves the (\d+) dead versions\b/g,
    check: (f, m) => ({ actual: ofType(f, 'table.vacuumed')[0]?.removed, expected: Number(m[1]) }),
  },
  {
    name: 'the xmin horizon',
    pattern: /\b(?:snapshot xmin,?|holding xmin|the horizon is) (\d+)\b/g,
    check: (f, m) => ({ actual: f.view.vacuum.horizon.xmin, expected: Number(m[1]) }),
  },
  {
    name: 'n_dead_tup',
    pattern: /\bn_dead_tup (?:stays |is |reaches )?(\d+)\b/g,
    check: (f, m) => ({ actual: f.view.vacuum.tables.reduce((n, t) => n + t.dead, 0), expected: Number(m[1]) }),
  },
  {
    name: 'pages in a table',
    pattern: /\b(?:keeps its|now has|grows to) (\w+) pages\b/g,
    check: (f, m) => ({ actual: f.view.vacuum.tables.reduce((n, t) => n + t.pages, 0), expected: num(m[1]) }),
  },
  {
    name: 'a new last page',
    pattern: /\bon a new page (\d+)\b/g,
    check: (f, m) => ({ actual: f.view.vacuum.tables.reduce((n, t) => n + t.pages, 0) - 1, expected: Number(m[1]) }),
  },
  {
    name: 'the server is down after a crash',
    pattern: /^(?:The power fails|Power cut)/g,
    check: (f) => ({ actual: f.view.phase, expected: 'crashed' }),
  },
  {
    name: 'recovery could not start the server',
    pattern: /\bPostgreSQL refuses to start\b/g,
    check: (f) => ({ actual: f.view.phase, expected: 'failed' }),
  },
];

/** Every claim a frame's narration makes, checked against the frame: failures in words. */
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

describe('When every durability preset is replayed', () => {
  let total = 0;
  for (const preset of durabilityPresets) {
    it(`"${preset.title}" says only what its frames show`, () => {
      const run = labFrames('durability', preset);
      const wrong: string[] = [];
      for (let step = 0; step <= preset.steps.length; step++) {
        const r = contradictions(run.at(step));
        total += r.checked;
        wrong.push(...r.wrong);
      }
      expect(wrong).toEqual([]);
    });
  }
  it('checks a claim in most presets (the patterns still match the words)', () => {
    expect(total).toBeGreaterThanOrEqual(25);
  });
});

describe('When a narration states a balance the frame does not show', () => {
  it('is reported as a contradiction', () => {
    const run = labFrames('durability', 'pg-bank-transfer-survives');
    const last = run.at(6);
    expect(contradictions(last).wrong).toEqual([]);
    expect(contradictions({ ...last, narration: 'Alice has 100, Bob 80.' }).wrong).toEqual([
      'step 6, a balance: "Alice has 100" but the frame shows 70',
    ]);
  });
});
