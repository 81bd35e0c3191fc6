import { describe, expect, it } from 'vitest';
import { Timeline } from '../core/timeline';
import { transactions } from './engine';
import { SCHEDULE_ROWS } from './schedule';
import type { Action, Options } from './types';
import type { View } from './view';

const OPTIONS: Options = {
  sessions: ['s1', 's2'],
  setup: ['CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 0), (2, 0);'],
};
const act = (session: string, sql: string): Action => ({ type: 'step', session, sql });

const LOST_UPDATE: Action[] = [
  act('s1', 'BEGIN'),
  act('s2', 'BEGIN'),
  act('s1', 'UPDATE t SET v = 1 WHERE id = 1'),
  act('s2', 'UPDATE t SET v = 2 WHERE id = 1'),
  act('s1', 'COMMIT'),
  act('s2', 'COMMIT'),
];

const timeline = (actions: readonly Action[], options = OPTIONS, snapshotEvery = 2) =>
  new Timeline(transactions, { seed: 1, options, actions }, { snapshotEvery });
const schedAt = (t: ReturnType<typeof timeline>, n: number) => t.seek(n).view.schedule;
const cell = (rows: View['schedule']['rows'], step: number, session: string) =>
  rows.find((r) => r.step === step)?.cells.find((c) => c.session === session);

describe('When the engine records the interleaving as steps run', () => {
  it("shows a lone statement's row in full, the same object in every frame, beside a block's", () => {
    const t = timeline([act('s1', 'SELECT v FROM t WHERE id = 1'), act('s2', 'BEGIN'), act('s2', 'SELECT v FROM t WHERE id = 2')]);
    const rows = schedAt(t, 3).rows;
    expect(rows.find((r) => r.step === 1)).toEqual({
      step: 1,
      cells: [
        {
          session: 's1',
          sql: 'SELECT v FROM t WHERE id = 1',
          kind: 'ran',
          waited: null,
          tags: ['SELECT 1'],
          results: [{ columns: ['v'], rows: [['0']] }],
          error: null,
          end: 'committed',
          reason: null,
          deadlock: null,
          refused: null,
        },
      ],
    });
    // Inside the block: no commit.
    expect(cell(rows, 3, 's2')).toMatchObject({ kind: 'ran', tags: ['SELECT 1'], end: null });
    expect(schedAt(t, 3).rows.find((r) => r.step === 1)).toBe(rows.find((r) => r.step === 1));
  });

  it('marks a blocked update waiting for its holder, then completed at the step that released it', () => {
    const t = timeline(LOST_UPDATE);
    const at4 = schedAt(t, 4);
    expect(at4.total).toBe(4);
    expect(cell(at4.rows, 4, 's2')?.waited).toEqual({ xid: 4, holder: 's1', until: null });
    const at5 = schedAt(t, 5);
    expect(cell(at5.rows, 4, 's2')?.waited).toEqual({ xid: 4, holder: 's1', until: 5 });
    expect(cell(at5.rows, 5, 's1')).toMatchObject({ kind: 'ran', end: 'committed', tags: ['COMMIT'] });
    expect(cell(at5.rows, 5, 's2')).toMatchObject({
      kind: 'resumed',
      sql: 'UPDATE t SET v = 2 WHERE id = 1',
      tags: ['UPDATE 1'],
      error: null,
    });
  });

  it('shows the wait unfinished again when the timeline goes back past the step that ended it (snapshots restored)', () => {
    const t = timeline(LOST_UPDATE);
    schedAt(t, 6);
    // Step 4 is restored from the snapshot at step 4 (every 2 steps), step 3 from step 2.
    expect(cell(schedAt(t, 4).rows, 4, 's2')?.waited?.until).toBeNull();
    expect(schedAt(t, 3).rows.map((r) => r.step)).toEqual([1, 2, 3]);
    expect(cell(schedAt(t, 6).rows, 4, 's2')?.waited?.until).toBe(5);
    expect(schedAt(t, 0)).toEqual({ rows: [], total: 0 });
  });

  it('gives the same schedule by seeking as by running forward, and a frame does not change when the engine moves on', () => {
    const t = timeline(LOST_UPDATE);
    const forward = [0, 1, 2, 3, 4, 5, 6].map((n) => structuredClone(schedAt(t, n)));
    const kept = schedAt(timeline(LOST_UPDATE), 4);
    const copy = structuredClone(kept);
    for (const n of [5, 2, 6, 0, 4, 1, 3]) expect(schedAt(t, n)).toEqual(forward[n]);
    expect(kept).toEqual(copy);
  });

  it('records a refused step (its session is still waiting) and the deadlock victim with its cycle', () => {
    const t = timeline([
      act('s1', 'BEGIN'),
      act('s2', 'BEGIN'),
      act('s1', 'UPDATE t SET v = 1 WHERE id = 1'),
      act('s2', 'UPDATE t SET v = 2 WHERE id = 2'),
      act('s1', 'UPDATE t SET v = 1 WHERE id = 2'),
      act('s1', 'COMMIT'),
      act('s2', 'UPDATE t SET v = 2 WHERE id = 1'),
    ]);
    const s = schedAt(t, 7);
    expect(cell(s.rows, 6, 's1')?.refused).toMatch(/still waiting/);
    // Both wait; s1's deadlock timer fires first (it waited first) and s1 is the victim.
    expect(cell(s.rows, 7, 's1')).toMatchObject({ kind: 'resumed', deadlock: ['s1', 's2'], error: { code: '40P01' }, end: 'aborted' });
    expect(cell(s.rows, 7, 's2')).toMatchObject({ tags: ['UPDATE 1'], waited: { xid: 4, holder: 's1', until: 7 } });
    expect(cell(s.rows, 5, 's1')?.waited).toEqual({ xid: 5, holder: 's2', until: 7 });
  });

  it(`keeps only the newest ${SCHEDULE_ROWS} rows of a long run, with the total count`, () => {
    const actions = Array.from({ length: SCHEDULE_ROWS + 15 }, (_, i) => act(i % 2 ? 's2' : 's1', `SELECT ${i}`));
    const t = timeline(actions, OPTIONS, 16);
    const s = schedAt(t, actions.length);
    expect(s.total).toBe(actions.length);
    expect(s.rows).toHaveLength(SCHEDULE_ROWS);
    expect(s.rows[0].step).toBe(16);
    expect(s.rows.at(-1)?.cells[0]).toMatchObject({
      session: 's1',
      sql: `SELECT ${actions.length - 1}`,
      results: [{ rows: [[String(actions.length - 1)]] }],
    });
    expect(schedAt(t, 20).rows.map((r) => r.step)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});
