import { afterAll, describe, expect, it } from 'vitest';
import { durabilityPresets } from '../../src/scenarios/durability/presets';
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

const brief = (r: readonly Compared[]) => r.map((x) => `${x.type} ${x.rec}/${x.tot}${x.fpw ? ' FPW' : ''}`);
const results: { preset: string; identical: boolean; records: number }[] = [];

describe('The durability lab writes the WAL PostgreSQL 15 writes (pg_waldump)', () => {
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

  afterAll(() => {
    const same = results.filter((r) => r.identical);
    const compared = results.reduce((n, r) => n + r.records, 0);
    console.log(
      `${same.length}/${durabilityPresets.length} durability presets' WAL identical to pg_waldump (${compared} records compared)`,
    );
    for (const r of results) if (!r.identical) console.log(`  differs: ${r.preset}`);
  });
});
