import type { IsoLevel, Stmt } from './ast';
import { SQLSTATE, SqlError, unsupported } from './errors';

/*
 * Transaction-control statements whose forms pgsql-ast-parser does not accept
 * (START TRANSACTION ISOLATION LEVEL, SET TRANSACTION, END, ABORT). Their grammar is a
 * handful of keywords, matched here; everything else goes to the real parser.
 */
const LEVEL = '(read\\s+uncommitted|read\\s+committed|repeatable\\s+read|serializable)';
// `\s*(?:,\s*)?`, not `\s*,?\s*`: two adjacent `\\s*` split the same spaces two ways per mode,
// and a failing match tried every split (2^n for n modes).
const MODES = `((?:\\s*(?:,\\s*)?(?:isolation\\s+level\\s+${LEVEL}|read\\s+write|read\\s+only|(?:not\\s+)?deferrable))*)`;
const BEGIN = new RegExp(`^(?:begin(?:\\s+(?:work|transaction))?|start\\s+transaction)${MODES}\\s*$`, 'i');
const SET_TXN = new RegExp(`^set\\s+(?:transaction|session\\s+characteristics\\s+as\\s+transaction)${MODES}\\s*$`, 'i');
const END = /^(?:end|commit)(?:\s+(?:work|transaction))?\s*$/i;
const ABORT = /^(?:abort|rollback)(?:\s+(?:work|transaction))?\s*$/i;

function modes(text: string): IsoLevel | null {
  if (/read\s+only/i.test(text)) throw unsupported('READ ONLY transactions');
  if (/(?<!not\s+)deferrable/i.test(text)) throw unsupported('DEFERRABLE transactions');
  const m = new RegExp(`isolation\\s+level\\s+${LEVEL}`, 'i').exec(text);
  return m ? (m[1].toLowerCase().replace(/\s+/g, ' ') as IsoLevel) : null;
}

/** The statement when `text` is transaction control, else null. */
export function parseTxnControl(text: string): Stmt | null {
  const t = text.trim();
  if (END.test(t)) return { k: 'commit' };
  if (ABORT.test(t)) return { k: 'rollback' };
  try {
    let m = BEGIN.exec(t);
    if (m) return { k: 'begin', iso: modes(m[1]) };
    m = SET_TXN.exec(t);
    if (m) {
      const iso = modes(m[1]);
      if (!iso) return { k: 'set', name: 'transaction' };
      return /session/i.test(t.slice(0, 30)) ? { k: 'setDefaultIso', iso } : { k: 'setTxn', iso };
    }
  } catch (e) {
    // READ ONLY, DEFERRABLE: they fail when their step runs, as any unsupported feature.
    if (!(e instanceof SqlError) || e.code !== SQLSTATE.feature_not_supported) throw e;
    return { k: 'unsupported', what: e.message.replace(/ is not supported in WALkthrough$/, '') };
  }
  return null;
}
