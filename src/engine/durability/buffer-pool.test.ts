import { describe, expect, it } from 'vitest';
import { clockSweep, MAX_USAGE, newPool } from './buffer-pool';
import { openDurability } from '../../../test/support/durability';

const accounts = (n: number, pad = 2000) =>
  Array.from({ length: n }, (_, i) => ({ key: `a${i}`, values: { balance: 100, filler: 'x'.repeat(pad) } }));

describe('When the clock sweep looks for a victim', () => {
  it('uses the freelist first', () => {
    const pool = newPool(4);
    expect([clockSweep(pool), clockSweep(pool), clockSweep(pool), clockSweep(pool)]).toEqual([0, 1, 2, 3]);
  });

  it('decrements usage counts on the way round and takes the first frame at zero', () => {
    const pool = newPool(3);
    pool.free = [];
    pool.frames.forEach((f, i) => Object.assign(f, { tag: `1/${i}`, usage: [2, 1, 3][i] }));
    expect(clockSweep(pool)).toBe(1);
    // Frame 1 went to zero on the first lap and is taken on the second.
    expect(pool.frames.map((f) => f.usage)).toEqual([0, 0, 2]);
    expect(pool.hand).toBe(2);
  });

  it('skips pinned frames and gives up when every frame is pinned', () => {
    const pool = newPool(2);
    pool.free = [];
    pool.frames.forEach((f, i) => Object.assign(f, { tag: `1/${i}`, usage: 0, pin: i === 0 ? 1 : 0 }));
    expect(clockSweep(pool)).toBe(1);
    pool.frames[1].pin = 1;
    expect(() => clockSweep(pool)).toThrow('no unpinned buffers available');
  });

  it(`caps usage_count at ${MAX_USAGE}`, () => {
    const lab = openDurability({ frames: 4, tables: { t: accounts(1) } });
    for (let i = 0; i < 8; i++) lab.run({ type: 'read', table: 't', key: 'a0' });
    expect(lab.state.pool.frames.find((f) => f.tag)!.usage).toBe(MAX_USAGE);
  });
});

describe('When a dirty page is evicted (the WAL rule)', () => {
  it('flushes the WAL up to the page LSN before writing the page', () => {
    // Three 2 kB rows per page: blocks 0-3 are full, a12 sits alone on block 4 with room to update in place.
    const lab = openDurability({ frames: 4, tables: { t: accounts(13) } });
    lab.run({ type: 'begin', tx: 'T1' }, { type: 'update', tx: 'T1', table: 't', key: 'a12', set: { balance: 1 } });
    const dirtyLsn = lab.state.pool.frames.find((f) => f.dirty)!.page!.lsn;
    expect(lab.state.wal.flushed).toBeLessThan(dirtyLsn);
    for (const k of ['a0', 'a3', 'a6', 'a9']) lab.run({ type: 'read', table: 't', key: k });
    const kinds = lab.state.counters.writesByBackend;
    expect(kinds).toBe(1);
    // T1 has not committed, yet its record is durable: the rule is about pages, not commits.
    expect(lab.state.wal.flushed).toBeGreaterThanOrEqual(dirtyLsn);
    expect(lab.state.txns.T1.status).toBe('active');
  });

  it('emits the flush before the write', () => {
    const lab = openDurability({ frames: 4, tables: { t: accounts(13) } });
    lab.run({ type: 'begin', tx: 'T1' }, { type: 'update', tx: 'T1', table: 't', key: 'a12', set: { balance: 1 } });
    const events: string[] = [];
    for (const k of ['a0', 'a3', 'a6', 'a9']) {
      lab.run({ type: 'read', table: 't', key: k });
      events.push(...lab.events.map((e) => e.type));
    }
    const flush = events.indexOf('wal.flushed');
    expect(flush).toBeGreaterThanOrEqual(0);
    expect(flush).toBeLessThan(events.indexOf('page.written'));
  });
});
