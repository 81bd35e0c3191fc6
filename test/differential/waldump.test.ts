import { afterAll, describe, expect, it } from 'vitest';
import { type DurabilityScenario, durabilityPresets } from '../../src/scenarios/durability/presets';
import { btreeRandom, btreeRising } from './waldump-btree';
import { randomWorkload } from './waldump-fuzz';
import { pruneAfterHit, pruneBank, pruneRandom } from './waldump-prune';
import { type Compared, engineRun, runOnPostgres } from './waldump-run';

/*
 * The durability lab's WAL against PostgreSQL 15's, for every durability preset: the preset's
 * tables are created as SQL (waldump-run.ts, tableSql), its statements run in one session per
 * transaction, and the real pg_waldump reads the WAL. Both sides must log the same record types
 * with the same `len (rec/tot)`, full-page images included, in the same order.
 *
 * Alignment: each side is compared from the first record after its setup checkpoint (the
 * engine's initdb CHECKPOINT_SHUTDOWN at 0/1000028; PostgreSQL's CHECKPOINT after the tables are
 * loaded, taken at the start of a fresh segment). LSN values are not compared: PostgreSQL's
 * window starts 56 bytes later in its segment (the setup checkpoint's RUNNING_XACTS), so the two
 * agree by offset until a record crosses an 8 kB page boundary, whose page header shifts one side.
 *
 * Steps map as: begin/commit/abort = BEGIN/COMMIT/ROLLBACK in the transaction's session;
 * insert/update/delete/read = the SQL statement; checkpoint = CHECKPOINT at the step where the
 * lab writes its checkpoint record (a spread one finishes on a later tick); tick = wait for
 * PostgreSQL's WAL writer when the lab's flushed asynchronous commits; crash = pg_ctl stop -m
 * immediate; recover = pg_ctl start (crash recovery, then its end-of-recovery checkpoint).
 * Records PostgreSQL writes that the lab does not model are listed in filterUnmodelled.
 */

/**
 * Beyond the presets, the records they never write: an UPDATE that moves its row to another page
 * (LOCK, UPDATE with two blocks, a second index entry for the key), one onto a fresh page
 * (UPDATE+INIT), DELETE, ROLLBACK's ABORT, an INSERT after them. Rows of 3 kB: two to a page.
 */
const wide = (key: string, balance: number) => ({ key, values: { balance, note: 'y'.repeat(3000) } });
const moves: DurabilityScenario = {
  v: 1,
  lab: 'durability',
  title: 'Non-HOT updates, a delete and a rollback',
  seed: 1,
  preset: 'waldump-non-hot',
  options: { tables: { accounts: [wide('a', 1), wide('b', 2), wide('c', 3)] } },
  steps: [
    { do: { type: 'begin', tx: 'T1' } },
    { do: { type: 'update', tx: 'T1', table: 'accounts', key: 'a', add: { balance: 10 } } },
    { do: { type: 'update', tx: 'T1', table: 'accounts', key: 'b', add: { balance: 10 } } },
    { do: { type: 'delete', tx: 'T1', table: 'accounts', key: 'c' } },
    { do: { type: 'abort', tx: 'T1' } },
    { do: { type: 'begin', tx: 'T2' } },
    { do: { type: 'insert', tx: 'T2', table: 'accounts', key: 'd', values: { balance: 4, note: 'short' } } },
    { do: { type: 'commit', tx: 'T2' } },
    { do: { type: 'checkpoint' } },
    { do: { type: 'begin', tx: 'T3' } },
    { do: { type: 'delete', tx: 'T3', table: 'accounts', key: 'd' } },
    { do: { type: 'commit', tx: 'T3' } },
  ],
};

/**
 * VACUUM on the bank table: two HOT updates and a delete, VACUUM while a writing transaction
 * holds the xmin horizon back (only the first update's old version goes; two are "dead but not
 * yet removable"), then after it rolls back (its row goes too, with its index entry).
 */
