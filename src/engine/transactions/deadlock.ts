import { SQLSTATE, SqlError } from '../sql/errors';
import { waitCycle } from './heavy-locks';
import type { Pending, Session, State } from './types';

/** PostgreSQL's default deadlock_timeout: 1 s. */
export const DEADLOCK_TIMEOUT_MS = 1000;

/** How long the isolation tester waits for a step before it cancels it (max_step_wait). */
export const MAX_STEP_WAIT_MS = 300_000;

const UNITS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * The value of `SET deadlock_timeout = '100s'` (or `TO 100`, milliseconds without a unit), in
 * milliseconds, read from the statement's text; DEFAULT gives back 1 s.
 */
export function settingOf(sql: string): number {
  const m = /deadlock_timeout\s*(?:=|\bto\b)\s*(?:'\s*)?([^';\s]+)\s*([a-z]*)\s*'?/i.exec(sql);
  const raw = m ? `${m[1]}${m[2]}` : '';
  if (/^default$/i.test(raw)) return DEADLOCK_TIMEOUT_MS;
  const v = /^(\d+(?:\.\d+)?)([a-z]*)$/i.exec(raw);
  const unit = v ? UNITS[v[2].toLowerCase() || 'ms'] : undefined;
  if (!v || unit === undefined)
    throw new SqlError(SQLSTATE.invalid_parameter_value, `invalid value for parameter "deadlock_timeout": "${raw}"`);
  return Math.max(1, Math.round(Number(v[1]) * unit));
}

/**
 * The waiting session whose deadlock timer fires next, no later than `limit` (logical ms):
 * each lock wait arms one timer, deadlock_timeout after it began (ProcSleep's
 * enable_timeout_after), and ties go to the earlier wait.
 */
export function nextTimer(state: State, limit: number): Session | null {
  let best: Session | null = null;
  for (const s of Object.values(state.sessions)) {
    const p = s.pending;
    if (!p || !p.waitingFor || p.timerAt < 0 || p.timerAt > limit) continue;
    const b = best?.pending as Pending | undefined;
    if (!b || p.timerAt < b.timerAt || (p.timerAt === b.timerAt && p.timerOrder < b.timerOrder)) best = s;
  }
  return best;
}

/** Whether some waiting session is on a wait-for cycle. */
export function anyCycle(state: State): boolean {
  for (const name in state.sessions) {
    const s = state.sessions[name];
    if (s.pending?.waitingFor && waitCycle(state, s, true) !== null) return true;
  }
  return false;
}
