import { describe, expect, it } from 'vitest';
import { presetById } from '../../../../scenarios';
import { buildScenario, type Draft, type DraftAction, draftOf, MAX_EDIT_STEPS, problemsOf, reduce, type TxnScenario } from './draft';

const lostUpdate = presetById('txn-lost-update-rc')?.scenario as TxnScenario;
const writeSkew = presetById('txn-write-skew')?.scenario as TxnScenario;

const apply = (d: Draft, ...actions: DraftAction[]) => actions.reduce(reduce, d);
const built = (d: Draft) => {
  const b = buildScenario(d);
  if (!b.ok) throw new Error(b.problems.map((p) => p.message).join('; '));
  return b;
};

describe('When a draft is built into a scenario', () => {
  it('an untouched draft gives back the preset itself, expected outcome and narration included', () => {
    const b = built(draftOf(lostUpdate));
    expect(b.changed).toBe(false);
    expect(b.scenario).toEqual(lostUpdate);
  });

  it('a moved step keeps the narration before the first difference only, drops the expected outcome and marks the title', () => {
    const b = built(apply(draftOf(lostUpdate), { type: 'move', from: 6, to: 5 }));
    expect(b.changed).toBe(true);
    expect(b.scenario.title).toBe('Lost update under Read Committed (edited)');
    expect(b.scenario.expect).toBeUndefined();
    expect(b.scenario.steps.slice(0, 5)).toEqual(lostUpdate.steps.slice(0, 5));
    expect(b.scenario.steps.slice(5).map((s) => s.say)).toEqual([undefined, undefined, undefined]);
    expect(b.scenario.steps.slice(5).map((s) => s.do.sql)).toEqual(['COMMIT', 'UPDATE counter SET x = 1 WHERE id = 1', 'COMMIT']);
    expect(b.scenario.preset).toBe('txn-lost-update-rc');
  });

  it('an isolation level or a new setup changes the whole story: no narration is kept', () => {
    const d = draftOf(lostUpdate);
    const iso = built(apply(d, { type: 'isolation', id: d.sessions[1].id, level: 'serializable' })).scenario;
    expect(iso.options.isolation).toEqual({ s2: 'serializable' });
    expect(iso.steps.every((s) => s.say === undefined)).toBe(true);
    const setup = built(
      apply(d, { type: 'setup', sql: 'CREATE TABLE counter (id int PRIMARY KEY, x int NOT NULL); INSERT INTO counter VALUES (1, 10);' }),
    ).scenario;
    expect(setup.options.setup).toEqual(['CREATE TABLE counter (id int PRIMARY KEY, x int NOT NULL); INSERT INTO counter VALUES (1, 10);']);
    expect(setup.steps.every((s) => s.say === undefined)).toBe(true);
    expect(setup.expect).toBeUndefined();
  });

  it('keeps options it does not edit (defaultIsolation, textbook dirty reads) and a title the user chose', () => {
    const d = apply(
      draftOf(writeSkew),
      { type: 'title', title: 'Write skew, fixed' },
      { type: 'removeStep', id: draftOf(writeSkew).steps[7].id },
    );
    const s = built(d).scenario;
    expect(s.title).toBe('Write skew, fixed');
    expect(s.options.defaultIsolation).toBe(writeSkew.options.defaultIsolation);
    expect(s.steps).toHaveLength(writeSkew.steps.length - 1);
    // The "Default" choice names the scenario's default level, so nothing is written per session.
    expect(s.options.isolation).toBeUndefined();
  });

  it('renaming a session renames it in every step and in options.isolation', () => {
    const d0 = draftOf({ ...lostUpdate, options: { ...lostUpdate.options, isolation: { s1: 'repeatable read' } } });
    const s = built(apply(d0, { type: 'renameSession', id: d0.sessions[0].id, name: ' alice ' })).scenario;
    expect(s.options.sessions).toEqual(['alice', 's2']);
    expect(s.options.isolation).toEqual({ alice: 'repeatable read' });
    expect(s.steps.filter((x) => x.do.session === 'alice')).toHaveLength(4);
  });
});

describe('When a draft cannot run', () => {
  it('names an empty step, a missing title, a duplicate or reserved session name, each where it is', () => {
    const d0 = draftOf(lostUpdate);
    const d = apply(
      d0,
      { type: 'addStep', session: d0.sessions[0].id },
      { type: 'title', title: '  ' },
      { type: 'renameSession', id: d0.sessions[1].id, name: 's1' },
    );
    const problems = problemsOf(d);
    expect(problems.map((p) => [p.where, p.message])).toEqual([
      ['title', 'Give the scenario a title.'],
      ['session', 'Two sessions are called s1.'],
      ['step', 'Step 9 is empty: write its SQL or remove it.'],
    ]);
    expect(problems[2].id).toBe(d.steps[8].id);
    expect(buildScenario(d).ok).toBe(false);
    const reserved = apply(d0, { type: 'renameSession', id: d0.sessions[0].id, name: '(setup)' });
    expect(problemsOf(reserved)[0].message).toMatch(/cannot start with "\("/);
  });

  it("stops adding steps at the editor's limit, and says so for a longer imported schedule", () => {
    const many: TxnScenario = { ...lostUpdate, steps: Array.from({ length: MAX_EDIT_STEPS + 3 }, () => lostUpdate.steps[2]) };
    const d = draftOf(many);
    expect(apply(d, { type: 'addStep', session: d.sessions[0].id }).steps).toHaveLength(MAX_EDIT_STEPS + 3);
    expect(problemsOf(d).map((p) => p.message)).toEqual([
      `The editor holds at most ${MAX_EDIT_STEPS} steps; this schedule has ${MAX_EDIT_STEPS + 3}: remove 3.`,
    ]);
  });

  it('a step whose session is gone is named, and removing a session removes its steps', () => {
    const d0 = draftOf(lostUpdate);
    const orphan: Draft = { ...d0, steps: [...d0.steps, { id: 99, session: 42, sql: 'SELECT 1' }] };
    expect(problemsOf(orphan).map((p) => p.message)).toEqual([
      'Step 9 runs in a session that does not exist: choose one or remove the step.',
    ]);
    const one = apply(d0, { type: 'removeSession', id: d0.sessions[0].id });
    expect(one.steps.map((s) => s.session)).toEqual([d0.sessions[1].id, d0.sessions[1].id, d0.sessions[1].id, d0.sessions[1].id]);
    // The last session stays.
    expect(apply(one, { type: 'removeSession', id: d0.sessions[1].id }).sessions).toHaveLength(1);
  });

  it('ignores moves out of range', () => {
    const d = draftOf(lostUpdate);
    expect(apply(d, { type: 'move', from: 0, to: 8 })).toBe(d);
    expect(apply(d, { type: 'move', from: -1, to: 2 })).toBe(d);
  });
});