const bank = [
  { key: 'alice', values: { balance: 100 } },
  { key: 'bob', values: { balance: 50 } },
  { key: 'carol', values: { balance: 10 } },
];
const vacuumHeld: DurabilityScenario = {
  v: 1,
  lab: 'durability',
  title: 'VACUUM with and without an old transaction',
  seed: 1,
  preset: 'waldump-vacuum-held',
  options: { tables: { accounts: bank } },
  steps: [
    { do: { type: 'begin', tx: 'T1' } },
    { do: { type: 'update', tx: 'T1', table: 'accounts', key: 'alice', add: { balance: -10 } } },
    { do: { type: 'commit', tx: 'T1' } },
    { do: { type: 'begin', tx: 'OLD' } },
    { do: { type: 'insert', tx: 'OLD', table: 'accounts', key: 'zed', values: { balance: 1 } } },
    { do: { type: 'begin', tx: 'T2' } },
    { do: { type: 'update', tx: 'T2', table: 'accounts', key: 'bob', add: { balance: 10 } } },
    { do: { type: 'commit', tx: 'T2' } },
    { do: { type: 'begin', tx: 'T3' } },
    { do: { type: 'delete', tx: 'T3', table: 'accounts', key: 'carol' } },
    { do: { type: 'commit', tx: 'T3' } },
    { do: { type: 'vacuum', table: 'accounts' } },
    { do: { type: 'abort', tx: 'OLD' } },
    { do: { type: 'vacuum', table: 'accounts' } },
    { do: { type: 'checkpoint' } },
    { do: { type: 'begin', tx: 'T4' } },
    { do: { type: 'update', tx: 'T4', table: 'accounts', key: 'alice', add: { balance: 5 } } },
    { do: { type: 'insert', tx: 'T4', table: 'accounts', key: 'dave', values: { balance: 7 } } },
    { do: { type: 'commit', tx: 'T4' } },
    { do: { type: 'vacuum', table: 'accounts' } },
  ],
};
const vacuumFree: DurabilityScenario = {
  ...vacuumHeld,
  preset: 'waldump-vacuum',
  steps: vacuumHeld.steps.filter((s) => !('tx' in s.do) || s.do.tx !== 'OLD'),
};

const brief = (r: readonly Compared[]) => r.map((x) => `${x.type} ${x.rec}/${x.tot}${x.fpw ? ' FPW' : ''}`);
const results: { preset: string; identical: boolean; records: number }[] = [];
const extra: { identical: boolean; records: number }[] = [];

/** A workload beyond the presets: compared the same way, counted apart. */
async function compareExtra(scenario: DurabilityScenario): Promise<void> {
  const engine = engineRun(scenario);
  const real = await runOnPostgres(scenario, engine.facts);
  extra.push({ identical: JSON.stringify(brief(engine.records)) === JSON.stringify(brief(real.records)), records: real.records.length });
  expect(brief(engine.records), `pg_waldump printed:\n${real.raw}`).toEqual(brief(real.records));
}

describe('The durability lab writes the WAL PostgreSQL 15 writes (pg_waldump)', () => {
  it('waldump-non-hot: rows that move pages, a delete and a rollback log what PostgreSQL logs', () => compareExtra(moves));
  it('waldump-vacuum: VACUUM logs PRUNE, Btree VACUUM, Heap2 VACUUM and VISIBLE as PostgreSQL does', () => compareExtra(vacuumFree));
  it('waldump-vacuum-held: VACUUM while a transaction holds the xmin horizon, then after it ends', () => compareExtra(vacuumHeld));

  it('waldump-btree-rising: rising keys split the rightmost leaf 90/10 (SPLIT_R, NEWROOT, INSERT_UPPER), then a crash', () =>
    compareExtra(btreeRising));
  for (const seed of [1, 2, 3])
    it(`waldump-btree-random-${seed}: random keys split inner leaves (SPLIT_L, SPLIT_R, INSERT_UPPER), with page images`, () =>
      compareExtra(btreeRandom(seed)));

  it('waldump-prune-bank: 170 HOT updates of one row; the 167th index fetch prunes the page (PRUNE with its image)', () =>
    compareExtra(pruneBank));
  it("waldump-prune-after-hit: a DELETE by key logs DELETE, then its index scan fetches (and prunes) an older entry's page", () =>
    compareExtra(pruneAfterHit));
  // After an UPDATE moved a row, the key has two index entries: the scan fetches both pages (and may prune the old one).
  for (const seed of [1, 2, 3, 4, 5, 6])
    it(`waldump-prune-random-${seed}: HOT updates, reads, a delete and a transaction holding the horizon; pages pruned on access`, () =>
      compareExtra(pruneRandom(seed)));

  for (const preset of durabilityPresets) {
    it(`${preset.preset}: the same record types and rec/tot lengths, page images included, in order`, async () => {
      const engine = engineRun(preset);
      const real = await runOnPostgres(preset, engine.facts);
      const identical = JSON.stringify(brief(engine.records)) === JSON.stringify(brief(real.records));
      results.push({ preset: preset.preset, identical, records: real.records.length });
      expect(real.records.length, 'pg_waldump printed no record to compare').toBeGreaterThan(0);
      expect(brief(engine.records), `pg_waldump printed:\n${real.raw}`).toEqual(brief(real.records));
    });
  }

  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`random workload, seed ${seed}: inserts, updates of every column type, NULLs, deletes, rollbacks and checkpoints`, () =>
      compareExtra(randomWorkload(seed)));
  }

  afterAll(() => {
    const same = results.filter((r) => r.identical);
    const compared = results.reduce((n, r) => n + r.records, 0);
    console.log(
      `${same.length}/${durabilityPresets.length} durability presets' WAL identical to pg_waldump (${compared} records compared)`,
    );
    for (const r of results) if (!r.identical) console.log(`  differs: ${r.preset}`);
    const extraRecords = extra.reduce((n, r) => n + r.records, 0);
    console.log(
      `${extra.filter((r) => r.identical).length}/${extra.length} other workloads' WAL identical to pg_waldump (${extraRecords} records compared)`,
    );
  });
});
