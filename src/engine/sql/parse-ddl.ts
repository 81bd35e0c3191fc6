import type * as P from 'libpg-query';
import type { ColumnDef, Expr, FkAction, ForeignKeyDef, Stmt, TableConstraintDef } from './ast';
import { unsupported } from './errors';
import { colType, expr, numericScale, varcharLength } from './parse-expr';
import { own } from './own';
import { as, lastName, str } from './pg-node';
import { skipQuotedOrComment } from './split';

/** CREATE TABLE, DROP TABLE and ALTER TABLE ... ADD CONSTRAINT ... CHECK from PostgreSQL's tree. */

/** The statement's text and a map from the tree's byte locations to offsets in it. */
export interface Source {
  readonly sql: string;
  readonly at: (byte: number) => number;
}

/** Words for constraint types outside the subset, in messages. */
const CONSTRAINT_WORDS: Partial<Record<NonNullable<P.Constraint['contype']>, string>> = {
  CONSTR_DEFAULT: 'DEFAULT',
  CONSTR_IDENTITY: 'GENERATED AS IDENTITY',
  CONSTR_GENERATED: 'GENERATED ALWAYS AS ... STORED',
  CONSTR_EXCLUSION: 'EXCLUDE',
  CONSTR_ATTR_DEFERRABLE: 'DEFERRABLE',
  CONSTR_ATTR_NOT_DEFERRABLE: 'NOT DEFERRABLE',
  CONSTR_ATTR_DEFERRED: 'INITIALLY DEFERRED',
  CONSTR_ATTR_IMMEDIATE: 'INITIALLY IMMEDIATE',
};

const FK_ACTIONS: Readonly<Record<string, string>> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };

/** What PostgreSQL's grammar accepts on any constraint and the lab does not model. */
function refuseOptions(k: P.Constraint): void {
  if (k.deferrable || k.initdeferred) throw unsupported('DEFERRABLE constraints');
  if (k.skip_validation) throw unsupported('NOT VALID constraints');
  if (k.is_no_inherit) throw unsupported('NO INHERIT constraints');
  if (k.including || k.options || k.indexspace || k.indexname) throw unsupported('index options on a constraint');
  if (k.nulls_not_distinct) throw unsupported('UNIQUE NULLS NOT DISTINCT');
}

export function createTable(src: Source, s: P.CreateStmt): Stmt {
  const rel = s.relation ?? {};
  if (s.inhRelations || s.partspec || s.partbound || s.ofTypename || s.tablespacename || s.accessMethod)
    throw unsupported('this form of CREATE TABLE');
  if (rel.relpersistence !== 'p' || (s.oncommit && s.oncommit !== 'ONCOMMIT_NOOP')) throw unsupported('this form of CREATE TABLE');
  if (s.options) throw unsupported('table storage parameters (WITH (...))');
  const columns: ColumnDef[] = [];
  const constraints: TableConstraintDef[] = [];
  for (const el of s.tableElts ?? []) {
    const c = as(el, 'ColumnDef');
    const k = as(el, 'Constraint');
    if (c) columns.push(column(src, c, rel.relname ?? ''));
    else if (k) constraints.push(tableConstraint(src, k));
    else throw unsupported('CREATE TABLE ... LIKE');
  }
  return { k: 'create', table: rel.relname ?? '', columns, constraints, ...(s.if_not_exists ? { ifNotExists: true } : {}) };
}

/** serial types: the integer type they stand for. */
const SERIALS: Readonly<Record<string, 'integer' | 'bigint'>> = {
  serial: 'integer',
  serial4: 'integer',
  smallserial: 'integer',
  serial2: 'integer',
  bigserial: 'bigint',
  serial8: 'bigint',
};

function column(src: Source, c: P.ColumnDef, table: string): ColumnDef {
  if (c.collClause) throw unsupported('COLLATE');
  const typeName = lastName(c.typeName?.names);
  const serial = c.typeName?.names?.length === 1 && !c.typeName.arrayBounds ? own(SERIALS, typeName) : undefined;
  const type = serial ?? colType(c.typeName);
  const sequence = `${table}_${c.colname ?? ''}_seq`;
  const nextval: Expr = { k: 'fn', name: 'nextval', args: [{ k: 'const', v: sequence, t: 'unknown' }] };
  const def = {
    name: c.colname ?? '',
    type,
    scale: type === 'numeric' ? numericScale(c.typeName) : null,
    ...(varcharLength(c.typeName) !== null ? { maxLength: varcharLength(c.typeName) as number } : {}),
    notNull: false,
    primaryKey: false,
    unique: false,
    check: [] as ColumnDef['check'][number][],
    references: null as ColumnDef['references'],
    default: (serial ? nextval : null) as Expr | null,
    keyNames: {} as { primary?: string; unique?: string },
    identity: undefined as ColumnDef['identity'],
    generated: undefined as Expr | undefined,
    sequence: serial ? sequence : undefined,
  };
  if (serial) def.notNull = true;
  for (const node of c.constraints ?? []) {
    const k = as(node, 'Constraint') ?? {};
    const name = k.conname ?? null;
    if (k.contype === 'CONSTR_IDENTITY' && k.options) throw unsupported('sequence options on an identity column');
    refuseOptions(k);
    if (k.contype === 'CONSTR_NOTNULL') def.notNull = true;
    else if (k.contype === 'CONSTR_NULL') def.notNull = false;
    else if (k.contype === 'CONSTR_PRIMARY') {
      def.primaryKey = true;
      if (name) def.keyNames.primary = name;
    } else if (k.contype === 'CONSTR_UNIQUE') {
      def.unique = true;
      if (name) def.keyNames.unique = name;
    } else if (k.contype === 'CONSTR_CHECK') def.check.push({ name, expr: expr(k.raw_expr), src: checkSource(src, k) });
    else if (k.contype === 'CONSTR_FOREIGN') def.references = fk(k, name, [def.name]);
    else if (k.contype === 'CONSTR_DEFAULT') def.default = expr(k.raw_expr);
    else if (k.contype === 'CONSTR_IDENTITY') {
      Object.assign(def, { identity: k.generated_when === 'a' ? 'always' : 'by default', default: nextval, sequence, notNull: true });
    } else if (k.contype === 'CONSTR_GENERATED') def.generated = expr(k.raw_expr);
    else throw unsupported(`column constraint ${CONSTRAINT_WORDS[k.contype ?? 'CONSTR_DEFAULT'] ?? k.contype}`);
  }
  return def;
}

