import { describe, expect, it } from 'vitest';
import { labFrames } from '../../../test/support/frame-at';
import { label, describe as narrate } from '../../engine/transactions/text';
import type { View } from '../../engine/transactions/view';
import type { LabFrame } from '../../worker/protocol';
import type { TxnScenario } from './helpers';
import { transactionsPresets } from './presets';

type Frame = LabFrame<'transactions'>;

/**
 * What a sentence claims, checked against the frame it is shown beside. Each checker reads
 * one kind of claim out of the words (values read, waits, commits, xids in progress, errors)
 * and returns the claims the view contradicts.
 */
type Checker = (text: string, frame: Frame, session: string | null) => string[];

const sessionOf = (v: View, name: string) => v.sessions.find((s) => s.name.toLowerCase() === name.toLowerCase());
/** The newest xid a session's transactions had (its current one, or its last that wrote). */
const xidOf = (v: View, name: string): number => {
  const now = sessionOf(v, name)?.xid;
  if (now) return now;
  const named = Object.values(v.graph.names).filter((n) => n.startsWith(`${name} (xid `));
  return named.length ? Number(/xid (\d+)/.exec(named[named.length - 1])?.[1]) : NaN;
};
const rowOf = (f: Frame) => f.view.schedule.rows.find((r) => r.step === f.step);
const resultsOf = (f: Frame, session: string | null) =>
  (rowOf(f)?.cells ?? []).filter((c) => c.session === session).flatMap((c) => c.results);
const valuesRead = (f: Frame, session: string | null) => resultsOf(f, session).flatMap((r) => r.rows.flat());

/** "reads 200", "Still 100", "checks: 0", "counts 3", "balance = 100": a number this step's SELECT returned. */
const valuesClaimed: Checker = (text, f, session) => {
  const read = valuesRead(f, session);
  if (read.length === 0) return [];
  const columns = new Set(resultsOf(f, session).flatMap((r) => r.columns));
  const out: string[] = [];
  for (const m of text.matchAll(/\b(?:reads(?: \w+ =)?|Still|checks:|too:|counts|Count:|snapshot:|(\w+) =) (\d+)\b/g))
    if ((m[1] === undefined || columns.has(m[1])) && !read.includes(m[2])) out.push(`"${m[0]}" but ${session} read ${read.join(', ')}`);
  return out;
};

/** "s1 writes x = 1", "Two increments, x = 1": some version of a table with that column holds the value. */
const valuesWritten: Checker = (text, f, session) => {
  if (valuesRead(f, session).length > 0) return [];
  const out: string[] = [];
  for (const m of text.matchAll(/\b(\w+) = (\d+)\b/g)) {
    const tables = f.view.tables.filter((t) => t.columns.includes(m[1]));
    if (tables.length === 0) continue;
    const held = tables.some((t) => t.tuples.some((u) => u.values[t.columns.indexOf(m[1])] === m[2]));
    if (!held) out.push(`"${m[0]}" but no version holds it`);
  }
  return out;
};

