import { parseScenario, type ScenarioOf, ScenarioError } from '../../../../engine/scenario/schema';
import type { IsoLevel } from '../../../../engine/transactions/types';
import { CONTROL } from '../../../../engine/transactions/view';

export type TxnScenario = ScenarioOf<'transactions'>;

/** Isolation levels as the select offers them, in PostgreSQL's order. */
export const ISO_LEVELS: readonly IsoLevel[] = ['read uncommitted', 'read committed', 'repeatable read', 'serializable'];
/** The editor holds at most this many steps (a CodeMirror each); longer runs are for files and links. */
export const MAX_EDIT_STEPS = 200;
/** The scenario format's limits (src/engine/transactions/schema.ts), checked here to say them in the editor's words. */
export const MAX_SESSIONS = 16;
const MAX_NAME = 64;
const MAX_SQL = 20_000;

export interface DraftSession {
  readonly id: number;
  readonly name: string;
  /** Its default_transaction_isolation; null: the scenario's default. */
  readonly isolation: IsoLevel | null;
}

export interface DraftStep {
  readonly id: number;
  /** The id of its session (so renaming a session keeps its steps). */
  readonly session: number;
  readonly sql: string;
  readonly name?: string;
}

/** The scenario being edited: sessions and steps carry ids so React and dnd-kit can follow them. */
export interface Draft {
  readonly base: TxnScenario;
  readonly title: string;
  readonly setup: string;
  readonly sessions: readonly DraftSession[];
  readonly steps: readonly DraftStep[];
  readonly nextId: number;
}

/** The setup entries as one text, one entry per paragraph. */
const setupText = (s: TxnScenario) => (s.options.setup ?? []).join('\n\n');

/** A draft of `scenario`, ready to edit. */
export function draftOf(scenario: TxnScenario): Draft {
  let id = 1;
  const sessions = scenario.options.sessions.map((name) => ({
    id: id++,
    name,
    isolation: scenario.options.isolation && Object.hasOwn(scenario.options.isolation, name) ? scenario.options.isolation[name] : null,
  }));
  const idOf = new Map(sessions.map((s) => [s.name, s.id]));
  const steps = scenario.steps.map(({ do: a }) => ({
    id: id++,
    session: idOf.get(a.session) ?? -1,
    sql: a.sql,
    ...(a.name ? { name: a.name } : {}),
  }));
  return { base: scenario, title: scenario.title, setup: setupText(scenario), sessions, steps, nextId: id };
}

export type DraftAction =
  | { type: 'reset'; scenario: TxnScenario }
  | { type: 'title'; title: string }
  | { type: 'setup'; sql: string }
  | { type: 'addSession' }
  | { type: 'renameSession'; id: number; name: string }
  | { type: 'removeSession'; id: number }
  | { type: 'isolation'; id: number; level: IsoLevel | null }
  | { type: 'addStep'; session: number }
  | { type: 'removeStep'; id: number }
  | { type: 'editStep'; id: number; sql: string }
  | { type: 'stepSession'; id: number; session: number }
  | { type: 'move'; from: number; to: number };

/** A session name not yet taken: s1, s2, ... */
function freshName(sessions: readonly DraftSession[]): string {
  const taken = new Set(sessions.map((s) => s.name));
  let n = sessions.length + 1;
  while (taken.has(`s${n}`)) n++;
  return `s${n}`;
}

