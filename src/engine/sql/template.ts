import type { Parsed } from './ast';
import type { PgStmt } from './pg';
import { skipQuotedOrComment } from './split';
import { recentTemplates } from './template-recent';

/**
 * Statements that differ only in their integer constants share one parse, the way a prepared
 * statement is parsed once and bound many times: `SELECT abalance FROM accounts WHERE aid = 42`
 * and `... WHERE aid = 43` are one template with a slot. The template is found by reading the
 * text for integer literals (as PostgreSQL's lexer reads them, skipping strings, quoted names and
 * comments) and is proved, not assumed: the statement is converted twice from PostgreSQL's
 * parse tree, once as written and once with every literal replaced by a marker, and the two
 * results may differ only in constant nodes holding exactly those values. A literal the grammar
 * consumes itself (a type length, GROUP BY 1, a folded negative number) or anything else that
 * depends on a value makes the statement ineligible, and it is parsed in full every time.
 * Literals keep their digit count within a template, so every position in the tree still points
 * at the same character. Only data statements are templated: definitions keep source text.
 */

/** An integer literal's place in the text: [start, end). */
interface Literal {
  readonly start: number;
  readonly end: number;
}

type Path = readonly (string | number)[];

interface Template {
  /** The statements of the text the template was built from, with their slices of the text. */
  readonly stmts: readonly { readonly parsed: Parsed; readonly from: number; readonly to: number }[];
  /** Per literal, in text order: which statement and where in it the constant node is. */
  readonly slots: readonly { readonly stmt: number; readonly path: Path }[];
}

/** Longer texts and more literals than this are parsed as they come: they rarely repeat. */
const MAX_TEXT = 4000;
const MAX_LITERALS = 64;
/** Nine digits at most: every such literal is an `integer` constant, whatever its value. */
const MAX_DIGITS = 9;
const MAX_TEMPLATES = 2000;
/** Marker values: distinct, outside what the literals hold (at most nine digits), still int4. */
const MARKER_BASE = 1_000_000_000;

const DATA_KINDS = new Set(['select', 'insert', 'update', 'delete']);
/** A character of a name (or keyword), as scan.l's ident_cont: letters, digits, _, $ and non-ASCII. */
function identChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c >= 0x80;
}

/** The text's integer literals, or null when it cannot be templated at all. */
export function integerLiterals(sql: string): Literal[] | null {
  if (sql.length > MAX_TEXT || sql.includes('\0')) return null;
  const out: Literal[] = [];
  for (let i = 0; i < sql.length; i++) {
    const c = sql.charCodeAt(i);
    if (c === 39 || c === 34 || c === 36 || c === 45 || c === 47) {
      // ' " $ - / may open a string, quoted name, dollar quote or comment
      const skipped = skipQuotedOrComment(sql, i);
      if (skipped) {
        i = skipped.end;
        continue;
      }
    }
    if (c < 48 || c > 57) {
      if (identChar(c)) while (i + 1 < sql.length && identChar(sql.charCodeAt(i + 1))) i++;
      continue;
    }
    let j = i;
    while (j < sql.length && sql.charCodeAt(j) >= 48 && sql.charCodeAt(j) <= 57) j++;
    // 1.5, 1e3, 0x1F, 12abc and digits after a dot are not integer literals of their own.
    const next = j < sql.length ? sql.charCodeAt(j) : 0;
    if (next === 46 || identChar(next) || sql.charCodeAt(i - 1) === 46 || j - i > MAX_DIGITS) return null;
    out.push({ start: i, end: j });
    if (out.length > MAX_LITERALS) return null;
    i = j - 1;
  }
  return out;
}

/** The template key: the text with each literal's digits blanked (NUL never reaches a parse). */
function keyOf(sql: string, literals: readonly Literal[]): string {
  let key = '';
  let at = 0;
  for (const l of literals) {
    key += sql.slice(at, l.start) + BLANKS[l.end - l.start];
    at = l.end;
  }
  return key + sql.slice(at);
}

/** A literal's digits blanked, by digit count. */
const BLANKS = Array.from({ length: MAX_DIGITS + 1 }, (_, n) => '\0'.repeat(n));

