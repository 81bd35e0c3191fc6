import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findPgBin } from '../../scripts/pg-cluster';
import type { State } from '../../src/engine/durability/types';
import { timelineFor } from '../../src/engine/labs';
import { formatLsn, parseLsn, recPtrToBytePos } from '../../src/engine/wal/lsn';
import { type DurabilityScenario, durabilityPresets } from '../../src/scenarios/durability/presets';
import { engineRun, runAs, runOnPostgres } from './waldump-run';

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
 *   in their WAL pages and so cross page boundaries at different places;
 * - "Latest checkpoint's NextXID:": as xids consumed since the start. The lab hands out an xid at
 *   BEGIN, PostgreSQL at a transaction's first write, so the lab's side counts the xids that wrote a
 *   WAL record before the checkpoint (the same alignment as vacuum.test.ts's: only xids that wrote
 *   exist on both sides); the epoch ("0:") must be 0.
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
    theirs.push(
      `step ${step + 1}: ${line(out, 'Database cluster state')}; checkpoint +${bytes(line(out, 'Latest checkpoint location')) - pgStart}; ` +
        `REDO +${bytes(line(out, "Latest checkpoint's REDO location")) - pgStart}; epoch ${epoch}; NextXID +${next - setupXid}`,
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
  for (const preset of durabilityPresets)
    it(`${preset.preset}: cluster state, checkpoint and REDO locations, NextXID after each CHECKPOINT`, () => compare(preset));

  afterAll(() => console.log(`pg_controldata: ${checkpoints} checkpoints, ${fields} fields compared`));
});
