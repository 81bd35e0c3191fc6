import { describe, expect, it } from 'vitest';
import { accounts, walRuleRows } from '../../scenarios/durability/steps';
import { openDurability } from '../../../test/support/durability';
import { waldump, waldumpLsn } from './waldump';

describe('When the WAL is printed as pg_waldump prints it', () => {
  it('prints the bank transfer as PostgreSQL 15 logs it: two HOT_UPDATEs (the first with its page image) and a 34-byte COMMIT', () => {
    const lab = openDurability({ tables: { accounts } });
    lab.run(
      { type: 'begin', tx: 'T1' },
      { type: 'update', tx: 'T1', table: 'accounts', key: 'alice', add: { balance: -30 } },
      { type: 'update', tx: 'T1', table: 'accounts', key: 'bob', add: { balance: 30 } },
      { type: 'commit', tx: 'T1' },
    );
    expect(waldump(lab.state).slice(1)).toEqual([
      'rmgr: Heap        len (rec/tot):     65/   213, tx:        750, lsn: 0/010000A0, prev 0/01000028, desc: HOT_UPDATE off 1 xmax 750 flags 0x60 ; new off 3 xmax 0, blkref #0: rel 1663/5/16384 blk 0 FPW',
      'rmgr: Heap        len (rec/tot):     71/    71, tx:        750, lsn: 0/01000178, prev 0/010000A0, desc: HOT_UPDATE off 2 xmax 750 flags 0x60 ; new off 4 xmax 0, blkref #0: rel 1663/5/16384 blk 0',
      'rmgr: Transaction len (rec/tot):     34/    34, tx:        750, lsn: 0/010001C0, prev 0/01000178, desc: COMMIT 2000-01-01 00:00:00.000000 UTC',
    ]);
  });

  it('prints an insert as a heap INSERT and the primary key INSERT_LEAF, and a checkpoint as RUNNING_XACTS then CHECKPOINT_ONLINE', () => {
    const lab = openDurability({ tables: { accounts } });
    lab.run(
      { type: 'checkpoint' },
      { type: 'begin', tx: 'T1' },
      { type: 'insert', tx: 'T1', table: 'accounts', key: 'carol', values: { balance: 20 } },
    );
    const lines = waldump(lab.state);
    expect(lines[1]).toMatch(/^rmgr: Standby {5}len \(rec\/tot\): {5}50\/ {4}50, .*desc: RUNNING_XACTS nextXid 750 /);
    expect(lines[2]).toMatch(/^rmgr: XLOG {8}len \(rec\/tot\): {4}114\/ {3}114, .*desc: CHECKPOINT_ONLINE redo 0\/10000A0; .* online$/);
    expect(lines[3]).toMatch(
      /^rmgr: Heap {8}len \(rec\/tot\): {5}54\/ {3}202, .*desc: INSERT off 3 flags 0x00, blkref #0: rel 1663\/5\/16384 blk 0 FPW$/,
    );
    expect(lines[4]).toMatch(
      /^rmgr: Btree {7}len \(rec\/tot\): {5}53\/ {3}153, .*desc: INSERT_LEAF off 3, blkref #0: rel 1663\/5\/16386 blk 1 FPW$/,
    );
  });

  it('logs a LOCK on the old version before updating a row too wide for the toaster to skip, as heap_update does', () => {
    const lab = openDurability({ tables: { accounts: walRuleRows } });
    lab.run({ type: 'begin', tx: 'T1' }, { type: 'update', tx: 'T1', table: 'accounts', key: 'm', add: { balance: -100 } });
    const lines = waldump(lab.state);
    // PostgreSQL 15: LOCK 59/2727 with block 4's image, then HOT_UPDATE 71/71 (pg-wal-rule).
    expect(lines[1]).toMatch(
      /len \(rec\/tot\): {5}59\/ {2}2727, .*desc: LOCK off 1: xid 750: flags 0x00 LOCK_ONLY EXCL_LOCK , blkref #0: rel 1663\/5\/16384 blk 4 FPW$/,
    );
    expect(lines[2]).toMatch(
      /len \(rec\/tot\): {5}71\/ {4}71, .*desc: HOT_UPDATE off 1 xmax 750 flags 0x60 ; new off 2 xmax 0, blkref #0: rel 1663\/5\/16384 blk 4$/,
    );
  });

  it('pads the low half of an LSN to eight digits', () => {
    expect(waldumpLsn(0x1_0000_0028)).toBe('1/00000028');
  });
});