/** The value of a literal's digits (at most nine: an exact integer). */
function digitsAt(sql: string, { start, end }: Literal): number {
  let v = 0;
  for (let i = start; i < end; i++) v = v * 10 + sql.charCodeAt(i) - 48;
  return v;
}

/**
 * Templates (or null: that shape cannot be templated) by the hash of their key, each with its key:
 * a text is looked up without building its key string (`sameKey` compares in place).
 */
const templates = new Map<number, { readonly key: string; readonly template: Template | null }[]>();
let templateCount = 0;

/** FNV-1a over the key's characters: the text, each literal digit as NUL. */
function keyHash(sql: string, literals: readonly Literal[]): number {
  let h = 0x811c9dc5;
  let l = 0;
  for (let i = 0; i < sql.length; i++) {
    while (l < literals.length && literals[l].end <= i) l++;
    const c = l < literals.length && literals[l].start <= i ? 0 : sql.charCodeAt(i);
    h = Math.imul(h ^ c, 16777619);
  }
  return h >>> 0;
}

/** Whether `key` is the key of `sql` with these literals (`keyOf(sql, literals) === key`, without building it). */
function sameKey(sql: string, literals: readonly Literal[], key: string): boolean {
  if (key.length !== sql.length) return false;
  let l = 0;
  for (let i = 0; i < sql.length; i++) {
    while (l < literals.length && literals[l].end <= i) l++;
    const c = l < literals.length && literals[l].start <= i ? 0 : sql.charCodeAt(i);
    if (key.charCodeAt(i) !== c) return false;
  }
  return true;
}

/** The templates found last: a text is matched against their keys first (template-recent.ts). */
const recent = recentTemplates<Template>();

function lookupTemplate(sql: string, literals: readonly Literal[]): Template | null | undefined {
  for (const entry of templates.get(keyHash(sql, literals)) ?? [])
    if (sameKey(sql, literals, entry.key)) {
      if (entry.template) recent.remember(entry.key, entry.template);
      return entry.template;
    }
  return undefined;
}

/** The statements of `sql` from a template built for another text of its shape, or null. */
export function fromTemplate(sql: string, literals: readonly Literal[]): Parsed[] | null {
  const t = lookupTemplate(sql, literals);
  if (!t) return null;
  const values = literals.map((l) => digitsAt(sql, l));
  return bind(sql, t, values);
}

/** The statements of `sql` from a recently used template whose key it matches, or null (as `fromTemplate` would give them). */
export function fromRecentTemplate(sql: string): Parsed[] | null {
  return recent.match(sql, bind);
}

/** The template's statements with literal `i` holding `values[i]`, each sliced from `sql`. */
function bind(sql: string, t: Template, values: readonly number[]): Parsed[] {
  const stmts: Parsed[] = new Array<Parsed>(t.stmts.length);
  for (let s = 0; s < t.stmts.length; s++) {
    const { parsed, from, to } = t.stmts[s];
    let stmt = parsed.stmt;
    for (let i = 0; i < t.slots.length; i++) if (t.slots[i].stmt === s) stmt = replaceAt(stmt, t.slots[i].path, 0, values[i]);
    // The whole text, as a lone statement's slice is, needs no copy.
    stmts[s] = { sql: from === 0 && to === sql.length ? sql.trim() : sql.slice(from, to).trim(), stmt };
  }
  return stmts;
}

/**
 * Try to make a template of `sql`, whose statements `parsed` came from `raw` (PostgreSQL's tree
 * of the same text, parsed again: it is changed here). `convert` is the lab's conversion of one
 * statement. Remembers the result, or that the text's shape cannot be templated.
 */
export function learnTemplate(
  sql: string,
  literals: readonly Literal[],
  parsed: readonly Parsed[],
  raw: readonly PgStmt[],
  convert: (s: PgStmt) => Parsed,
): void {
  if (templateCount >= MAX_TEMPLATES) clearTemplates();
  recent.clear();
  const key = keyOf(sql, literals);
  const hash = keyHash(sql, literals);
  const template = literals.length > 0 ? build(sql, literals, parsed, raw, convert) : null;
  const entries = templates.get(hash) ?? [];
  const at = entries.findIndex((e) => e.key === key);
  if (at >= 0) entries[at] = { key, template };
  else {
    entries.push({ key, template });
    templateCount++;
  }
  templates.set(hash, entries);
}

