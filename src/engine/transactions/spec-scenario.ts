import { parseScenario, type Scenario } from '../scenario/schema';
import { parseSpec, type Spec, SpecError, type SpecStep } from './spec-parse';
import type { IsoLevel } from './types';

type TxnScenario = Extract<Scenario, { lab: 'transactions' }>;
type TxnStep = TxnScenario['steps'][number];

/** A scenario imported from a spec file, and what of the spec it could not carry. */
export interface ImportedSpec {
  readonly scenario: TxnScenario;
  /** Plain sentences: dropped teardown, permutations not taken, session setups turned into steps. */
  readonly notes: readonly string[];
  /** The permutations the spec lists, as step names (none: the tester would run them all). */
  readonly permutations: readonly (readonly string[])[];
}

const ISO_LEVELS: readonly IsoLevel[] = ['read uncommitted', 'read committed', 'repeatable read', 'serializable'];

/** `SET [SESSION] default_transaction_isolation = 'level'` (or TO), alone in a session's setup block. */
const SET_DEFAULT_ISO = /^SET\s+(?:SESSION\s+)?default_transaction_isolation\s*(?:=|TO)\s*'([a-z ]+)'\s*;?$/i;
/** `SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL level`, the same thing said the long way. */
const SET_CHARACTERISTICS =
  /^SET\s+SESSION\s+CHARACTERISTICS\s+AS\s+TRANSACTION\s+ISOLATION\s+LEVEL\s+(READ\s+UNCOMMITTED|READ\s+COMMITTED|REPEATABLE\s+READ|SERIALIZABLE)\s*;?$/i;

/** The isolation level a session setup block sets, when that is all it does. */
function setupIsolation(sql: string): IsoLevel | null {
  const text = sql.trim();
  const m = SET_DEFAULT_ISO.exec(text) ?? SET_CHARACTERISTICS.exec(text);
  if (!m) return null;
  const level = m[1].toLowerCase().replace(/\s+/g, ' ') as IsoLevel;
  return ISO_LEVELS.includes(level) ? level : null;
}

/** The title a spec gives itself: its first comment line, if the file starts with one. */
function specTitle(text: string): string | null {
  const first = /^\s*#\s*(.+)$/m.exec(text);
  if (!first || text.slice(0, first.index).trim() !== '') return null;
  return first[1].trim().slice(0, 200) || null;
}

/**
 * Import an isolation-tester spec as a transactions scenario. The schedule is the spec's
 * first permutation (or `permutation`, 0-based), or, when it lists none, every session's
 * steps in session order (the first of the orders the tester would run). A session setup
 * that only sets default_transaction_isolation becomes that session's `options.isolation`;
 * any other session setup runs as the first step of its session, in session order, as the
 * tester runs them before the permutation. Throws SpecError for a spec that does not parse,
 * ScenarioError for one the scenario format cannot hold (too many sessions, a long name…).
 */
export function specToScenario(text: string, opts: { title?: string; permutation?: number } = {}): ImportedSpec {
  const spec = parseSpec(text);
  if (spec.sessions.length === 0) throw new SpecError('the spec has no session', 0);
  const notes: string[] = [];
  const byName = new Map<string, SpecStep>();
  for (const s of spec.sessions) for (const st of s.steps) byName.set(st.name, st);

  const which = opts.permutation ?? 0;
  let order: readonly string[];
  if (spec.permutations.length > 0) {
    if (!Number.isInteger(which) || which < 0 || which >= spec.permutations.length)
      throw new SpecError(`there is no permutation ${which + 1}: the spec lists ${spec.permutations.length}`, 0);
    order = spec.permutations[which];
    if (spec.permutations.length > 1)
      notes.push(`The spec lists ${spec.permutations.length} permutations; this is permutation ${which + 1}.`);
  } else {
    order = spec.sessions.flatMap((s) => s.steps.map((st) => st.name));
    notes.push('The spec lists no permutation: its steps run session by session, the first order the isolation tester would try.');
  }

  const isolation: Record<string, IsoLevel> = {};
  const setupSteps: TxnStep[] = [];
  for (const s of spec.sessions) {
    if (s.setup === null) continue;
    const iso = setupIsolation(s.setup);
    if (iso) isolation[s.name] = iso;
    else {
      setupSteps.push({ do: { type: 'step', session: s.name, sql: dedent(s.setup) } });
      notes.push(`Session ${s.name}'s setup block runs as its first step.`);
    }
  }
  if (spec.teardown !== null || spec.sessions.some((s) => s.teardown !== null))
    notes.push('Teardown blocks are not imported: a scenario ends at its last step.');

  const steps: TxnStep[] = [...setupSteps, ...order.map((n) => stepOf(byName.get(n) as SpecStep))];
  const data = {
    v: 1,
    lab: 'transactions',
    title: opts.title ?? specTitle(text) ?? 'Imported spec',
    seed: 1,
    options: {
      sessions: spec.sessions.map((s) => s.name),
      ...(spec.setup.length ? { setup: spec.setup.map(dedent) } : {}),
      ...(Object.keys(isolation).length ? { isolation } : {}),
    },
    steps,
  };
  const scenario = parseScenario(data);
  if (scenario.lab !== 'transactions') throw new SpecError('not a transactions scenario', 0);
  return { scenario, notes, permutations: spec.permutations };
}

