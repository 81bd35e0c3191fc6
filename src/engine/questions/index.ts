import type { LabEvent, LabView } from '../labs';
import type { LabId } from '../scenario/schema';
import { durabilityProbes } from './durability';
import { intentLogProbes } from './intent-log';
import { kademliaProbes } from './kademlia';
import { PROBE_NAMES, parseAbout } from './names';
import { poolProbes } from './pool';
import { replicationProbes } from './replication';
import { transactionsProbes } from './transactions';
import { twoPhaseCommitProbes } from './two-phase-commit';
import { type Answer, isProblem, type Problem, type Probe } from './types';

export type { Answer, Problem } from './types';
export { isProblem } from './types';

/** Every lab's probes, one line per lab: each name PROBE_NAMES lists has its function. */
const PROBES: { readonly [K in LabId]: { readonly [N in (typeof PROBE_NAMES)[K][number]]: Probe<K> } } = {
  'intent-log': intentLogProbes,
  durability: durabilityProbes,
  transactions: transactionsProbes,
  kademlia: kademliaProbes,
  pool: poolProbes,
  'two-phase-commit': twoPhaseCommitProbes,
  replication: replicationProbes,
};

/** A frame of one lab as the probes read it (a worker frame is one). */
type SeenOf<K extends LabId> = { [P in K]: { readonly lab: P; readonly view: LabView<P>; readonly events: readonly LabEvent<P>[] } }[K];

function probeOf<K extends LabId>(lab: K, about: string): { probe: Probe<K>; arg: string | null } | Problem {
  const parsed = parseAbout(about);
  const probes: Readonly<Record<string, Probe<K>>> = PROBES[lab];
  const probe = parsed ? probes[parsed.name] : undefined;
  return probe && parsed && Object.hasOwn(probes, parsed.name)
    ? { probe, arg: parsed.arg }
    : { problem: `the ${lab} lab cannot grade "${about}"` };
}

/** The choices a question offers, read from the frame before its step. */
export function choicesAt<K extends LabId>(before: SeenOf<K>, about: string): readonly string[] | Problem {
  const p = probeOf<K>(before.lab, about);
  if (isProblem(p)) return p;
  return p.probe.choices(before, p.arg);
}

/** The engine's answer to a question and why, read from the frames after and before its step. */
export function answerAt<K extends LabId>(after: SeenOf<K>, before: SeenOf<K>, about: string): Answer | Problem {
  const p = probeOf<K>(after.lab, about);
  if (isProblem(p)) return p;
  return p.probe.answer(after, before, p.arg);
}
