import { catToAvail } from './fsm';
import { horizon, running } from './horizon';
import { freeSpace } from './page';
import { diskImage, pageKey } from './storage';
import type { SizePoint, State, TxnInfo, VacuumRun } from './types';

/** A running transaction as pg_stat_activity shows its session. */
export interface SessionView {
  readonly name: string;
  /** backend_xid: only once it has written (PostgreSQL assigns an xid at the first write). */
  readonly xid: number | null;
  /** backend_xmin: the xmin of the snapshot it holds, if any. */
  readonly xmin: number | null;
  readonly isolation: TxnInfo['isolation'];
  /** pg_stat_activity.state: between statements every session here is idle in transaction. */
  readonly state: 'idle in transaction' | 'waiting for its commit flush';
  /** Logical time of its last statement (state_change). */
  readonly since: number;
  /** Whether it sets the xmin horizon. */
  readonly holds: boolean;
}

/** One heap page beside its free space map entry and visibility map bit. */
export interface HeapPageSpace {
  readonly block: number;
  /** Free bytes on the page now (between pd_lower and pd_upper). */
  readonly free: number;
  /** What the FSM records for it (a multiple of 32), or null if it never recorded it. */
  readonly fsm: number | null;
  /** The visibility map's all-visible bit. */
  readonly allVisible: boolean;
  /** Line pointers in use, and how many hold a live (committed, not deleted) version. */
  readonly tuples: number;
}

export interface TableSpaceView {
  readonly table: string;
  readonly pages: number;
  /** pg_class.reltuples (set by VACUUM). */
  readonly reltuples: number;
  /** pg_stat_user_tables. */
  readonly live: number;
  readonly dead: number;
  readonly insSinceVacuum: number;
  readonly vacuums: number;
  readonly autovacuums: number;
  /** autovacuum_vacuum_threshold + autovacuum_vacuum_scale_factor x reltuples: n_dead_tup past it wakes autovacuum. */
  readonly vacuumThreshold: number;
  /** The insert threshold (autovacuum_vacuum_insert_threshold + its scale factor x reltuples). */
  readonly insertThreshold: number;
  readonly heap: readonly HeapPageSpace[];
  readonly sizes: readonly SizePoint[];
  readonly lastVacuum: VacuumRun | null;
}

/** VACUUM's part of the view: the xmin horizon and who holds it, and each table's space. */
export interface VacuumView {
  /** True once the run has something to show here (a REPEATABLE READ session, a VACUUM, autovacuum): the panels become essentials. */
  readonly active: boolean;
  readonly horizon: { readonly xmin: number; readonly tx: string | null; readonly by: 'snapshot' | 'xid' | null; readonly nextXid: number };
  readonly sessions: readonly SessionView[];
  readonly tables: readonly TableSpaceView[];
  /** Autovacuum: on or off, and the logical time of its next check. */
  readonly autovacuum: { readonly on: boolean; readonly nextCheck: number | null };
}

/** How view.ts's View carries it. */
export interface VacuumPart {
  readonly vacuum: VacuumView;
}

/** The view's `vacuum` part (hooked into view.ts). */
export function vacuumView(state: State): VacuumView {
  const s = state.settings;
  const h = horizon(state);
  const sessions: SessionView[] = [];
  let rr = false;
  for (const name in state.txns) {
    const t = state.txns[name];
    if (t.isolation === 'repeatable read') rr = true;
    if (!running(t)) continue;
    sessions.push({
      name,
      xid: t.undo.length > 0 ? t.xid : null,
      xmin: t.snapshot ? t.snapshot.xmin : null,
      isolation: t.isolation,
      state: t.status === 'active' ? 'idle in transaction' : 'waiting for its commit flush',
      since: t.since,
      holds: h.tx === name,
    });
  }
  const av = state.autovacuum;
  const tables = Object.values(state.tables).map((rel): TableSpaceView => {
    const heap: HeapPageSpace[] = [];
    for (let b = 0; b < rel.nblocks; b++) {
      const key = pageKey(rel, b);
      const f = state.pool.map[key];
      const page = f !== undefined ? state.pool.frames[f].page : diskImage(state, key);
      let tuples = 0;
      for (const t of page?.items ?? []) if (t && !t.lp) tuples += 1;
      heap.push({
        block: b,
        free: page ? freeSpace(page) : 0,
        fsm: rel.fsm[b] === undefined ? null : catToAvail(rel.fsm[b]),
        allVisible: rel.vm[b] !== undefined,
        tuples,
      });
    }
    return {
      table: rel.name,
      pages: rel.nblocks,
      reltuples: rel.reltuples,
      live: rel.stats.live,
      dead: rel.stats.dead,
      insSinceVacuum: rel.stats.insSinceVacuum,
      vacuums: rel.stats.vacuums,
      autovacuums: rel.stats.autovacuums,
      vacuumThreshold: s.autovacuum_vacuum_threshold + s.autovacuum_vacuum_scale_factor * rel.reltuples,
      insertThreshold: s.autovacuum_vacuum_insert_threshold + s.autovacuum_vacuum_insert_scale_factor * rel.reltuples,
      heap,
      sizes: rel.sizes.slice(),
      lastVacuum: rel.lastVacuum,
    };
  });
  const active = rr || s.autovacuum === true || tables.some((t) => t.vacuums + t.autovacuums > 0);
  return {
    active,
    horizon: { xmin: h.xmin, tx: h.tx, by: h.by, nextXid: state.nextXid },
    sessions,
    tables,
    autovacuum: { on: s.autovacuum === true, nextCheck: s.autovacuum === true && av ? av.next : null },
  };
}