function build(
  sql: string,
  literals: readonly Literal[],
  parsed: readonly Parsed[],
  raw: readonly PgStmt[],
  convert: (s: PgStmt) => Parsed,
): Template | null {
  if (raw.length !== parsed.length || parsed.some((p) => !DATA_KINDS.has(p.stmt.k))) return null;
  const index = new Map(literals.map((l, i) => [l.start, i]));
  const placed = new Array<boolean>(literals.length).fill(false);
  for (const s of raw) {
    forEachConst(s.node, (c) => {
      const i = index.get(s.at(c.location ?? -1));
      if (i === undefined || c.ival === undefined) return;
      c.ival = { ival: MARKER_BASE + i };
      placed[i] = true;
    });
  }
  if (placed.includes(false)) return null;
  let marked: Parsed[];
  try {
    marked = raw.map(convert);
  } catch {
    return null;
  }
  const slots: { stmt: number; path: Path }[] = new Array(literals.length);
  for (let s = 0; s < parsed.length; s++) {
    const ok = diff(parsed[s].stmt, marked[s].stmt, [], (path, a, b) => {
      const i = markerIndex(b);
      if (i === null || slots[i] || !isIntConst(a) || a.v !== Number(sql.slice(literals[i].start, literals[i].end))) return false;
      slots[i] = { stmt: s, path };
      return true;
    });
    if (!ok) return null;
  }
  if (slots.some((x) => !x) || slots.length !== literals.length) return null;
  return { stmts: parsed.map((p, i) => ({ parsed: p, from: raw[i].from, to: raw[i].to })), slots };
}

interface RawConst {
  ival?: { ival?: number };
  location?: number;
}

/** Every A_Const node of PostgreSQL's tree. */
function forEachConst(node: unknown, f: (c: RawConst) => void): void {
  if (Array.isArray(node)) {
    for (const n of node) forEachConst(n, f);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  for (const [k, v] of Object.entries(node)) {
    if (k === 'A_Const' && typeof v === 'object' && v !== null) f(v as RawConst);
    else forEachConst(v, f);
  }
}

const isIntConst = (x: unknown): x is { k: 'const'; v: number; t: 'integer' } =>
  typeof x === 'object' && x !== null && (x as { k?: unknown }).k === 'const' && (x as { t?: unknown }).t === 'integer';

function markerIndex(x: unknown): number | null {
  if (!isIntConst(x) || x.v < MARKER_BASE) return null;
  return x.v - MARKER_BASE;
}

/**
 * Walk two converted statements side by side; where they differ, `slot` decides whether the
 * difference is a literal's constant node (true) or anything else (false: not a template).
 */
function diff(a: unknown, b: unknown, path: (string | number)[], slot: (path: Path, a: unknown, b: unknown) => boolean): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (isIntConst(b) && markerIndex(b) !== null) return slot([...path], a, b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.hasOwn(b, k)) return false;
    path.push(Array.isArray(a) ? Number(k) : k);
    const same = diff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path, slot);
    path.pop();
    if (!same) return false;
  }
  return true;
}

/** A copy of `root` with the constant at `path` (from its `depth`th step) holding `v`; everything off the path is shared. */
function replaceAt<T>(root: T, path: Path, depth: number, v: number): T {
  if (depth === path.length) return { ...(root as object), v } as T;
  const head = path[depth];
  const node = root as Record<string | number, unknown>;
  const copy = (Array.isArray(root) ? (root as unknown[]).slice() : { ...node }) as Record<string | number, unknown>;
  copy[head] = replaceAt(node[head], path, depth + 1, v);
  return copy as T;
}

/** Forget every template. */
export function clearTemplates(): void {
  templates.clear();
  recent.clear();
  templateCount = 0;
}
