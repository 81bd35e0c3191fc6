import { limited } from './project';
import type { FromItem, SelectStmt } from '../sql/ast';
import { SQLSTATE, SqlError, unsupported } from '../sql/errors';
import { formatValue, hasAgg } from '../sql/expr';
import type { Ctx, Outcome } from './context';
import { runQuery } from './query';
import type { Pending, ResultSet, Snapshot } from './types';
import { newProgress, phase, runPhases } from './write';

/**
 * SELECT ... FOR UPDATE [OF ...] over a join: the query runs, then the rows it returned are
 * locked table by table (each named table, or all of them). A row another transaction changed
 * meanwhile would need EvalPlanQual over the whole join, which the lab does not model: that case
 * fails with 0A000 rather than return rows PostgreSQL would not.
 */

/** Tables on the NULL-filled side of an outer join. */
function nullable(items: readonly FromItem[], under = false, out = new Set<string>()): Set<string> {
  for (const it of items) {
    if (it.k !== 'join') {
      if (under) out.add(it.k === 'rel' ? (it.alias ?? it.table) : it.alias);
    } else {
      nullable([it.l], under || it.kind === 'right' || it.kind === 'full', out);
      nullable([it.r], under || it.kind === 'left' || it.kind === 'full', out);
    }
  }
  return out;
}

export function lockedQuery(ctx: Ctx, s: SelectStmt, pending: Pending, snapshot: () => Snapshot): { out: Outcome; rs: ResultSet | null } {
  const lock = s.lock ?? 'update';
  const words = `FOR ${lock.toUpperCase()}`;
  if (!pending.progress) {
    if (s.groupBy?.length || s.having) throw new SqlError(SQLSTATE.feature_not_supported, `${words} is not allowed with GROUP BY clause`);
    if (s.distinct || s.distinctOn) throw new SqlError(SQLSTATE.feature_not_supported, `${words} is not allowed with DISTINCT clause`);
    if (s.items.some((it) => it.e && hasAgg(it.e)))
      throw new SqlError(SQLSTATE.feature_not_supported, `${words} is not allowed with aggregate functions`);
  }
  const snap = pending.progress ? (ctx.txn.snapshot as Snapshot) : snapshot();
  // The query is read again when the locks are all taken: same snapshot, same rows.
  const q = runQuery(ctx, { ...s, limit: null }, snap, false, undefined);
  if (!pending.progress) {
    const names = s.lockOf ?? q.sources.map((x) => x.rel);
    const outer = nullable(s.from ?? []);
    pending.progress = newProgress();
    for (const name of names) {
      const k = q.sources.findIndex((x) => x.rel === name);
      if (k < 0) throw new SqlError(SQLSTATE.undefined_table, `relation "${name}" in ${words} clause not found in FROM clause`);
      if (q.sources[k].rows) throw unsupported(`${words} on a subquery in FROM`);
      if (outer.has(name))
        throw new SqlError(SQLSTATE.feature_not_supported, `${words} cannot be applied to the nullable side of an outer join`);
      const ids = [...new Set(q.from.map((r) => r.ids[k]))];
      pending.progress.phases.push(phase('lock', q.sources[k].table.name, ids, lock, { collect: true }));
    }
  }
  const out = runPhases(ctx, pending.progress, null);
  if (out.k === 'wait') return { out, rs: null };
  const locked = new Set(pending.progress.locked);
  const names = new Set(s.lockOf ?? q.sources.map((x) => x.rel));
  const moved = q.from.some((r) => q.sources.some((x, k) => names.has(x.rel) && !locked.has(r.ids[k])));
  if (moved) throw unsupported(`${words} over a join on a row changed concurrently (EvalPlanQual over joins)`);
  const rows = limited(s, q.rows);
  return { out, rs: { columns: q.columns, rows: rows.map((r) => r.map((v, j) => formatValue(v, q.scales[j], q.types[j]))) } };
}
