import type { Out } from './storage';
import type { State } from './types';
import { vacuumTable } from './vacuum';

/**
 * The autovacuum launcher (autovacuum.c, relation_needs_vacanalyze): every autovacuum_naptime of
 * logical time it checks each table, and a worker VACUUMs the ones past a threshold:
 *   n_dead_tup > autovacuum_vacuum_threshold + autovacuum_vacuum_scale_factor x reltuples, or
 *   n_ins_since_vacuum > autovacuum_vacuum_insert_threshold + its scale factor x reltuples.
 * ANALYZE (autovacuum's other job) is not modelled.
 */
export function autovacuumTick(state: State, out: Out): void {
  const s = state.settings;
  if (!s.autovacuum || state.now < state.autovacuum.next) return;
  state.autovacuum.next = state.now + s.autovacuum_naptime;
  for (const name in state.tables) {
    const rel = state.tables[name];
    const reltuples = Math.max(0, rel.reltuples);
    const threshold = s.autovacuum_vacuum_threshold + s.autovacuum_vacuum_scale_factor * reltuples;
    const insertThreshold =
      s.autovacuum_vacuum_insert_threshold < 0
        ? null
        : s.autovacuum_vacuum_insert_threshold + s.autovacuum_vacuum_insert_scale_factor * reltuples;
    const vacuum = !rel.keyless && (rel.stats.dead > threshold || (insertThreshold !== null && rel.stats.insSinceVacuum > insertThreshold));
    if (out)
      out.push({
        type: 'autovacuum.checked',
        table: name,
        dead: rel.stats.dead,
        threshold,
        inserted: rel.stats.insSinceVacuum,
        insertThreshold,
        vacuum,
      });
    if (vacuum) vacuumTable(state, rel, out, true);
  }
}
