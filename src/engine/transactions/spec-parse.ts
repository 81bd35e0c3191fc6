/**
 * PostgreSQL's isolation tester spec format (src/test/isolation/specparse.y):
 *
 *   setup { SQL }            (any number; run in order on the control connection)
 *   teardown { SQL }
 *   session name
 *     setup { SQL }  step name { SQL } ...  teardown { SQL }
 *   permutation step step ...  (none: every interleaving that keeps each session's order)
 *
 * `#` starts a comment; names may be double-quoted; a step in a permutation may carry a
 * blocker annotation in parentheses, which is read and ignored.
 */
export interface SpecStep {
  readonly name: string;
  readonly session: string;
  readonly sql: string;
}

export interface SpecSession {
  readonly name: string;
  readonly setup: string | null;
  readonly teardown: string | null;
  readonly steps: readonly SpecStep[];
}

export interface Spec {
  readonly setup: readonly string[];
  readonly teardown: string | null;
  readonly sessions: readonly SpecSession[];
  /** Explicit permutations, as step names; empty means all. */
  readonly permutations: readonly (readonly string[])[];
}

/** A spec that does not parse, with the line where it went wrong. */
export class SpecError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`${message} (line ${line})`);
    this.name = 'SpecError';
  }
}

type Tok = { readonly k: 'word' | 'sql' | 'open' | 'close' | 'star'; readonly v: string; readonly line: number };

function tokenize(text: string): Tok[] {
  const out: Tok[] = [];
  let line = 1;
  for (let i = 0; i < text.length;) {
    const c = text[i];
    if (c === '\n') {
      line++;
      i++;
    } else if (/\s/.test(c)) i++;
    else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '{') {
      const end = text.indexOf('}', i + 1);
      if (end < 0) throw new SpecError('unterminated { block', line);
      const body = text.slice(i + 1, end);
      // Like specscanner.l: spaces and tabs after "{" and before "}" go, newlines stay.
      out.push({ k: 'sql', v: body.replace(/^[ \t\r\f]+/, '').replace(/[ \t\r\f]+$/, ''), line });
      line += body.split('\n').length - 1;
      i = end + 1;
    } else if (c === '"') {
      const end = text.indexOf('"', i + 1);
      if (end < 0) throw new SpecError('unterminated quoted name', line);
      out.push({ k: 'word', v: text.slice(i + 1, end), line });
      i = end + 1;
    } else if (c === '(' || c === ')' || c === '*' || c === ',') {
      out.push({ k: c === '(' ? 'open' : c === ')' ? 'close' : 'star', v: c, line });
      i++;
    } else {
      const m = /^[^\s{}()"#*,]+/.exec(text.slice(i));
      if (!m) throw new SpecError(`unexpected character ${c}`, line);
      out.push({ k: 'word', v: m[0], line });
      i += m[0].length;
    }
  }
  return out;
}

/** Parse a spec file. */
export function parseSpec(text: string): Spec {
  const toks = tokenize(text);
  let i = 0;
  const peek = () => toks[i];
  const sql = (): string => {
    const t = toks[i++];
    if (!t || t.k !== 'sql') throw new SpecError('expected a { SQL } block', t?.line ?? 0);
    return t.v;
  };
  const name = (): string => {
    const t = toks[i++];
    if (!t || t.k !== 'word') throw new SpecError('expected a name', t?.line ?? 0);
    return t.v;
  };
  const setup: string[] = [];
  let teardown: string | null = null;
  const sessions: SpecSession[] = [];
  const permutations: string[][] = [];
  while (i < toks.length) {
    const t = toks[i++];
    if (t.k !== 'word') throw new SpecError(`unexpected ${t.v}`, t.line);
    if (t.v === 'setup') setup.push(sql());
    else if (t.v === 'teardown') teardown = sql();
    else if (t.v === 'session') {
      const s = name();
      let sSetup: string | null = null;
      let sTeardown: string | null = null;
      const steps: SpecStep[] = [];
      while (peek()?.k === 'word' && ['setup', 'step', 'teardown'].includes(peek().v)) {
        const kw = toks[i++].v;
        if (kw === 'setup') sSetup = sql();
        else if (kw === 'teardown') sTeardown = sql();
        else steps.push({ name: name(), session: s, sql: sql() });
      }
      sessions.push({ name: s, setup: sSetup, teardown: sTeardown, steps });
    } else if (t.v === 'permutation') {
      const perm: string[] = [];
      while (peek()?.k === 'word' && !['setup', 'teardown', 'session', 'permutation'].includes(peek().v)) {
        perm.push(name());
        if (peek()?.k === 'open') {
          while (i < toks.length && toks[i].k !== 'close') i++;
          i++;
        }
      }
      permutations.push(perm);
    } else throw new SpecError(`unexpected ${t.v}`, t.line);
  }
  const names = new Set<string>();
  for (const s of sessions)
    for (const st of s.steps) {
      if (names.has(st.name)) throw new SpecError(`step name "${st.name}" is used more than once`, 0);
      names.add(st.name);
    }
  for (const p of permutations)
    for (const n of p) if (!names.has(n)) throw new SpecError(`undefined step "${n}" specified in permutation`, 0);
  return { setup, teardown, sessions, permutations };
}

/** Every interleaving of some lists that keeps each list's own order, in the order the isolation tester enumerates them. */
export function interleavings<T>(lists: readonly (readonly T[])[]): T[][] {
  const out: T[][] = [];
  const total = lists.reduce((n, l) => n + l.length, 0);
  const pos = lists.map(() => 0);
  const cur: T[] = [];
  const rec = () => {
    if (cur.length === total) {
      out.push(cur.slice());
      return;
    }
    for (let s = 0; s < lists.length; s++) {
      if (pos[s] >= lists[s].length) continue;
      cur.push(lists[s][pos[s]++]);
      rec();
      pos[s]--;
      cur.pop();
    }
  };
  rec();
  return out;
}

/** Every interleaving of the sessions' steps that keeps each session's own order (the tester's default). */
export function allPermutations(spec: Spec): string[][] {
  return interleavings(spec.sessions.map((s) => s.steps.map((st) => st.name)));
}
