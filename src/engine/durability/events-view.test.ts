import { describe, expect, it } from 'vitest';
import { type DurabilityDriver, openDurability } from '../../../test/support/durability';
import type { LabEvent } from '../labs';
import type { Action } from './types';

type Event = LabEvent<'durability'>;

const accounts = [
  { key: 'alice', values: { balance: 100 } },
  { key: 'bob', values: { balance: 50 } },
];
const transfer = (tx: string): Action[] => [
  { type: 'begin', tx },
  { type: 'update', tx, table: 'accounts', key: 'alice', add: { balance: -1 } },
  { type: 'update', tx, table: 'accounts', key: 'bob', add: { balance: 1 } },
  { type: 'commit', tx },
];

/** Run actions one by one, keeping every event. */
function runAll(lab: DurabilityDriver, actions: Action[]): Event[] {
  const all: Event[] = [];
  for (const a of actions) all.push(...lab.try(a));
  return all;
}

describe('When data becomes durable', () => {
  it('emits one file.synced event per fsync call: the WAL at commit, data files and pg_control at a checkpoint', () => {
    const lab = openDurability({ tables: { accounts } });
    const commit = runAll(lab, transfer('T1'));
    const walSync = commit.filter((e) => e.type === 'file.synced');
    expect(walSync).toEqual([{ type: 'file.synced', target: 'wal', file: 'pg_wal/000000010000000000000001', upTo: lab.state.wal.flushed }]);
    // The fsync comes before what it made durable.
    expect(commit.findIndex((e) => e.type === 'file.synced')).toBeLessThan(commit.findIndex((e) => e.type === 'wal.flushed'));
    const ckpt = runAll(lab, [{ type: 'checkpoint' }]).filter((e) => e.type === 'file.synced');
    expect(ckpt.map((e) => (e.type === 'file.synced' ? e.target : ''))).toEqual(['data', 'wal', 'control']);
    expect(walSync.length + ckpt.length).toBe(lab.state.counters.fsyncs);
  });

  it('names the buffer frame a written page came from', () => {
    const lab = openDurability({ tables: { accounts } });
    runAll(lab, transfer('T1'));
    const frame = lab.state.pool.map['16384/0'];
    const written = runAll(lab, [{ type: 'checkpoint' }]).filter((e) => e.type === 'page.written');
    expect(written).toEqual([{ type: 'page.written', page: '16384/0', frame, lsn: expect.any(Number), by: 'checkpointer' }]);
  });
});

describe('The view', () => {
  it('carries no tuples: a page copy is its LSN, checksum, tuple count and free space', () => {
    const lab = openDurability({ tables: { accounts } });
    runAll(lab, [...transfer('T1'), { type: 'checkpoint' }]);
    const page = lab.view().files[0].pages[0];
    expect(page.buffer).toEqual({
      lsn: expect.any(Number),
      lsnText: expect.stringMatching(/^0\//),
      checksumOk: true,
      tuples: 4,
      free: expect.any(Number),
    });
    expect(page.durable?.lsn).toBe(page.buffer?.lsn);
  });

  it('gives checkpoint and commit LSNs as numbers with their text', () => {
    const lab = openDurability({ tables: { accounts } });
    runAll(lab, [...transfer('T1'), { type: 'checkpoint' }]);
    const c = lab.view().checkpoints.at(-1)!;
    expect(c.redo).toBe(lab.state.control.redo);
    expect(c.lsn).toBe(lab.state.control.checkPoint);
    expect(c.lsnText).toBe(lab.view().control.checkPointText);
    expect(lab.view().txns[0].commitEnd).toBe(lab.state.txns.T1.commitEnd);
  });

  it('keeps a history of recovery work: what each checkpoint cut and what each recovery replayed', () => {
    const lab = openDurability({ tables: { accounts } });
    runAll(lab, [...transfer('T1'), ...transfer('T2'), { type: 'checkpoint' }, ...transfer('T3'), { type: 'crash' }, { type: 'recover' }]);
    const h = lab.view().history;
    const cut = h.find((p) => p.kind === 'checkpoint')!;
    // From the REDO point: initdb's checkpoint record, six heap and commit records, the running-transactions
    // snapshot and the new checkpoint record.
    expect(cut).toMatchObject({ step: 9, recordsSinceRedo: 9 });
    const rec = h.find((p) => p.kind === 'recovery')!;
    expect(rec).toMatchObject({ step: 15, recordsReplayed: lab.state.recovery!.replayed, recordsSinceRedo: lab.state.recovery!.replayed });
    expect(rec.walBytesSinceRedo).toBe(lab.state.recovery!.position - lab.state.recovery!.from);
    expect(h.filter((p) => p.kind === 'sample').length).toBeGreaterThan(0);
  });

  it('thins its samples on a long run and keeps every checkpoint', () => {
    const lab = openDurability({ tables: { accounts } });
    const actions: Action[] = [];
    for (let i = 0; i < 600; i++) actions.push(...transfer(`T${i}`), ...(i % 50 === 0 ? [{ type: 'checkpoint' } as const] : []));
    runAll(lab, actions);
    const h = lab.view().history;
    expect(h.length).toBeLessThanOrEqual(400);
    expect(h.filter((p) => p.kind === 'checkpoint')).toHaveLength(12);
  });
});
