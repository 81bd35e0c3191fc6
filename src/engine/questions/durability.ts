import { formatLsn } from '../wal/lsn';
import { distinct, type Probe, type Seen } from './types';

type S = Seen<'durability'>;

/** `redoStartLsn`: the LSN recovery starts replaying from. Choices: the WAL positions in view. */
const redoStartLsn: Probe<'durability'> = {
  choices(before: S) {
    const v = before.view;
    const points = [v.wal.records[0]?.lsn, v.control.redo, ...v.checkpoints.map((c) => c.redo), v.wal.flushed].filter(
      (n): n is number => n !== undefined,
    );
    return distinct([...new Set(points)].sort((a, b) => a - b).map(formatLsn));
  },
  answer(after: S) {
    const started = after.events.find((e) => e.type === 'recovery.started');
    if (!started || started.type !== 'recovery.started') return { problem: 'this step does not start recovery' };
    const lsn = formatLsn(started.redo);
    return {
      value: lsn,
      why: `Recovery reads pg_control: the last checkpoint's REDO point is ${lsn}, so replay starts there (${started.records} records to read), not at the start of the WAL.`,
    };
  },
};

export const durabilityProbes = { redoStartLsn } as const;