/**
 * A block's SQL without the indentation its lines share (a multi-line block is usually indented
 * inside its braces), then trimmed: what a person would type into the editor. Export indents
 * by two spaces, so the round trip gives the SQL back.
 */
export function dedent(raw: string): string {
  // A line break inside a string literal is data: then only the ends are trimmed.
  let quoted = false;
  for (const c of raw) {
    if (c === "'") quoted = !quoted;
    else if (c === '\n' && quoted) return raw.trim();
  }
  const lines = raw.split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0);
  const common = indents.length ? Math.min(...indents) : 0;
  return lines
    .map((l) => l.slice(Math.min(common, /^[ \t]*/.exec(l)?.[0].length ?? 0)))
    .join('\n')
    .trim();
}

/** Names that export makes up for unnamed steps (`s1_3`): dropped again on import. */
const generatedName = (session: string, name: string) => name.startsWith(`${session}_`) && /^\d+$/.test(name.slice(session.length + 1));

function stepOf(st: SpecStep): TxnStep {
  const sql = dedent(st.sql);
  return {
    do: generatedName(st.session, st.name)
      ? { type: 'step', session: st.session, sql }
      : { type: 'step', session: st.session, sql, name: st.name },
  };
}

const KEYWORDS = new Set(['setup', 'teardown', 'session', 'step', 'permutation']);

/** A name as the spec format writes it: bare when the scanner reads it back as one word, else double-quoted. */
function specName(name: string): string {
  if (name.includes('"')) throw new SpecError(`the name ${name} contains a double quote, which the spec format cannot write`, 0);
  return /^[^\s{}()"#*,]+$/.test(name) && !KEYWORDS.has(name) ? name : `"${name}"`;
}

/** A `{ SQL }` block; the format ends a block at the first `}`, so SQL holding one cannot be written. */
function block(sql: string, where: string): string {
  if (sql.includes('}')) throw new SpecError(`${where} contains "}", which ends a block in the spec format`, 0);
  const body = sql.trim();
  return body.includes('\n') ? `{\n  ${body.replace(/\n/g, '\n  ')}\n}` : `{ ${body} }`;
}

/**
 * A transactions scenario as an isolation-tester spec: setup blocks, one session per scenario
 * session (its isolation level as a `SET default_transaction_isolation` setup), each distinct
 * step once, and one permutation with the scenario's order. Unnamed steps get `<session>_<n>`.
 * Throws SpecError when the scenario holds something the format cannot write (a `}` in SQL).
 */
export function scenarioToSpec(scenario: TxnScenario): string {
  const { options } = scenario;
  const out: string[] = [`# ${scenario.title.replace(/\n/g, ' ')}`];
  if (options.textbookDirtyReads)
    out.push('# This scenario asks for textbook dirty reads, which PostgreSQL never gives: the spec runs without them.');
  if (options.firstXid !== undefined) out.push(`# The scenario's first xid (${options.firstXid}) is not part of the spec format.`);
  out.push('');
  for (const [i, sql] of (options.setup ?? []).entries()) out.push(`setup ${block(sql, `setup block ${i + 1}`)}`);
  if (options.setup?.length) out.push('');

  // One spec step per distinct (session, name, SQL); a repeated one repeats its name in the permutation.
  const taken = new Set(scenario.steps.flatMap((s) => (s.do.name ? [s.do.name] : [])));
  const keyOf = (a: TxnStep['do']) => JSON.stringify([a.session, a.name ?? null, a.sql.trim()]);
  const nameOfKey = new Map<string, string>();
  const perSession = new Map<string, { name: string; sql: string }[]>(options.sessions.map((s) => [s, []]));
  const counters = new Map<string, number>();
  const permutation: string[] = [];
  for (const [i, { do: a }] of scenario.steps.entries()) {
    const list = perSession.get(a.session);
    if (!list) throw new SpecError(`step ${i + 1} runs in session ${a.session}, which the scenario does not declare`, 0);
    const key = keyOf(a);
    let name = nameOfKey.get(key);
    if (name === undefined) {
      // The parser ends a permutation at a keyword even when quoted, so such names are replaced.
      if (a.name && !KEYWORDS.has(a.name) && !nameOfKey.has(`name:${a.name}`)) name = a.name;
      else {
        let n = counters.get(a.session) ?? 0;
        do name = `${a.session}_${++n}`;
        while (taken.has(name));
        counters.set(a.session, n);
        taken.add(name);
      }
      nameOfKey.set(key, name);
      nameOfKey.set(`name:${name}`, name);
      list.push({ name, sql: block(a.sql, `step ${i + 1}'s SQL`) });
    }
    permutation.push(name);
  }

  for (const s of options.sessions) {
    out.push(`session ${specName(s)}`);
    const iso = options.isolation && Object.hasOwn(options.isolation, s) ? options.isolation[s] : options.defaultIsolation;
    if (iso) out.push(`setup { SET default_transaction_isolation = '${iso}'; }`);
    for (const st of perSession.get(s) ?? []) out.push(`step ${specName(st.name)} ${st.sql}`);
    out.push('');
  }
  if (permutation.length) out.push(`permutation ${permutation.map(specName).join(' ')}`);
  return `${out.join('\n').trimEnd()}\n`;
}

/** A file name for the exported spec, from the scenario's title. */
export function specFileName(title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${slug || 'scenario'}.spec`;
}

export type { Spec };
