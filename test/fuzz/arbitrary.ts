/**
 * Values for any valibot schema, from a seeded generator: the fuzz suite's one way to make
 * options and actions for every lab without a hand-written generator per lab. Numbers lean to
 * the ends of their ranges (where work budgets are tested), names come from a small pool that
 * includes every property name of `Object.prototype`, so actions refer to things that exist and
 * to names that are JavaScript's. A generated value may still fail a `check` of its schema; the
 * decoder is then what is under test.
 */

/** A seeded generator (mulberry32): the same seed, the same corpus. */
export class Gen {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  /** A float in [0, 1). */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
}

/** Every own property name of Object.prototype: `constructor`, `__proto__`, `toString`, `__defineGetter__`... */
export const PROTO_NAMES: readonly string[] = Object.getOwnPropertyNames(Object.prototype);

/** Ordinary names the presets use, so generated actions often refer to things that exist. */
const ORDINARY = ['a', 'b', 'A', 'B', 's1', 's2', 'T1', 'T2', 'x', 'bank_a', 'bank_b', 'primary', 'standby1', 'accounts', 'alice', 'g1'];

/** Statements for string fields long enough to hold SQL (the SQL itself is fuzzed elsewhere). */
const SQL = [
  'BEGIN',
  'COMMIT',
  'ROLLBACK',
  'SELECT 1',
  'CREATE TABLE t (id int PRIMARY KEY, v int)',
  'INSERT INTO t VALUES (1, 10)',
  'UPDATE t SET v = v + 1 WHERE id = 1',
  'SELECT * FROM t',
  'SELECT * FROM t FOR UPDATE',
  'BEGIN ISOLATION LEVEL SERIALIZABLE',
];

/** The knobs a schema walk reads. */
export interface ArbOptions {
  /** Chance that a name is one of Object.prototype's. */
  readonly protoNames: number;
  /** Chance that a number is an end of its range. */
  readonly extremes: number;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- valibot's schema objects are walked by their `type` field */
type Schema = any;

const limits = (schema: Schema) => {
  const out = { min: -Infinity, max: Infinity, integer: false, minLength: 0, maxLength: Infinity, regex: false };
  for (const p of schema.pipe ?? []) {
    if (p.type === 'min_value') out.min = p.requirement;
    else if (p.type === 'max_value') out.max = p.requirement;
    else if (p.type === 'integer') out.integer = true;
    else if (p.type === 'min_length') out.minLength = p.requirement;
    else if (p.type === 'max_length') out.maxLength = Math.min(out.maxLength, p.requirement);
    else if (p.type === 'length') {
      out.minLength = p.requirement;
      out.maxLength = p.requirement;
    } else if (p.type === 'regex') out.regex = true;
  }
  return out;
};

/** The base schema of a pipe (`v.pipe(v.number(), ...)` keeps its base type in `type`, limits in `pipe`). */
function number(g: Gen, schema: Schema, o: ArbOptions): number {
  const l = limits(schema);
  const min = Number.isFinite(l.min) ? l.min : -1000;
  const max = Number.isFinite(l.max) ? l.max : 1_000_000;
  let x: number;
  if (g.chance(o.extremes)) x = g.pick([min, max, max, Math.round((min + max) / 2)]);
  else if (g.chance(0.6)) x = Math.min(max, Math.max(min, g.pick([0, 1, 2, 3, 5, 10, 20, 50, 100, 1000])));
  // Log-uniform inside the range: large values stay possible but rare, so the corpus runs in minutes.
  else x = min + Math.expm1(g.next() * Math.log1p(max - min));
  return l.integer ? Math.round(x) : x;
}

function string(g: Gen, schema: Schema, o: ArbOptions): string {
  const l = limits(schema);
  if (l.minLength === l.maxLength && l.maxLength < 16) return 'x'.repeat(l.maxLength).replace(/x/g, () => g.pick(['4', '0', 'P', 'a']));
  if (l.maxLength >= 10_000 && !l.regex) return g.pick(SQL);
  const name = g.chance(o.protoNames) ? g.pick(PROTO_NAMES) : g.pick(ORDINARY);
  if (l.maxLength >= 100 && Number.isFinite(l.maxLength) && g.chance(0.05))
    return name.repeat(Math.ceil(l.maxLength / name.length)).slice(0, l.maxLength);
  return name;
}

/** A value for `schema`, usually valid. */
export function arbitrary(g: Gen, schema: Schema, o: ArbOptions, depth = 0): unknown {
  switch (schema.type) {
    case 'optional':
      return g.chance(0.5) ? undefined : arbitrary(g, schema.wrapped, o, depth);
    case 'nullable':
      return g.chance(0.2) ? null : arbitrary(g, schema.wrapped, o, depth);
    case 'literal':
      return schema.literal;
    case 'picklist':
      return g.pick(schema.options);
    case 'boolean':
      return g.chance(0.5);
    case 'null':
      return null;
    case 'number':
      return number(g, schema, o);
    case 'string':
      return string(g, schema, o);
    case 'union':
    case 'variant':
      return arbitrary(g, g.pick(schema.options), o, depth);
    case 'array': {
      const l = limits(schema);
      const n = Math.min(l.maxLength, Math.max(l.minLength, g.chance(0.9) ? g.int(4) : g.int(Math.min(l.maxLength, 64) + 1)));
      return Array.from({ length: n }, () => arbitrary(g, schema.item, o, depth + 1));
    }
    case 'tuple':
      return schema.items.map((s: Schema) => arbitrary(g, s, o, depth + 1));
    case 'record': {
      const out: Record<string, unknown> = {};
      const n = depth > 2 ? g.int(2) : g.int(4);
      for (let i = 0; i < n; i++) {
        const key = arbitrary(g, schema.key, o, depth + 1);
        if (typeof key === 'string')
          Object.defineProperty(out, key, {
            value: arbitrary(g, schema.value, o, depth + 1),
            enumerable: true,
            writable: true,
            configurable: true,
          });
      }
      return out;
    }
    case 'strict_object':
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, s] of Object.entries(schema.entries)) {
        const x = arbitrary(g, s, o, depth + 1);
        if (x !== undefined) out[k] = x;
      }
      return out;
    }
    default:
      throw new Error(`arbitrary: no generator for a valibot ${String(schema.type)} schema`);
  }
}
/* eslint-enable @typescript-eslint/no-explicit-any */
