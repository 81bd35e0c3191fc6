import { parse as pgParse } from 'pgsql-ast-parser';
import type * as P from 'pgsql-ast-parser';
import type { ColumnDef, IsoLevel, Parsed, SelectItem, Stmt, TableConstraintDef } from './ast';
import { SQLSTATE, SqlError, unsupported } from './errors';
import { colType, columnName, expr } from './parse-expr';
import { type Shape, shapeOf, splitStatements } from './split';
import { parseTxnControl } from './txn-control';

const src = (sql: string, node: P.PGNode): string => (node._location ? sql.slice(node._location.start, node._location.end) : '');

function createTable(sql: string, s: P.CreateTableStatement): Stmt {
  if (s.inherits || s.temporary || s.unlogged) throw unsupported('this form of CREATE TABLE');
  const columns: ColumnDef[] = [];
  const constraints: TableConstraintDef[] = [];
  for (const c of s.columns) {
    if (c.kind !== 'column') throw unsupported('CREATE TABLE ... LIKE');
    const cfg = c.dataType.kind === 'array' ? undefined : c.dataType.config;
    const type = colType(c.dataType);
    const scale = type === 'numeric' && cfg?.length ? (cfg[1] ?? 0) : null;
    const def = {
      name: c.name.name,
      type,
      scale,
      notNull: false,
      primaryKey: false,
      unique: false,
      check: [] as ColumnDef['check'][number][],
      references: null as ColumnDef['references'],
    };
    for (const k of c.constraints ?? []) {
      const name = k.constraintName?.name ?? null;
      if (k.type === 'not null') def.notNull = true;
      else if (k.type === 'null') def.notNull = false;
      else if (k.type === 'primary key') def.primaryKey = true;
      else if (k.type === 'unique') def.unique = true;
      else if (k.type === 'check') def.check.push({ name, expr: expr(k.expr), src: src(sql, k.expr) });
      else if (k.type === 'reference') def.references = fk(k, name, [def.name]);
      else throw unsupported(`column constraint ${k.type.toUpperCase()}`);
    }
    columns.push(def);
  }
  for (const k of s.constraints ?? []) {
    const name = k.constraintName?.name ?? null;
    if (k.type === 'primary key' || k.type === 'unique') constraints.push({ kind: k.type, name, columns: k.columns.map((n) => n.name) });
    else if (k.type === 'check') constraints.push({ kind: 'check', name, expr: expr(k.expr), src: src(sql, k.expr) });
    else if (k.type === 'foreign key')
      constraints.push({
        kind: 'foreign key',
        ...fk(
          k,
          name,
          k.localColumns.map((n) => n.name),
        ),
      });
    else throw unsupported('this table constraint');
  }
  return { k: 'create', table: s.name.name, columns, constraints };
}

function fk(k: P.TableReference, name: string | null, columns: string[]): NonNullable<ColumnDef['references']> {
  const act = k.onDelete ?? 'no action';
  if (act !== 'no action' && act !== 'restrict' && act !== 'cascade') throw unsupported(`ON DELETE ${act.toUpperCase()}`);
  if (k.onUpdate && k.onUpdate !== 'no action') throw unsupported('ON UPDATE actions');
  const refColumns = k.foreignColumns?.length && k.foreignColumns[0].name !== PK_MARK ? k.foreignColumns.map((n) => n.name) : null;
  return { name, columns, table: k.foreignTable.name, refColumns, onDelete: act };
}

