import type { Event } from './events';
import type { ScheduleRow } from './schedule';
import type { ResultSet } from './types';

/*
 * The commonest row of the interleaving, stored in a few fields: one session ran a step of one
 * statement that finished without waiting or failing, and nothing else happened in that step (a
 * lone SELECT's). It becomes a `ScheduleRow` when a frame shows it, the same object each time.
 */

/** A plain row as the state keeps it. */
export interface PlainRow {
  readonly step: number;
  readonly session: string;
  readonly sql: string;
  readonly tag: string;
  readonly results: readonly ResultSet[];
  readonly end: 'committed' | null;
}

/** A row as the state keeps it. */
export type StoredRow = ScheduleRow | PlainRow;

/** A cell's list of one tag, shared by every cell with that tag (lists are never mutated); a few hundred kept. */
const oneTag = new Map<string, readonly string[]>();
const ONE_TAG_LISTS = 256;

export function tagsOf(tag: string): readonly string[] {
  const hit = oneTag.get(tag);
  if (hit) return hit;
  const list = [tag];
  if (oneTag.size < ONE_TAG_LISTS) oneTag.set(tag, list);
  return list;
}

/**
 * The plain row of a step in `session` with these events, or null when the step's row needs the
 * general form (another session's cell, a wait, a deadlock, an abort, an error, not one tag).
 */
export function plainRow(step: number, session: string, sql: string, events: readonly Event[]): PlainRow | null {
  let tag: string | null = null;
  let results: readonly ResultSet[] | null = null;
  let end: 'committed' | null = null;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    switch (e.type) {
      case 'statement.finished':
        if (e.session !== session || tag !== null) return null;
        tag = e.tag;
        break;
      case 'txn.committed':
        if (e.session !== session) return null;
        end = 'committed';
        break;
      case 'step.completed':
        if (e.session !== session || e.error !== null || results !== null) return null;
        results = e.results;
        break;
      case 'txn.blocked':
      case 'deadlock.detected':
      case 'txn.aborted':
        return null;
      default:
        break;
    }
  }
  return tag === null || results === null ? null : { step, session, sql, tag, results, end };
}

const shown = new WeakMap<PlainRow, ScheduleRow>();

/** A stored row as frames carry it (a plain row's form made once). */
export function rowOf(r: StoredRow): ScheduleRow {
  if ('cells' in r) return r;
  const hit = shown.get(r);
  if (hit) return hit;
  const row: ScheduleRow = {
    step: r.step,
    cells: [
      {
        session: r.session,
        sql: r.sql,
        kind: 'ran',
        waited: null,
        tags: tagsOf(r.tag),
        results: r.results,
        error: null,
        end: r.end,
        reason: null,
        deadlock: null,
        refused: null,
      },
    ],
  };
  shown.set(r, row);
  return row;
}