/** The editor's reducer: every change to the draft goes through here. */
export function reduce(d: Draft, a: DraftAction): Draft {
  switch (a.type) {
    case 'reset':
      return draftOf(a.scenario);
    case 'title':
      return { ...d, title: a.title };
    case 'setup':
      return { ...d, setup: a.sql };
    case 'addSession':
      if (d.sessions.length >= MAX_SESSIONS) return d;
      return { ...d, sessions: [...d.sessions, { id: d.nextId, name: freshName(d.sessions), isolation: null }], nextId: d.nextId + 1 };
    case 'renameSession':
      return { ...d, sessions: d.sessions.map((s) => (s.id === a.id ? { ...s, name: a.name } : s)) };
    case 'removeSession':
      if (d.sessions.length <= 1) return d;
      return { ...d, sessions: d.sessions.filter((s) => s.id !== a.id), steps: d.steps.filter((s) => s.session !== a.id) };
    case 'isolation':
      return { ...d, sessions: d.sessions.map((s) => (s.id === a.id ? { ...s, isolation: a.level } : s)) };
    case 'addStep':
      if (d.steps.length >= MAX_EDIT_STEPS) return d;
      return { ...d, steps: [...d.steps, { id: d.nextId, session: a.session, sql: '' }], nextId: d.nextId + 1 };
    case 'removeStep':
      return { ...d, steps: d.steps.filter((s) => s.id !== a.id) };
    case 'editStep':
      return { ...d, steps: d.steps.map((s) => (s.id === a.id ? { ...s, sql: a.sql } : s)) };
    case 'stepSession':
      return { ...d, steps: d.steps.map((s) => (s.id === a.id ? { ...s, session: a.session } : s)) };
    case 'move': {
      if (a.from === a.to || a.from < 0 || a.to < 0 || a.from >= d.steps.length || a.to >= d.steps.length) return d;
      const steps = d.steps.slice();
      const [moved] = steps.splice(a.from, 1);
      steps.splice(a.to, 0, moved);
      return { ...d, steps };
    }
  }
}

/** What stops a draft from running, said where it is. */
export interface Problem {
  readonly where: 'title' | 'setup' | 'session' | 'step' | 'scenario';
  /** The session's or step's id. */
  readonly id?: number;
  readonly message: string;
}

/** What the editor hands each of its parts (the sessions, the schedule). */
export interface EditorPart {
  readonly draft: Draft;
  readonly dispatch: (a: DraftAction) => void;
  /** The problems shown now (an empty field's only after a first try to run). */
  readonly problems: readonly Problem[];
  /** Say something to screen readers (moves, removals). */
  readonly announce: (message: string) => void;
}

/** Every problem of the draft, in reading order; empty when it can run. */
export function problemsOf(d: Draft): Problem[] {
  const out: Problem[] = [];
  if (!d.title.trim()) out.push({ where: 'title', message: 'Give the scenario a title.' });
  if (d.title.length > 200) out.push({ where: 'title', message: 'The title is longer than 200 characters.' });
  if (d.setup.length > MAX_SQL)
    out.push({ where: 'setup', message: `The setup SQL is longer than ${MAX_SQL.toLocaleString('en')} characters.` });
  const seen = new Set<string>();
  for (const [i, s] of d.sessions.entries()) {
    const name = s.name.trim();
    if (!name) out.push({ where: 'session', id: s.id, message: `Session ${i + 1} needs a name.` });
    else if (name.length > MAX_NAME)
      out.push({ where: 'session', id: s.id, message: `Session ${i + 1}'s name is longer than ${MAX_NAME} characters.` });
    else if (name.startsWith('('))
      out.push({
        where: 'session',
        id: s.id,
        message: `A session name cannot start with "(": ${CONTROL} is the connection that runs the setup.`,
      });
    else if (seen.has(name)) out.push({ where: 'session', id: s.id, message: `Two sessions are called ${name}.` });
    seen.add(name);
  }
  if (d.sessions.length > MAX_SESSIONS) out.push({ where: 'session', message: `At most ${MAX_SESSIONS} sessions.` });
  if (d.steps.length > MAX_EDIT_STEPS)
    out.push({
      where: 'scenario',
      message: `The editor holds at most ${MAX_EDIT_STEPS} steps; this schedule has ${d.steps.length}: remove ${d.steps.length - MAX_EDIT_STEPS}.`,
    });
  const sessionIds = new Set(d.sessions.map((s) => s.id));
  for (const [i, st] of d.steps.entries()) {
    if (!sessionIds.has(st.session))
      out.push({
        where: 'step',
        id: st.id,
        message: `Step ${i + 1} runs in a session that does not exist: choose one or remove the step.`,
      });
    else if (!st.sql.trim()) out.push({ where: 'step', id: st.id, message: `Step ${i + 1} is empty: write its SQL or remove it.` });
    else if (st.sql.length > MAX_SQL)
      out.push({ where: 'step', id: st.id, message: `Step ${i + 1}'s SQL is longer than ${MAX_SQL.toLocaleString('en')} characters.` });
  }
  return out;
}

