import { distinct, type Probe, type Seen } from './types';

type S = Seen<'intent-log'>;

const said = (txs: readonly string[]) => (txs.length === 0 ? 'none' : txs.join(' and '));

/** `recoveryKeeps`: which transactions recovery keeps. Choices: each transaction, all, none. */
const recoveryKeeps: Probe<'intent-log'> = {
  choices(before: S) {
    const txs = Object.keys(before.view.txns).sort();
    return distinct([...txs, ...(txs.length > 1 ? [said(txs)] : []), 'none']);
  },
  answer(after: S) {
    const r = after.view.recovery;
    if (!r || !after.events.some((e) => e.type === 'recovery.finished')) return { problem: 'this step does not run recovery' };
    const kept = [...r.committed].sort();
    const undone = r.rolledBack.length > 0 ? `; ${said([...r.rolledBack].sort())} had none, so its writes are undone` : '';
    return {
      value: said(kept),
      why: `Recovery keeps a transaction only if its COMMIT record is in the log: ${kept.length > 0 ? `${said(kept)} has one` : 'none has one'}${undone}.`,
    };
  },
};

export const intentLogProbes = { recoveryKeeps } as const;
