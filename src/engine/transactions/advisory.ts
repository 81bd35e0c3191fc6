import type { Stmt } from '../sql/ast';
import { SQLSTATE, SqlError } from '../sql/errors';
import { evaluate } from '../sql/expr';
import type { Ctx, Outcome } from './context';
import { acquire, releaseOne } from './heavy-locks';
import type { LockMode, ResultSet } from './types';

/*
 * Advisory locks (lockfuncs.c): ExclusiveLock or ShareLock on a key, held by the session (until
 * unlocked, and nesting: each lock needs its unlock) or by the transaction (until it ends). The
 * try_ forms answer false instead of waiting; unlocking a lock not held warns and answers false.
 */

const EXCLUSIVE: LockMode = 7;
const SHARE: LockMode = 5;

type Advisory = Extract<Stmt, { k: 'advisory' }>;

/** The lock tag of the arguments (one bigint key, or two int keys: a separate space), or null for a NULL argument. */
function keyOf(s: Advisory): string | null {
  const values = s.args.map((a) => evaluate(a, null, null));
  if (values.some((v) => v === null)) return null;
  if (values.length < 1 || values.length > 2 || values.some((v) => typeof v !== 'number' || !Number.isInteger(v)))
    throw new SqlError(
      SQLSTATE.undefined_function,
      `function ${s.fn}(${values.map((v) => (typeof v === 'number' ? 'integer' : typeof v === 'boolean' ? 'boolean' : 'unknown')).join(', ')}) does not exist`,
    );
  return values.join(', ');
}

const result = (name: string, value: string | null): ResultSet => ({ columns: [name], rows: [[value]] });

/** Run an advisory lock function: its one-row result, or a wait. */
export function advisory(ctx: Ctx, s: Advisory): Extract<Outcome, { k: 'wait' }> | { k: 'done'; result: ResultSet } {
  const done = (value: string | null) => ({ k: 'done' as const, result: result(s.name, value) });
  if (s.fn === 'pg_advisory_unlock_all') {
    ctx.state.heavy = ctx.state.heavy.filter((l) => !(l.session === ctx.session.name && l.vxid === 0 && l.tag.startsWith('advisory ')));
    return done('');
  }
  const key = keyOf(s);
  if (key === null) return done(null);
  const tag = `advisory ${key}`;
  const mode = s.fn.endsWith('_shared') ? SHARE : EXCLUSIVE;
  if (s.fn.startsWith('pg_advisory_unlock')) {
    if (releaseOne(ctx.state, ctx.session.name, tag, mode)) return done('t');
    ctx.emit({
      type: 'notice.raised',
      session: ctx.session.name,
      severity: 'WARNING',
      message: `you don't own a lock of type ${mode === SHARE ? 'ShareLock' : 'ExclusiveLock'}`,
    });
    return done('f');
  }
  const opts = { nowait: s.fn.startsWith('pg_try_'), sessionLevel: !s.fn.includes('_xact_'), busy: () => NOT_AVAILABLE };
  try {
    const w = acquire(ctx, tag, `advisory lock ${key}`, mode, opts);
    if (w) return w;
  } catch (e) {
    if (e !== NOT_AVAILABLE) throw e;
    return done('f');
  }
  return done(opts.nowait ? 't' : '');
}

/** The try_ forms' answer when the lock is taken (never raised to the user). */
const NOT_AVAILABLE = new SqlError(SQLSTATE.lock_not_available, 'advisory lock not available');