const sameAction = (a: TxnScenario['steps'][number]['do'], b: TxnScenario['steps'][number]['do']) =>
  a.session === b.session && a.sql === b.sql && (a.name ?? null) === (b.name ?? null);

/** Whether the draft differs from the scenario it was made from (what Apply would change). */
export function isDirty(d: Draft): boolean {
  const b = draftOf(d.base);
  const key = (x: Draft) =>
    JSON.stringify([
      x.title,
      x.setup,
      x.sessions.map((s) => [s.id, s.name, s.isolation]),
      x.steps.map((s) => [s.session, s.sql, s.name ?? null]),
    ]);
  return key(d) !== key(b);
}

export type Built =
  { readonly ok: true; readonly scenario: TxnScenario; readonly changed: boolean } | { readonly ok: false; readonly problems: Problem[] };

/**
 * The scenario the draft describes, validated by the scenario schema. Narration stays only on
 * the steps before the first change (after it, the story the preset told may no longer be true,
 * and the engine describes each step itself); any change drops the expected outcome and marks
 * the title "(edited)".
 */
export function buildScenario(d: Draft): Built {
  const problems = problemsOf(d);
  if (problems.length) return { ok: false, problems };
  const { base } = d;
  const nameOf = new Map(d.sessions.map((s) => [s.id, s.name.trim()]));
  const sessions = d.sessions.map((s) => s.name.trim());
  const isolation = Object.fromEntries(d.sessions.flatMap((s) => (s.isolation ? [[s.name.trim(), s.isolation]] : [])));
  const setup = d.setup === setupText(base) ? base.options.setup : d.setup.trim() ? [d.setup.trim()] : undefined;
  const { setup: _s, isolation: _i, sessions: _n, ...keep } = base.options;
  const options: TxnScenario['options'] = {
    ...keep,
    sessions,
    ...(setup ? { setup } : {}),
    ...(Object.keys(isolation).length ? { isolation } : {}),
  };
  const actions = d.steps.map((st) => ({
    type: 'step' as const,
    session: nameOf.get(st.session) as string,
    sql: st.sql,
    ...(st.name ? { name: st.name } : {}),
  }));
  const sameOptions = JSON.stringify(options) === JSON.stringify(base.options);
  let prefix = 0;
  if (sameOptions)
    while (prefix < actions.length && prefix < base.steps.length && sameAction(actions[prefix], base.steps[prefix].do)) prefix++;
  const stepsChanged = !sameOptions || prefix < base.steps.length || actions.length !== base.steps.length;
  const title = d.title.trim();
  const changed = stepsChanged || title !== base.title;
  const steps = actions.map((a, i) => {
    const say = i < prefix ? base.steps[i].say : undefined;
    return say ? { do: a, say } : { do: a };
  });
  const { expect, ...rest } = base;
  const data = {
    ...rest,
    title: stepsChanged && title === base.title && !/\(edited\)$/.test(title) ? `${title.slice(0, 191)} (edited)` : title,
    options,
    steps,
    ...(expect && !stepsChanged ? { expect } : {}),
  };
  let scenario;
  try {
    scenario = parseScenario(data);
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    return { ok: false, problems: [{ where: 'scenario', message: err.message }] };
  }
  // The draft keeps its base's lab, so a valid draft is always a transactions scenario.
  if (scenario.lab !== 'transactions') throw new Error(`A transactions draft became a ${scenario.lab} scenario.`);
  return { ok: true, scenario, changed };
}
