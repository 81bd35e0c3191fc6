import type * as P from 'libpg-query';
import type { Stmt } from './ast';
import { expr } from './parse-expr';
import { as } from './pg-node';

/** PostgreSQL's advisory lock functions the lab runs. */
const ADVISORY_FUNCTIONS = new Set([
  'pg_advisory_lock',
  'pg_advisory_lock_shared',
  'pg_try_advisory_lock',
  'pg_try_advisory_lock_shared',
  'pg_advisory_xact_lock',
  'pg_advisory_xact_lock_shared',
  'pg_try_advisory_xact_lock',
  'pg_try_advisory_xact_lock_shared',
  'pg_advisory_unlock',
  'pg_advisory_unlock_shared',
  'pg_advisory_unlock_all',
]);

/**
 * `SELECT pg_advisory_lock(42)` (or another advisory lock function, optionally `AS name`), alone
 * in a SELECT with no FROM, WHERE or other clause: the lab's advisory statement. Anything else
 * that calls them is left to the expression converter (which names the function as unsupported).
 */
export function advisoryCall(s: P.SelectStmt): Stmt | null {
  if (s.fromClause || s.whereClause || s.sortClause || s.limitCount || s.lockingClause || s.targetList?.length !== 1) return null;
  const target = as(s.targetList[0], 'ResTarget') ?? {};
  const call = as(target.val, 'FuncCall');
  const names = (call?.funcname ?? []).map((n) => as(n, 'String')?.sval ?? '');
  const fn = names.at(-1)?.toLowerCase() ?? '';
  if (!call || !ADVISORY_FUNCTIONS.has(fn) || (names.length > 1 && names[0] !== 'pg_catalog')) return null;
  if (call.agg_star || call.agg_distinct || call.over || call.agg_filter || call.agg_order) return null;
  return { k: 'advisory', fn, args: (call.args ?? []).map((a) => expr(a)), name: target.name ?? fn };
}
