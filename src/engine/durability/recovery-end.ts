import { formatLsn } from '../wal/lsn';
import { visible } from './heap';
import { leaveProcArray } from './horizon';
import { ctid } from './page';
import { diskImage, pageKey } from './storage';
import type { RecoveryReport, State } from './types';

/** The end of crash recovery (recovery.ts): the verdict on every transaction, and the key map rebuilt. */

/** Which transactions survived, and why: the commit log after replay decides. */
export function judge(state: State, report: RecoveryReport): void {
  for (const name in state.txns) {
    const t = state.txns[name];
    if (t.reason !== '') continue;
    const ok = state.clog[t.xid] === 1;
    if (t.status === 'aborted') t.reason = 'rolled back before the crash';
    else if (ok && t.acknowledged) t.reason = `its commit record (ending ${formatLsn(t.commitEnd)}) was flushed before the crash`;
    else if (ok) t.reason = 'its commit record reached disk in a shared flush, though COMMIT had not returned yet';
    else if (t.status === 'committing') t.reason = 'its commit record was still in the WAL buffers, waiting for the flush';
    else if (t.status === 'committed')
      t.reason = 'COMMIT returned (synchronous_commit = off) but the WAL writer had not flushed its record yet';
    else if (t.commitEnd > 0) t.reason = 'its commit record was lost with the WAL buffers';
    else t.reason = 'no commit record: it was still in progress';
    if (t.status !== 'aborted') state.clog[t.xid] = ok ? 1 : 2;
    t.status = ok ? 'committed' : t.status === 'aborted' ? 'aborted' : 'lost';
    (ok ? report.survived : report.lost).push({ tx: name, xid: t.xid, reason: t.reason });
  }
  leaveProcArray(state);
  // Any other transaction id handed out and never committed is aborted.
  for (let x = 0; x < state.clog.length; x++) if (state.clog[x] === 0) state.clog[x] = 2;
}

/** Our primary-key map is not WAL-logged (a btree would be): rebuild it from the visible tuples. */
export function rebuildKeys(state: State): void {
  for (const name in state.tables) {
    const rel = state.tables[name];
    rel.pk = Object.create(null);
    for (let b = 0; b < rel.nblocks; b++) {
      const key = pageKey(rel, b);
      const frame = state.pool.map[key];
      const page = frame !== undefined ? state.pool.frames[frame].page : diskImage(state, key);
      page?.items.forEach((t, i) => {
        if (t && visible(state, t, -1)) rel.pk[t.key] = ctid(b, i + 1);
      });
    }
  }
}