/** "it waits on s1's xid", "s2 (xid 5) waits for s1 (xid 4)": the step's session waits, for that holder's xid. */
const waits: Checker = (text, f, session) => {
  const out: string[] = [];
  for (const m of text.matchAll(/\b(it|he|she|\w+)(?: \((?:xid (\d+)|no xid yet)\))? waits (?:for|on) (\w+)(?:'s xid| \(xid (\d+)\))?/g)) {
    const who = ['it', 'he', 'she'].includes(m[1]) ? session : m[1];
    const waiter = who ? sessionOf(f.view, who) : undefined;
    if (!waiter) continue;
    if (m[2] !== undefined && String(waiter.xid) !== m[2]) out.push(`"${m[0]}" but ${waiter.name}'s xid is ${waiter.xid}`);
    if (m[0].includes('no xid yet') && waiter.xid !== 0) out.push(`"${m[0]}" but ${waiter.name} has xid ${waiter.xid}`);
    const holder = sessionOf(f.view, m[3]);
    const cancelled = /deadlock/i.test(text);
    if (holder && m[4] !== undefined && String(holder.xid) !== m[4]) out.push(`"${m[0]}" but ${holder.name}'s xid is ${holder.xid}`);
    if (cancelled) continue;
    if (waiter.status !== 'waiting') out.push(`"${m[0]}" but ${waiter.name} is ${waiter.status}`);
    else if (holder && waiter.waitingFor !== holder.xid) out.push(`"${m[0]}" but ${waiter.name} waits for xid ${waiter.waitingFor}`);
  }
  if (/\bTransaction \d+ is blocked\b/.test(text)) out.push('names transactions by number instead of by session');
  return out;
};

/** "s1 commits", "(xid 4 is now committed in pg_xact)", "xmin is s1's xid, still in progress". */
const xactStates: Checker = (text, f) => {
  const out: string[] = [];
  const clog = new Map(f.view.clog.map((c) => [c.xid, c.state]));
  for (const m of text.matchAll(/xid (\d+) is now committed/g))
    if (clog.get(Number(m[1])) !== 'committed') out.push(`"${m[0]}" but pg_xact says ${clog.get(Number(m[1])) ?? 'nothing'}`);
  for (const m of text.matchAll(/\b(\w+) commits\b/g)) {
    const s = sessionOf(f.view, m[1]);
    const ended = rowOf(f)?.cells.find((c) => c.session === s?.name)?.end;
    if (s && ended !== 'committed') out.push(`"${m[0]}" but its step ended ${ended ?? 'without a commit'}`);
  }
  for (const m of text.matchAll(/(?:\b(\w+)'s xid|held by (\w+)), still in progress/g)) {
    const s = sessionOf(f.view, m[1] ?? m[2]);
    if (s && clog.get(s.xid) !== 'in progress') out.push(`"${m[0]}" but xid ${s.xid} is ${clog.get(s.xid) ?? 'unassigned'}`);
  }
  return out;
};

/** "s2's snapshot lists s1's xid as in progress", "s2's xid is not below its xmax". */
const snapshots: Checker = (text, f, session) => {
  const out: string[] = [];
  for (const m of text.matchAll(/(\w+)'s snapshot lists (\w+)'s xid as in progress/g)) {
    const snap = sessionOf(f.view, m[1])?.snapshot;
    const xid = sessionOf(f.view, m[2])?.xid;
    if (!snap || xid === undefined || !snap.xip.includes(xid)) out.push(`"${m[0]}" but the snapshot is ${JSON.stringify(snap)}`);
  }
  const own = session ? sessionOf(f.view, session)?.snapshot : null;
  for (const m of text.matchAll(/(\w+)'s xid was in progress|an xmin the snapshot calls in progress/g)) {
    const xid = m[1] ? xidOf(f.view, m[1]) : NaN;
    if (!own || (m[1] ? !own.xip.includes(xid) : own.xip.length === 0))
      out.push(`"${m[0]}" but ${session}'s snapshot lists [${own?.xip.join(', ') ?? ''}] in progress`);
  }
  for (const m of text.matchAll(/(\w+)'s xid is not below its xmax/g)) {
    const n = xidOf(f.view, m[1]);
    if (!own || !(n >= own.xmax)) out.push(`"${m[0]}" but ${m[1]}'s xid is ${n} and the snapshot ${JSON.stringify(own)}`);
  }
  return out;
};

/** PostgreSQL's errors the words name: the step's row shows that SQLSTATE. */
const ERROR_WORDS: readonly [RegExp, string][] = [
  [/could not serialize access/, '40001'],
  [/deadlock detector cancels|Deadlock: /, '40P01'],
  [/duplicate key value/, '23505'],
  [/CHECK constraint fails|violates check constraint/, '23514'],
];
const errors: Checker = (text, f) => {
  const codes = (rowOf(f)?.cells ?? []).flatMap((c) => (c.error ? [c.error.code] : []));
  const messages = (rowOf(f)?.cells ?? []).flatMap((c) => (c.error ? [c.error.message] : []));
  const out = ERROR_WORDS.filter(([re, code]) => re.test(text) && !codes.includes(code)).map(([re, code]) => `${re} but no ${code} here`);
  for (const m of text.matchAll(/ERROR: ([^.]+)\./g))
    if (!messages.includes(m[1])) out.push(`"${m[0]}" but the errors are ${messages.join('; ')}`);
  return out;
};

const CHECKERS: readonly Checker[] = [valuesClaimed, valuesWritten, waits, xactStates, snapshots, errors];

const claimsAgainst = (text: string, f: Frame, session: string | null) => CHECKERS.flatMap((c) => c(text, f, session));

/** Every step of a preset: the frame, the narration shown, and the engine's own sentence for it. */
function* stepsOf(preset: TxnScenario) {
  const run = labFrames('transactions', preset);
  for (let n = 0; n <= preset.steps.length; n++) {
    const frame = run.at(n);
    const action = n > 0 ? preset.steps[n - 1].do : undefined;
    // The engine's sentence starts with the step's SQL: only the words after it make claims.
    const generated = narrate(frame.events, action);
    yield { n, frame, action, generated: action ? generated.slice(label(action).length) : generated };
  }
}

describe.each(transactionsPresets.map((p) => [p.preset, p] as const))('When transactions preset %s is narrated', (_id, preset) => {
  it("the preset's words never contradict the frame they are shown beside", () => {
    const problems: string[] = [];
    for (const { n, frame, action } of stepsOf(preset))
      for (const p of claimsAgainst(frame.narration, frame, action?.session ?? null)) problems.push(`step ${n}: ${p}`);
    expect(problems).toEqual([]);
  });

  it("the engine's own sentences (what an edited scenario shows) never contradict the frame", () => {
    const problems: string[] = [];
    for (const { n, frame, action, generated } of stepsOf(preset))
      for (const p of claimsAgainst(generated, frame, action?.session ?? null)) problems.push(`step ${n}: ${p}`);
    expect(problems).toEqual([]);
  });

  it('step 0 names the tables the panels show', () => {
    const first = stepsOf(preset).next().value;
    if (!first) throw new Error('no step 0');
    for (const t of first.frame.view.tables) expect(first.frame.narration).toContain(t.name);
  });
});

describe('When the claims checker reads a sentence that contradicts the frame', () => {
  const frameAt = (id: string, n: number) => {
    const preset = transactionsPresets.find((p) => p.preset === id);
    if (!preset) throw new Error(id);
    return labFrames('transactions', preset).at(n);
  };

  it('finds the read value, the wait, the snapshot and the commit that are not so', () => {
    const f = frameAt('txn-nonrepeatable-read-rr', 4);
    expect(claimsAgainst('s1 reads 70.', f, 's1')).toHaveLength(1);
    expect(claimsAgainst('s1 waits for s2.', f, 's1')).toHaveLength(1);
    expect(claimsAgainst("s1's snapshot lists s2's xid as in progress.", f, 's1')).toHaveLength(1);
    // The words this preset used to say beside "in progress []".
    expect(claimsAgainst("s2's xid was in progress then.", f, 's1')).toHaveLength(1);
    expect(claimsAgainst("s2's xid is not below its xmax.", f, 's1')).toEqual([]);
    expect(claimsAgainst('Transaction 0 is blocked by transaction 4.', f, 's1')).toHaveLength(1);
    expect(claimsAgainst('s1 commits.', f, 's1')).toHaveLength(1);
    expect(claimsAgainst('s1 reads 100.', f, 's1')).toEqual([]);
  });

  it('finds an error the step did not raise', () => {
    expect(
      claimsAgainst('Deadlock: s1 → s2 wait for each other. ERROR: deadlock detected.', frameAt('txn-lost-update-rc', 6), 's2'),
    ).toHaveLength(2);
  });
});

describe('When the setup SQL has a syntax error', () => {
  it('step 0 says PostgreSQL\'s error instead of "the setup created no tables"', () => {
    const broken: TxnScenario = {
      v: 1,
      lab: 'transactions',
      title: 'Broken setup',
      seed: 1,
      options: { sessions: ['s1'], setup: ['CREATE TABL t (id int PRIMARY KEY);'] },
      steps: [{ do: { type: 'step', session: 's1', sql: 'SELECT 1' } }],
    };
    const f = labFrames('transactions', broken).at(0);
    expect(f.narration).toMatch(/The setup failed with ERROR 42601: syntax error at or near "\w+"/);
    expect(f.narration).toContain('there are no tables');
  });
});
