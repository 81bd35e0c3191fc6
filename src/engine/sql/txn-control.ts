import type * as P from 'libpg-query';
import type { IsoLevel, Stmt, TxnModes } from './ast';
import { SQLSTATE, SqlError, unsupported } from './errors';
import { as, intConst, str } from './pg-node';
import { checkTimeZone, DEFAULT_TIME_ZONE } from './tz';

/** Transaction control (BEGIN, COMMIT, ROLLBACK...) and SET, from PostgreSQL's tree. */

const ISO = new Set<string>(['read uncommitted', 'read committed', 'repeatable read', 'serializable']);

/** A transaction's modes (`ISOLATION LEVEL ...`, `READ ONLY`, `NOT DEFERRABLE`), each null when not given. */
function modes(options: readonly P.Node[] | undefined): TxnModes {
  let iso: IsoLevel | null = null;
  let readOnly: boolean | null = null;
  let deferrable: boolean | null = null;
  for (const o of options ?? []) {
    const d = as(o, 'DefElem') ?? {};
    if (d.defname === 'transaction_read_only') readOnly = intConst(d.arg) === 1;
    if (d.defname === 'transaction_deferrable') deferrable = intConst(d.arg) === 1;
    if (d.defname === 'transaction_isolation') iso = (as(d.arg, 'A_Const')?.sval?.sval ?? null) as IsoLevel | null;
  }
  return { iso, readOnly, deferrable };
}

const TXN_WORDS: Partial<Record<NonNullable<P.TransactionStmt['kind']>, string>> = {
  TRANS_STMT_PREPARE: 'PREPARE TRANSACTION',
  TRANS_STMT_COMMIT_PREPARED: 'COMMIT PREPARED',
  TRANS_STMT_ROLLBACK_PREPARED: 'ROLLBACK PREPARED',
};

export function transaction(s: P.TransactionStmt): Stmt {
  switch (s.kind) {
    case 'TRANS_STMT_BEGIN':
    case 'TRANS_STMT_START':
      return { k: 'begin', ...modes(s.options) };
    case 'TRANS_STMT_COMMIT':
    case 'TRANS_STMT_ROLLBACK':
      if (s.chain) throw unsupported(`${s.kind === 'TRANS_STMT_COMMIT' ? 'COMMIT' : 'ROLLBACK'} AND CHAIN`);
      return { k: s.kind === 'TRANS_STMT_COMMIT' ? 'commit' : 'rollback' };
    case 'TRANS_STMT_SAVEPOINT':
      return { k: 'savepoint', op: 'define', name: s.savepoint_name ?? '' };
    case 'TRANS_STMT_RELEASE':
      return { k: 'savepoint', op: 'release', name: s.savepoint_name ?? '' };
    case 'TRANS_STMT_ROLLBACK_TO':
      return { k: 'savepoint', op: 'rollback to', name: s.savepoint_name ?? '' };
    default:
      throw unsupported(TXN_WORDS[s.kind ?? 'TRANS_STMT_PREPARE'] ?? 'this transaction statement');
  }
}

/** Settings a spec may SET that change nothing the lab models (timing and chatter). */
const IGNORED_SETTINGS = new Set([
  'deadlock_timeout',
  'client_min_messages',
  'statement_timeout',
  'application_name',
  'enable_seqscan',
  'enable_indexscan',
  'enable_bitmapscan',
]);

/** The text of a SET's value (`TO serializable`, `= 'read committed'`, `= 5`). */
function valueText(args: readonly P.Node[] | undefined): string {
  const c = as(args?.[0], 'A_Const');
  if (c?.sval) return c.sval.sval ?? '';
  if (c?.ival) return String(c.ival.ival ?? 0);
  if (c?.fval) return c.fval.fval ?? '';
  return (args ?? []).map((a) => str(a)).join(', ');
}

/** LOCK [TABLE] name [, ...] [IN mode MODE] [NOWAIT] (ONLY and inheritance do not matter: the lab has no child tables). */
export function lockTable(s: P.LockStmt): Stmt {
  const tables = (s.relations ?? []).map((r) => as(r, 'RangeVar')?.relname ?? '');
  return { k: 'lockTable', tables, mode: s.mode ?? 8, nowait: !!s.nowait };
}

export function setting(s: P.VariableSetStmt): Stmt {
  const name = (s.name ?? '').toLowerCase();
  if (s.kind === 'VAR_SET_MULTI' && (name === 'transaction' || name === 'session characteristics')) {
    const m = modes(s.args);
    if (name === 'transaction') return { k: 'setTxn', ...m };
    if (m.readOnly !== null || m.deferrable !== null)
      throw unsupported('SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY or DEFERRABLE');
    return m.iso ? { k: 'setDefaultIso', iso: m.iso } : { k: 'set', name: 'transaction' };
  }
  if (name === 'default_transaction_isolation' && (s.kind === 'VAR_SET_VALUE' || s.kind === 'VAR_SET_DEFAULT' || s.kind === 'VAR_RESET')) {
    const v = s.kind === 'VAR_SET_VALUE' ? valueText(s.args) : 'read committed';
    if (!ISO.has(v.toLowerCase()))
      throw new SqlError(SQLSTATE.invalid_parameter_value, `invalid value for parameter "default_transaction_isolation": "${v}"`);
    return { k: 'setDefaultIso', iso: v.toLowerCase() as IsoLevel };
  }
  if (name === 'timezone' && !s.is_local && s.kind !== 'VAR_SET_CURRENT' && s.kind !== 'VAR_RESET_ALL')
    return { k: 'set', name, value: s.kind === 'VAR_SET_VALUE' ? checkTimeZone(valueText(s.args)) : DEFAULT_TIME_ZONE };
  if (IGNORED_SETTINGS.has(name) && s.kind !== 'VAR_SET_CURRENT') return { k: 'set', name };
  if (s.kind === 'VAR_RESET_ALL') throw unsupported('RESET ALL');
  throw unsupported(`${s.kind === 'VAR_RESET' ? 'RESET' : 'SET'} ${name}`);
}
