import type * as P from 'libpg-query';
import type { IsoLevel, Stmt } from './ast';
import { SQLSTATE, SqlError, unsupported } from './errors';
import { as, intConst, str } from './pg-node';
import { checkTimeZone, DEFAULT_TIME_ZONE } from './tz';

/** Transaction control (BEGIN, COMMIT, ROLLBACK...) and SET, from PostgreSQL's tree. */

const ISO = new Set<string>(['read uncommitted', 'read committed', 'repeatable read', 'serializable']);

/** A transaction's modes (`ISOLATION LEVEL ...`, `READ WRITE`, `NOT DEFERRABLE`): its isolation level, if given. */
function modes(options: readonly P.Node[] | undefined): IsoLevel | null {
  let iso: IsoLevel | null = null;
  for (const o of options ?? []) {
    const d = as(o, 'DefElem') ?? {};
    if (d.defname === 'transaction_read_only' && intConst(d.arg) === 1) throw unsupported('READ ONLY transactions');
    if (d.defname === 'transaction_deferrable' && intConst(d.arg) === 1) throw unsupported('DEFERRABLE transactions');
    if (d.defname === 'transaction_isolation') iso = (as(d.arg, 'A_Const')?.sval?.sval ?? null) as IsoLevel | null;
  }
  return iso;
}

const TXN_WORDS: Partial<Record<NonNullable<P.TransactionStmt['kind']>, string>> = {
  TRANS_STMT_SAVEPOINT: 'SAVEPOINT',
  TRANS_STMT_RELEASE: 'RELEASE SAVEPOINT',
  TRANS_STMT_ROLLBACK_TO: 'ROLLBACK TO SAVEPOINT',
  TRANS_STMT_PREPARE: 'PREPARE TRANSACTION',
  TRANS_STMT_COMMIT_PREPARED: 'COMMIT PREPARED',
  TRANS_STMT_ROLLBACK_PREPARED: 'ROLLBACK PREPARED',
};

export function transaction(s: P.TransactionStmt): Stmt {
  switch (s.kind) {
    case 'TRANS_STMT_BEGIN':
    case 'TRANS_STMT_START':
      return { k: 'begin', iso: modes(s.options) };
    case 'TRANS_STMT_COMMIT':
    case 'TRANS_STMT_ROLLBACK':
      if (s.chain) throw unsupported(`${s.kind === 'TRANS_STMT_COMMIT' ? 'COMMIT' : 'ROLLBACK'} AND CHAIN`);
      return { k: s.kind === 'TRANS_STMT_COMMIT' ? 'commit' : 'rollback' };
    default:
      throw unsupported(TXN_WORDS[s.kind ?? 'TRANS_STMT_SAVEPOINT'] ?? 'this transaction statement');
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

export function setting(s: P.VariableSetStmt): Stmt {
  const name = (s.name ?? '').toLowerCase();
  if (s.kind === 'VAR_SET_MULTI' && (name === 'transaction' || name === 'session characteristics')) {
    const iso = modes(s.args);
    if (!iso) return { k: 'set', name: 'transaction' };
    return name === 'transaction' ? { k: 'setTxn', iso } : { k: 'setDefaultIso', iso };
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
