import type { SessionView, View } from '../transactions/view';
import { type Answer, byNumber, distinct, type Problem, type Probe, type Seen } from './types';

type S = Seen<'transactions'>;

const sessionOf = (view: View, name: string | null): SessionView | Problem =>
  view.sessions.find((s) => s.name === name) ?? { problem: `there is no session ${name ?? '(none named)'}` };

/** What a session's last result shows: its first column, rows joined; an error or no rows said so. */
function shown(s: SessionView): string {
  if (s.error) return `ERROR ${s.error.code}`;
  const rows = s.results.at(-1)?.rows ?? [];
  return rows.length === 0 ? '(no rows)' : rows.map((r) => r[0] ?? 'NULL').join(', ');
}

/** Values in columns that some update changed (a tuple and its next version differ there). */
function versionedValues(view: View): string[] {
  const out: string[] = [];
  for (const t of view.tables) {
    const byCtid = new Map(t.tuples.map((u) => [u.ctid, u]));
    const cols = new Set<number>();
    for (const u of t.tuples) {
      const next = u.next !== u.ctid ? byCtid.get(u.next) : undefined;
      if (next) u.values.forEach((v, i) => v !== next.values[i] && cols.add(i));
    }
    for (const u of t.tuples) for (const i of cols) out.push(u.values[i] ?? 'NULL');
  }
  return out;
}

/** `readValue(session)`: the value the session's next result shows. */
const readValue: Probe<'transactions'> = {
  choices(before: S, arg) {
    const s = sessionOf(before.view, arg);
    if ('problem' in s) return s;
    const seen = versionedValues(before.view);
    const last = s.results.length > 0 ? [shown(s)] : [];
    const all =
      seen.length + last.length > 0
        ? [...seen, ...last]
        : before.view.tables.flatMap((t) => t.tuples.flatMap((u) => u.values.slice(1).map((v) => v ?? 'NULL')));
    return distinct(all).sort(byNumber);
  },
  answer(after: S, _before, arg): Answer | Problem {
    const s = sessionOf(after.view, arg);
    if ('problem' in s) return s;
    const value = shown(s);
    if (s.error) return { value, why: `${s.name}'s statement failed: ${s.error.message}` };
    const seenBy = after.view.tables.flatMap((t) => t.tuples.filter((u) => u.visibleTo.includes(s.name) && u.values.includes(value)));
    const hidden = after.view.tables.flatMap((t) =>
      t.tuples.filter((u) => !u.visibleTo.includes(s.name) && u.xmax === 0 && seenBy.length > 0),
    );
    if (seenBy.length === 0) return { value, why: `${s.name} reads ${value}: what its snapshot sees when the statement runs.` };
    const v = seenBy[0];
    const not = hidden[0] ? `; the newer version ${hidden[0].ctid} (xmin ${hidden[0].xmin}) is not visible to it` : '';
    return { value, why: `${s.name}'s snapshot sees the version ${v.ctid} (xmin ${v.xmin})${not}.` };
  },
};

/** A session's error that this step raised (a new statement's, or one it was waiting in). */
function newError(after: SessionView, before: SessionView | undefined): boolean {
  if (!after.error) return false;
  return !before?.error || before.step !== after.step || before.error.message !== after.error.message;
}

/** `failedSession`: which session this step gives an error, with its SQLSTATE ("none" when none). */
const failedSession: Probe<'transactions'> = {
  choices: (before: S) => distinct([...before.view.sessions.map((s) => s.name), 'none']),
  answer(after: S, before: S) {
    const failed = after.view.sessions.find((s) =>
      newError(
        s,
        before.view.sessions.find((b) => b.name === s.name),
      ),
    );
    if (!failed?.error)
      return { value: 'none', why: 'Every statement of this step succeeded (or is still waiting): no session gets an error.' };
    return { value: failed.name, why: `${failed.name} gets ERROR ${failed.error.code}: ${failed.error.message}.` };
  },
};

export const transactionsProbes = { readValue, failedSession } as const;
