import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findPgBin } from '../../scripts/pg-cluster';
import type { State } from '../../src/engine/durability/types';
import { timelineFor } from '../../src/engine/labs';
import { formatLsn, maxAlign, parseLsn, recPtrToBytePos } from '../../src/engine/wal/lsn';
import { type DurabilityScenario, durabilityPresets } from '../../src/scenarios/durability/presets';
import { engineRun, parseWaldumpLine, runAs, runOnPostgres } from './waldump-run';

/*
 * pg_control as the checkpoint panel states it, against the real `pg_controldata` after the same
 * CHECKPOINT on PostgreSQL 15. Each preset runs as in the pg_waldump comparison (waldump-run.ts),
 * with one more CHECKPOINT at its end; after every CHECKPOINT PostgreSQL's pg_controldata is read
 * and its raw lines compared with what the panel shows at that step (CheckpointPanel.tsx):
 *
 * - "Database cluster state:" verbatim;
 * - "Latest checkpoint location:" and "Latest checkpoint's REDO location:": as WAL distances from
 *   each side's start (the lab's first record after initdb's checkpoint, PostgreSQL's insert
 *   position after its setup CHECKPOINT, as waldump.test.ts aligns them), counted in usable bytes
 *   (recPtrToBytePos: page headers left out), because the two windows start at different offsets
 *   in their WAL pages and so cross page boundaries at different places; the records the pg_waldump
 *   comparison leaves out as not modelled (waldump-run.ts, filterUnmodelled: VACUUM's catalog
 *   updates, the background writer's RUNNING_XACTS, the harness's own flush) are taken off
 *   PostgreSQL's distance, each by its MAXALIGNed length;
 * - "Latest checkpoint's NextXID:": as xids consumed since the start. The lab hands out an xid at
 *   BEGIN, PostgreSQL at a transaction's first write, so the lab's side counts the xids that wrote a
 *   WAL record before the checkpoint (the same alignment as vacuum.test.ts's: only xids that wrote
 *   exist on both sides), and PostgreSQL's side leaves out the harness's own xids; the epoch ("0:") must be 0.
 * A preset whose recovery stops at a torn page is left out: no server is left to checkpoint.
 * "Time of latest checkpoint" is the lab's logical tick against a wall clock: not compared.
 */

const bin = findPgBin()!;
const line = (out: string, name: string): string => {
  const m = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\s+(.*)$`, 'm').exec(out);
  if (!m) throw new Error(`pg_controldata printed no "${name}:" line:\n${out}`);
  return m[1];
};
const bytes = (text: string) => recPtrToBytePos(parseLsn(text)!);
let fields = 0;
let checkpoints = 0;

async function compare(base: DurabilityScenario): Promise<void> {
  const preset: DurabilityScenario = { ...base, steps: [...base.steps, { do: { type: 'checkpoint' } }] };
  const { facts } = engineRun(preset);
  const timeline = timelineFor(preset);
  const dumps = new Map<number, string>();
  const real = await runOnPostgres(preset, facts, (step, data) => dumps.set(step, runAs([join(bin, 'pg_controldata'), '-D', data])));
  // PostgreSQL's records the comparison leaves out: their place in the WAL, length and xid.
  const kept = new Set(real.records.map((r) => r.text));
  const all = real.raw.split('\n').flatMap((l) => {
    const r = parseWaldumpLine(l);
    const m = /tx:\s+(\d+), lsn: (\S+),/.exec(l);
    return r && m ? [{ kept: kept.has(r.text), tot: r.tot, xid: Number(m[1]), at: bytes(m[2]) }] : [];
  });
  const keptXids = new Set(all.filter((r) => r.kept).map((r) => r.xid));
  const left = (before: number) => all.filter((r) => !r.kept && r.at < before);
  const setup = dumps.get(-1)!;
  const setupXid = Number(line(setup, "Latest checkpoint's NextXID").split(':')[1]);
  const theirs: string[] = [];
  const ours: string[] = [];
  for (const [step, out] of dumps) {
    if (step < 0) continue;
    const frame = timeline.seek(step + 1);
    const state = timeline.engineState as State;
    const c = frame.view.control;
    const labStart = recPtrToBytePos(state.wal.records[1]?.lsn ?? state.wal.insert);
    const pgStart = bytes(real.start);
    const [epoch, next] = line(out, "Latest checkpoint's NextXID").split(':').map(Number);
    const wrote = new Set(state.wal.records.filter((r) => r.xid > 0 && r.lsn < c.checkPoint).map((r) => r.xid));
    const at = (name: string) => {
      const b = bytes(line(out, name));
      return b - pgStart - left(b).reduce((n, r) => n + maxAlign(r.tot), 0);
    };
    const harnessXids = new Set(left(Infinity).flatMap((r) => (r.xid > 0 && !keptXids.has(r.xid) && r.xid < next ? [r.xid] : [])));
    theirs.push(
      `step ${step + 1}: ${line(out, 'Database cluster state')}; checkpoint +${at('Latest checkpoint location')}; ` +
        `REDO +${at("Latest checkpoint's REDO location")}; epoch ${epoch}; NextXID +${next - setupXid - harnessXids.size}`,
    );
    ours.push(
      `step ${step + 1}: ${c.state}; checkpoint +${recPtrToBytePos(c.checkPoint) - labStart}; ` +
        `REDO +${recPtrToBytePos(c.redo) - labStart}; epoch 0; NextXID +${wrote.size}`,
    );
    fields += 4;
    checkpoints += 1;
  }
  expect(ours.length, 'no CHECKPOINT was compared').toBeGreaterThan(0);
  expect(ours, `lab's pg_control: ${formatLsn((timeline.engineState as State).control.checkPoint)}`).toEqual(theirs);
}

describe("The checkpoint panel's pg_control is PostgreSQL 15's (pg_controldata)", () => {
  // A preset whose recovery stops at a torn page ends with no server to checkpoint (PostgreSQL cannot tear a page).
  for (const preset of durabilityPresets.filter((p) => p.expect?.phase !== 'failed'))
    it(`${preset.preset}: cluster state, checkpoint and REDO locations, NextXID after each CHECKPOINT`, () => compare(preset));

  afterAll(() => console.log(`pg_controldata: ${checkpoints} checkpoints, ${fields} fields compared`));
});
