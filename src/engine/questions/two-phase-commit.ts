import type { View } from '../two-phase-commit/view';
import type { Problem, Probe, Seen } from './types';

type S = Seen<'two-phase-commit'>;
const UNDECIDED = 'no decision yet';

const gtxOf = (view: View, gid: string | null) =>
  (gid === null ? view.gtx[0] : view.gtx.find((g) => g.gid === gid)) ??
  ({ problem: `there is no global transaction ${gid ?? ''}` } satisfies Problem);

/** `decision(gid)`: what the coordinator has decided for a global transaction after the step. */
const decision: Probe<'two-phase-commit'> = {
  choices: () => ['commit', 'abort', UNDECIDED],
  answer(after: S, _before, arg) {
    const g = gtxOf(after.view, arg);
    if ('problem' in g) return g;
    const coord = after.view.nodes.find((n) => n.role === 'coordinator')?.decisions.find((d) => d.gid === g.gid);
    const votes = Object.entries(coord?.votes ?? {}).map(([node, vote]) => `${node} ${vote}`);
    const heard = votes.length > 0 ? `Votes heard: ${votes.join(', ')}` : 'No votes heard yet';
    const value = g.decision === 'none' ? UNDECIDED : g.decision;
    const why =
      g.decision === 'abort'
        ? `${heard}. One no is enough: the coordinator aborts ${g.gid} everywhere.`
        : g.decision === 'commit'
          ? `${heard}. Every participant voted yes, so the coordinator logs COMMIT for ${g.gid}.`
          : `${heard}. The coordinator decides only once every participant has voted (or one says no).`;
    return { value, why };
  },
};

export const twoPhaseCommitProbes = { decision } as const;