function select(s: P.SelectStatement): Stmt {
  if (s.type !== 'select') throw unsupported(s.type === 'values' ? 'VALUES as a query' : s.type.toUpperCase());
  if (s.groupBy || s.having || s.distinct) throw unsupported('GROUP BY, HAVING and DISTINCT');
  if (s.skip) throw unsupported(s.skip.type.toUpperCase());
  if ((s.from?.length ?? 0) > 1) throw unsupported('joins');
  const from = s.from?.[0];
  if (from && (from.type !== 'table' || from.join || from.name.columnNames)) throw unsupported('joins and subqueries in FROM');
  const items: SelectItem[] = (s.columns ?? []).map((c) =>
    c.expr.type === 'ref' && c.expr.name === '*' ? { e: null, name: '*' } : { e: expr(c.expr), name: c.alias?.name ?? columnName(c.expr) },
  );
  if (s.limit?.offset) throw unsupported('OFFSET');
  return {
    k: 'select',
    table: from?.type === 'table' ? from.name.name : null,
    items,
    where: s.where ? expr(s.where) : null,
    orderBy: (s.orderBy ?? []).map((o) => ({
      e: expr(o.by),
      desc: o.order === 'DESC',
      nullsFirst: o.nulls ? o.nulls === 'FIRST' : o.order === 'DESC',
    })),
    lock: s.for?.type ?? null,
    limit: s.limit?.limit ? limitOf(s.limit.limit) : null,
  };
}

/** LIMIT n, LIMIT -n (refused when the statement runs, as PostgreSQL does) and LIMIT NULL (no limit). */
function limitOf(e: P.Expr): number | null {
  if (e.type === 'integer') return e.value;
  if (e.type === 'null') return null;
  if (e.type === 'unary' && e.op === '-' && e.operand.type === 'integer') return -e.operand.value;
  throw unsupported('a LIMIT that is not a number');
}

const ISO = new Set<string>(['read uncommitted', 'read committed', 'repeatable read', 'serializable']);

