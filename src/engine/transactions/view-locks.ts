import { MODE_NAMES, holdersAgainst } from './heavy-locks';
import type { Session, State, Wait } from './types';
import type { View } from './view';

/** A wait that is not for a row's transaction, in words. */
export function waitLabelOf(on: Wait | undefined): string | null {
  if (!on) return null;
  return on.k === 'lock' ? `${MODE_NAMES[on.mode]} on ${on.label}` : 'a safe snapshot (serializable writers to finish)';
}

/**
 * pg_locks' heavyweight rows the panel shows: advisory locks, table locks stronger than the ones
 * every statement takes (from SHARE UPDATE EXCLUSIVE up: LOCK TABLE, DDL), and every wait.
 */
export function heavyLockRows(state: State, sessions: readonly Session[]): View['locks'][number][] {
  const rows: View['locks'][number][] = state.heavy
    .filter((l) => l.mode >= 4 || l.tag.startsWith('advisory '))
    .map((l) => ({
      session: l.session,
      xid: l.vxid ? (state.sessions[l.session]?.txn?.xid ?? 0) : 0,
      table: l.label,
      ctid: '',
      mode: `${MODE_NAMES[l.mode]}${l.vxid ? '' : ' (session)'}${l.count > 1 ? ` ×${l.count}` : ''}`,
      granted: true,
      waitsFor: 0,
    }));
  for (const s of sessions) {
    const on = s.pending?.waitOn;
    if (on?.k !== 'lock') continue;
    const holder = holdersAgainst(state, on.tag, on.mode, s.name)[0] ?? '';
    rows.push({
      session: s.name,
      xid: s.txn?.xid ?? 0,
      table: on.label,
      ctid: '',
      mode: MODE_NAMES[on.mode],
      granted: false,
      waitsFor: state.sessions[holder]?.txn?.xid ?? 0,
      holder,
    });
  }
  return rows;
}
