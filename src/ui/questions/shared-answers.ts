import type { Scenario } from '../../engine/scenario/schema';

/** A shared pick: the 1-based number of the choice, or 'skip'. */
export type SharedPick = number | 'skip';

/** `answers=4.2,7.s`: step 4 took choice 2, step 7 was skipped. */
const PART = /^(\d{1,7})\.(s|[1-9])$/;

/**
 * The picks a link's `answers=` carries, by step, or a sentence saying what is wrong with it;
 * null when the link carries none. Steps must be steps of the scenario that ask a question.
 */
function readAnswers(hash: string, scenario: Scenario): Map<number, SharedPick> | string | null {
  const raw = /(?:^#?|&)answers=([^&]*)/.exec(hash)?.[1];
  if (raw === undefined) return null;
  let text: string;
  try {
    text = decodeURIComponent(raw);
  } catch {
    return 'The shared answers are not readable text.';
  }
  const picks = new Map<number, SharedPick>();
  for (const part of text.split(',')) {
    const m = PART.exec(part);
    if (!m) return `The shared answer "${part.slice(0, 20)}" is not of the form step.choice (like 4.2, or 4.s for a skip).`;
    const step = Number(m[1]);
    if (!scenario.steps[step - 1]?.ask) return `Step ${step} of this scenario asks no question, yet the link answers one.`;
    picks.set(step, m[2] === 's' ? 'skip' : Number(m[2]));
  }
  return picks;
}

/** The `&answers=` part of a link for these picks (empty when there are none). */
export function answersParam(picks: ReadonlyMap<number, SharedPick>): string {
  const parts = [...picks].sort(([a], [b]) => a - b).map(([step, pick]) => `${step}.${pick === 'skip' ? 's' : pick}`);
  return parts.length > 0 ? `&answers=${parts.join(',')}` : '';
}

/** The answers the link being opened carries, for the scenario it opens; the lab view takes them once. */
let fromLink: { scenario: Scenario; picks: Map<number, SharedPick> | string } | null = null;

/** Called by the link opener with the scenario a link names: keeps the link's answers, if any, for its lab view. */
export function noteLinkAnswers(scenario: Scenario, hash: string): void {
  const picks = readAnswers(hash, scenario);
  fromLink = picks === null ? null : { scenario, picks };
}

/** The answers (or the problem with them) the opened link carried for this scenario, if any. */
export function linkAnswersFor(scenario: Scenario): Map<number, SharedPick> | string | null {
  return fromLink?.scenario === scenario ? fromLink.picks : null;
}

/** The link's answers are used up: the user left that lab (reopening it starts a fresh attempt). */
export function forgetLinkAnswers(): void {
  fromLink = null;
}