function statement(sql: string, s: P.Statement): Stmt {
  switch (s.type) {
    case 'select':
    case 'union':
    case 'union all':
    case 'values':
    case 'with':
    case 'with recursive':
      return select(s as P.SelectStatement);
    case 'create table':
      return createTable(sql, s);
    case 'drop table':
      if (s.cascade) throw unsupported('DROP TABLE ... CASCADE');
      return { k: 'drop', tables: s.names.map((n) => n.name), ifExists: !!s.ifExists };
    case 'alter table': {
      const c = s.changes.length === 1 ? s.changes[0] : null;
      if (c?.type === 'add constraint' && c.constraint.type === 'check')
        return {
          k: 'addCheck',
          table: s.table.name,
          name: c.constraint.constraintName?.name ?? null,
          expr: expr(c.constraint.expr),
          src: src(sql, c.constraint.expr),
        };
      throw unsupported('this ALTER TABLE (only ADD CONSTRAINT ... CHECK is)');
    }
    case 'insert': {
      if (s.returning || s.onConflict) throw unsupported(s.returning ? 'RETURNING' : 'ON CONFLICT');
      if (s.insert.type !== 'values') throw unsupported('INSERT ... SELECT');
      const rows = s.insert.values.map((r) => r.map((e) => (e.type === 'default' ? ('default' as const) : expr(e))));
      return { k: 'insert', table: s.into.name, columns: s.columns?.map((c) => c.name) ?? null, rows };
    }
    case 'update':
      if (s.returning || s.from) throw unsupported(s.returning ? 'RETURNING' : 'UPDATE ... FROM');
      return {
        k: 'update',
        table: s.table.name,
        sets: s.sets.map((x) => ({ col: x.column.name, e: expr(x.value) })),
        where: s.where ? expr(s.where) : null,
      };
    case 'delete':
      if (s.returning) throw unsupported('RETURNING');
      return { k: 'delete', table: s.from.name, where: s.where ? expr(s.where) : null };
    case 'begin':
      return { k: 'begin', iso: (s.isolationLevel as IsoLevel | undefined) ?? null };
    case 'start transaction':
      return { k: 'begin', iso: null };
    case 'commit':
      return { k: 'commit' };
    case 'rollback':
      return { k: 'rollback' };
    case 'set': {
      const name = s.variable.name.toLowerCase();
      if (name === 'default_transaction_isolation') {
        const v = s.set.type === 'value' ? String(s.set.value) : s.set.type === 'identifier' ? s.set.name : '';
        if (!ISO.has(v.toLowerCase()))
          throw new SqlError(SQLSTATE.invalid_parameter_value, `invalid value for parameter "default_transaction_isolation": "${v}"`);
        return { k: 'setDefaultIso', iso: v.toLowerCase() as IsoLevel };
      }
      if (IGNORED_SETTINGS.has(name)) return { k: 'set', name };
      throw unsupported(`SET ${name}`);
    }
    default:
      return { k: 'unsupported', what: s.type.toUpperCase() };
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

/**
 * `REFERENCES parent` without a column list (meaning its primary key) is valid PostgreSQL
 * that pgsql-ast-parser rejects: a marker column list stands in for it, read back as "none".
 */
const PK_MARK = '__walkthrough_primary_key__';
const BARE_REFERENCES = /\bREFERENCES\s+("[^"]+"|[A-Za-z_][\w.]*\b)(?!\s*\()/gi;

const cache = new Map<string, readonly Parsed[]>();

/**
 * Parse a query string (one or more statements) into the lab's statements. Results are
 * memoised by text: parsing is pure, and specs run the same steps in many permutations.
 * Throws SqlError 42601 on a syntax error (nothing of the string runs, as in PostgreSQL).
 */
export function parseSql(sql: string): readonly Parsed[] {
  const hit = cache.get(sql);
  if (hit) return hit;
  let tokens = 0;
  const out = splitStatements(sql).map((text) => {
    const shape = shapeOf(text);
    tokens += shape.tokens;
    const over = tokens > LIMITS.tokens ? `a step of over ${LIMITS.tokens.toLocaleString('en')} tokens` : tooComplex(shape);
    return { sql: text, stmt: over ? ({ k: 'unsupported', what: over } as const) : parseOne(text) };
  });
  if (cache.size > 5000) cache.clear();
  cache.set(sql, out);
  return out;
}

/**
 * What one step may hold. pgsql-ast-parser is an Earley parser whose time grows faster than
 * linearly with deep parentheses and long lists inside them (4,000 nested parentheses, or
 * `IN` with 4,000 items, take seconds); within these limits every shape parses in well under a
 * second (`npm run bench -- sql-parse`), while a lesson's steps have tens of tokens and a
 * 1,000-row INSERT fits. PostgreSQL has no such limits: the statement that passes one fails with
 * 0A000 when it runs, as features outside the subset do, and is not parsed.
 */
export const LIMITS = { tokens: 8000, depth: 100, list: 1000 } as const;

function tooComplex(s: Shape): string | null {
  if (s.depth > LIMITS.depth) return `parentheses nested over ${LIMITS.depth} deep`;
  if (s.list > LIMITS.list) return `a list of over ${LIMITS.list.toLocaleString('en')} items in parentheses`;
  return null;
}

function parseOne(text: string): Stmt {
  const txn = parseTxnControl(text);
  if (txn) return txn;
  let list: P.Statement[];
  try {
    list = pgParse(/^\s*(create|alter)\s+table/i.test(text) ? text.replace(BARE_REFERENCES, `REFERENCES $1 (${PK_MARK})`) : text, {
      locationTracking: true,
    });
  } catch (e) {
    const m = /Unexpected [\w ]*token: "([^"]*)"/.exec(e instanceof Error ? e.message : '');
    throw new SqlError(SQLSTATE.syntax_error, m ? `syntax error at or near "${m[1]}"` : 'syntax error at end of input');
  }
  if (list.length !== 1) throw new SqlError(SQLSTATE.syntax_error, 'syntax error at end of input');
  try {
    return statement(text, list[0]);
  } catch (e) {
    // A feature outside the subset fails when its step runs, not at parse time, like an unsupported feature in PostgreSQL.
    if (e instanceof SqlError && e.code === SQLSTATE.feature_not_supported)
      return { k: 'unsupported', what: e.message.replace(/ is not supported in WALkthrough$/, '') };
    throw e;
  }
}