const names = (list: readonly P.Node[] | undefined): string[] => (list ?? []).map(str);

function tableConstraint(src: Source, k: P.Constraint): TableConstraintDef {
  const name = k.conname ?? null;
  refuseOptions(k);
  switch (k.contype) {
    case 'CONSTR_PRIMARY':
      return { kind: 'primary key', name, columns: names(k.keys) };
    case 'CONSTR_UNIQUE':
      return { kind: 'unique', name, columns: names(k.keys) };
    case 'CONSTR_CHECK':
      return { kind: 'check', name, expr: expr(k.raw_expr), src: checkSource(src, k) };
    case 'CONSTR_FOREIGN':
      return { kind: 'foreign key', ...fk(k, name, names(k.fk_attrs)) };
    default:
      throw unsupported(`table constraint ${CONSTRAINT_WORDS[k.contype ?? 'CONSTR_DEFAULT'] ?? k.contype}`);
  }
}

function fk(k: P.Constraint, name: string | null, columns: string[]): ForeignKeyDef {
  const act = FK_ACTIONS[k.fk_del_action ?? 'a'] ?? 'no action';
  if (act !== 'no action' && act !== 'restrict' && act !== 'cascade') throw unsupported(`ON DELETE ${act.toUpperCase()}`);
  if ((k.fk_upd_action ?? 'a') !== 'a') throw unsupported('ON UPDATE actions');
  if (k.fk_matchtype && k.fk_matchtype !== 's') throw unsupported(k.fk_matchtype === 'f' ? 'MATCH FULL' : 'MATCH PARTIAL');
  const refColumns = k.pk_attrs?.length ? names(k.pk_attrs) : null;
  return { name, columns, table: k.pktable?.relname ?? '', refColumns, onDelete: act as FkAction };
}

/** The text inside CHECK's parentheses, as written (PostgreSQL's tree keeps only where it starts). */
function checkSource({ sql, at }: Source, k: P.Constraint): string {
  let i = at(k.location ?? 0);
  for (; i < sql.length && sql[i] !== '('; i++) i = skipQuotedOrComment(sql, i)?.end ?? i;
  const open = i;
  let depth = 0;
  for (; i < sql.length; i++) {
    const skipped = skipQuotedOrComment(sql, i);
    if (skipped) i = skipped.end;
    else if (sql[i] === '(') depth++;
    else if (sql[i] === ')' && --depth === 0) break;
  }
  return sql.slice(open + 1, i).trim();
}

export function dropTable(s: P.DropStmt): Stmt {
  if (s.removeType !== 'OBJECT_TABLE') throw unsupported(`DROP ${(s.removeType ?? 'OBJECT_TABLE').slice(7).replace(/_/g, ' ')}`);
  if (s.behavior === 'DROP_CASCADE') throw unsupported('DROP TABLE ... CASCADE');
  return { k: 'drop', tables: (s.objects ?? []).map((o) => lastName(as(o, 'List')?.items)), ifExists: !!s.missing_ok };
}

export function alterTable(src: Source, s: P.AlterTableStmt): Stmt {
  const cmd = s.cmds?.length === 1 ? as(s.cmds[0], 'AlterTableCmd') : undefined;
  const k = cmd?.subtype === 'AT_AddConstraint' ? as(cmd.def, 'Constraint') : undefined;
  if (s.objtype !== 'OBJECT_TABLE' || s.missing_ok || k?.contype !== 'CONSTR_CHECK')
    throw unsupported('this ALTER TABLE (only ADD CONSTRAINT ... CHECK is)');
  refuseOptions(k);
  return { k: 'addCheck', table: s.relation?.relname ?? '', name: k.conname ?? null, expr: expr(k.raw_expr), src: checkSource(src, k) };
}
