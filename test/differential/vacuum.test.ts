import { describe, expect, it } from 'vitest';
import { describe as narrate } from '../../src/engine/durability/text';
import { timelineFor } from '../../src/engine/labs';
import { durabilityPresets } from '../../src/scenarios/durability/presets';
import { vacuumOnPostgres } from './vacuum-run';

/*
 * What the durability lab states about VACUUM, against PostgreSQL 15 running the same statements:
 * VACUUM VERBOSE's "pages:" and "tuples:" lines (removed, remain, "are dead but not yet removable"
 * while an old snapshot is open), pg_stat_user_tables' n_live_tup and n_dead_tup right after,
 * and the table's size in pages. The lab's narration must quote PostgreSQL's "tuples:" line as
 * the server words it. Xids (the removable cutoff) differ by design and are not compared.
 */

const withVacuum = durabilityPresets.filter((p) => p.options?.autovacuum === true || p.steps.some((s) => s.do.type === 'vacuum'));

describe('VACUUM reports what PostgreSQL 15 reports', () => {
  for (const preset of withVacuum) {
    it(`${preset.preset}: VACUUM VERBOSE's pages and tuples, n_live_tup, n_dead_tup and the table's size`, async () => {
      const timeline = timelineFor(preset);
      // Where the lab's autovacuum ran: PostgreSQL's side VACUUMs those tables at that step.
      const auto = new Map<number, string[]>();
      for (let i = 1; i <= preset.steps.length; i++) {
        const tables = timeline.seek(i).events.flatMap((e) => (e.type === 'table.vacuumed' && e.auto ? [e.table] : []));
        if (tables.length > 0) auto.set(i, tables);
      }
      const real = await vacuumOnPostgres(preset, auto);
      const lab = real.map((f) => {
        const frame = timeline.seek(f.step);
        const v = frame.events.find((e) => e.type === 'table.vacuumed');
        if (!v || v.type !== 'table.vacuumed') throw new Error(`step ${f.step}: the lab did not vacuum`);
        return { frame, v };
      });
      const shape = (pagesRemoved: number, pages: number, removed: number, remain: number, held: number) =>
        `pages: ${pagesRemoved} removed, ${pages} remain; tuples: ${removed} removed, ${remain} remain, ${held} are dead but not yet removable`;
      const theirs = real.map((f) => {
        const pages = /pages: (\d+) removed, (\d+) remain/.exec(f.verbose);
        const tuples = /tuples: (\d+) removed, (\d+) remain, (\d+) are dead but not yet removable/.exec(f.verbose);
        expect(pages && tuples, `VACUUM VERBOSE said:\n${f.verbose}`).toBeTruthy();
        return {
          verbose: shape(Number(pages![1]), Number(pages![2]), Number(tuples![1]), Number(tuples![2]), Number(tuples![3])),
          nLiveTup: f.nLiveTup,
          nDeadTup: f.nDeadTup,
          pages: f.pages,
        };
      });
      const ours = lab.map(({ v }) => ({
        verbose: shape(v.pagesRemoved, v.pages, v.removed, v.remain, v.deadNotRemovable),
        nLiveTup: v.live,
        nDeadTup: v.dead,
        pages: v.pages,
      }));
      expect(ours).toEqual(theirs);
      // The lab's own words for a VACUUM step quote the server's "tuples:" line.
      for (const [i, { frame }] of lab.entries()) {
        const line = /tuples: [^\n]*/.exec(real[i].verbose)![0];
        const words = narrate(frame.events, preset.steps[real[i].step - 1].do);
        expect(words).toContain(line);
      }
    });
  }
});
