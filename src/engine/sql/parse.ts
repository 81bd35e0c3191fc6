import type * as P from 'libpg-query';
import type { Expr, FromItem, LockStrength, LockWait, OrderItem, Parsed, SelectItem, SelectStmt, Stmt } from './ast';
import { SQLSTATE, SqlError, unsupported } from './errors';
import { alterTable, createTable, dropTable, type Source } from './parse-ddl';
import { expr, MAX_EXPR_DEPTH } from './parse-expr';
import { type PgStmt, pgParse } from './pg';
import { clearTemplates, fromTemplate, integerLiterals, learnTemplate } from './template';
import { as, intConst, type NodeTag, tagOf } from './pg-node';
import { nestingOf, splitStatements } from './split';
import { advisoryCall } from './parse-advisory';
import { lockTable, setting, transaction } from './txn-control';
import { del, insert, targets, update } from './parse-dml';

const LOCKS: Partial<Record<NonNullable<P.LockingClause['strength']>, LockStrength>> = {
  LCS_FORUPDATE: 'update',
  LCS_FORNOKEYUPDATE: 'no key update',
  LCS_FORSHARE: 'share',
  LCS_FORKEYSHARE: 'key share',
};

function lockOf(s: P.SelectStmt): LockStrength | null {
  const list = s.lockingClause ?? [];
  if (list.length === 0) return null;
  if (list.length > 1) throw unsupported('more than one locking clause');
  const c = as(list[0], 'LockingClause') ?? {};
  return LOCKS[c.strength ?? 'LCS_NONE'] ?? 'update';
}

/** The locking clause's wait policy, when it is not the default (wait). */
function lockWaitOf(s: P.SelectStmt): { lockWait?: LockWait } {
  const policy = as(s.lockingClause?.[0], 'LockingClause')?.waitPolicy;
  return policy === 'LockWaitSkip' ? { lockWait: 'skip locked' } : policy === 'LockWaitError' ? { lockWait: 'nowait' } : {};
}

/** A FROM item: a table (with its alias) or a join of two. */
function fromItem(n: P.Node): FromItem {
  const r = as(n, 'RangeVar');
  if (r) {
    if (r.alias?.colnames || r.inh === false || r.schemaname) throw unsupported('this form of table reference');
    return { k: 'rel', table: r.relname ?? '', ...(r.alias?.aliasname ? { alias: r.alias.aliasname } : {}) };
  }
  const j = as(n, 'JoinExpr');
  if (!j) throw unsupported(as(n, 'RangeSubselect') ? 'subqueries in FROM' : 'functions in FROM');
  if (j.alias || j.join_using_alias) throw unsupported('an alias on a join');
  const kind = JOINS[j.jointype ?? 'JOIN_INNER'];
  if (!kind) throw unsupported('this kind of join');
  const using = j.isNatural
    ? { using: 'natural' as const }
    : j.usingClause
      ? { using: j.usingClause.map((n) => as(n, 'String')?.sval ?? '') }
      : {};
  return { k: 'join', kind, l: fromItem(j.larg as P.Node), r: fromItem(j.rarg as P.Node), on: j.quals ? expr(j.quals) : null, ...using };
}

const JOINS: Partial<Record<string, 'inner' | 'left' | 'right' | 'full'>> = {
  JOIN_INNER: 'inner',
  JOIN_LEFT: 'left',
  JOIN_RIGHT: 'right',
  JOIN_FULL: 'full',
};

/** GROUP BY (expressions, or output positions), HAVING, DISTINCT and DISTINCT ON. */
function grouping(s: P.SelectStmt, items: readonly SelectItem[]): Partial<SelectStmt> {
  const out: { groupBy?: Expr[]; having?: Expr; distinct?: boolean; distinctOn?: Expr[] } = {};
  if (s.groupClause) {
    out.groupBy = s.groupClause.map((n) => {
      if (as(n, 'GroupingSet')) throw unsupported('GROUPING SETS, ROLLUP and CUBE');
      const pos = intConst(n);
      if (pos === null) return expr(n);
      const it = items[pos - 1];
      if (!it?.e) throw new SqlError(SQLSTATE.invalid_column_reference, `GROUP BY position ${pos} is not in select list`);
      return it.e;
    });
  }
  if (s.havingClause) out.having = expr(s.havingClause);
  if (s.distinctClause) {
    if (s.distinctClause.some((n) => Object.keys(n).length > 0)) out.distinctOn = s.distinctClause.map(expr);
    else out.distinct = true;
  }
  return out;
}

/** FOR UPDATE OF a, b: the names it lists. */
function lockRels(s: P.SelectStmt): { lockOf?: string[] } {
  const c = as(s.lockingClause?.[0], 'LockingClause');
  return c?.lockedRels ? { lockOf: c.lockedRels.map((r) => as(r, 'RangeVar')?.relname ?? '') } : {};
}

export function select(s: P.SelectStmt): SelectStmt {
  if (s.op && s.op !== 'SETOP_NONE') return setOperation(s);
  if (s.valuesLists) throw unsupported('VALUES as a query');
  if (s.withClause) throw unsupported(s.withClause.recursive ? 'WITH RECURSIVE' : 'WITH');
  if (s.intoClause) throw unsupported('SELECT INTO');
  if (s.windowClause) throw unsupported('WINDOW');
  const single = s.fromClause?.length === 1 && as(s.fromClause[0], 'RangeVar');
  const table = single ? fromItem(s.fromClause?.[0] as P.Node) : undefined;
  const from = s.fromClause && !single ? { from: s.fromClause.map(fromItem) } : {};
  const items: SelectItem[] = targets(s.targetList ?? []);
  if (s.limitOption === 'LIMIT_OPTION_WITH_TIES') throw unsupported('FETCH FIRST ... WITH TIES');
  const orderBy = orderOf(s);
  return {
    k: 'select',
    table: table?.k === 'rel' ? table.table : null,
    ...(table?.k === 'rel' && table.alias ? { alias: table.alias } : {}),
    ...from,
    ...grouping(s, items),
    ...lockRels(s),
    items,
    where: s.whereClause ? expr(s.whereClause) : null,
    orderBy,
    lock: lockOf(s),
    limit: s.limitCount ? limitOf(s.limitCount) : null,
    ...offsetOf(s.limitOffset),
    ...lockWaitOf(s),
  };
}

/** ORDER BY's items: ASC or DESC, NULLS FIRST or LAST (by default NULLs sort as the largest value). */
function orderOf(s: P.SelectStmt): OrderItem[] {
  return (s.sortClause ?? []).map((node) => {
    const o = as(node, 'SortBy') ?? {};
    if (o.sortby_dir === 'SORTBY_USING') throw unsupported('ORDER BY ... USING');
    const desc = o.sortby_dir === 'SORTBY_DESC';
    const nulls = o.sortby_nulls ?? 'SORTBY_NULLS_DEFAULT';
    return { e: expr(o.node), desc, nullsFirst: nulls === 'SORTBY_NULLS_DEFAULT' ? desc : nulls === 'SORTBY_NULLS_FIRST' };
  });
}

/** UNION, INTERSECT or EXCEPT: both branches, and the ORDER BY, OFFSET and LIMIT over their rows. */
function setOperation(s: P.SelectStmt): SelectStmt {
  if (s.withClause) throw unsupported(s.withClause.recursive ? 'WITH RECURSIVE' : 'WITH');
  const op = s.op === 'SETOP_UNION' ? 'union' : s.op === 'SETOP_INTERSECT' ? 'intersect' : 'except';
  const orderBy = orderOf(s);
  return {
    k: 'select',
    table: null,
    items: [],
    where: null,
    orderBy,
    lock: lockOf(s),
    limit: s.limitCount ? limitOf(s.limitCount) : null,
    ...offsetOf(s.limitOffset),
    setop: { op, all: !!s.all, l: select(s.larg ?? {}), r: select(s.rarg ?? {}) },
  };
}

/** LIMIT n, LIMIT -n (refused when the statement runs, as PostgreSQL does) and LIMIT NULL or ALL (no limit). */
function limitOf(n: P.Node): number | null {
  const v = intConst(n);
  if (v !== null) return v;
  if (as(n, 'A_Const')?.isnull) return null;
  throw unsupported('a LIMIT that is not a number');
}

/** OFFSET n (a negative n is refused when the statement runs); OFFSET NULL skips nothing. */
function offsetOf(n: P.Node | undefined): { offset?: number } {
  if (!n) return {};
  const v = intConst(n);
  if (v !== null) return { offset: v };
  if (as(n, 'A_Const')?.isnull) return {};
  throw unsupported('an OFFSET that is not a number');
}

/** Statements outside the subset, named as SQL writes them (any other: its node name, in words). */
const STMT_WORDS: Partial<Record<NodeTag, string>> = {
  ExplainStmt: 'EXPLAIN',
  PrepareStmt: 'PREPARE',
  ExecuteStmt: 'EXECUTE',
  DeallocateStmt: 'DEALLOCATE',
  TruncateStmt: 'TRUNCATE',
  IndexStmt: 'CREATE INDEX',
  ViewStmt: 'CREATE VIEW',
  CreateSeqStmt: 'CREATE SEQUENCE',
  AlterSeqStmt: 'ALTER SEQUENCE',
  CreateTableAsStmt: 'CREATE TABLE ... AS',
  VariableShowStmt: 'SHOW',
  CopyStmt: 'COPY',
  DoStmt: 'DO',
  CreateFunctionStmt: 'CREATE FUNCTION',
  NotifyStmt: 'NOTIFY',
  ListenStmt: 'LISTEN',
  UnlistenStmt: 'UNLISTEN',
  CallStmt: 'CALL',
  DiscardStmt: 'DISCARD',
  CheckPointStmt: 'CHECKPOINT',
  ClusterStmt: 'CLUSTER',
  ReindexStmt: 'REINDEX',
  CommentStmt: 'COMMENT',
  GrantStmt: 'GRANT and REVOKE',
  CreateRoleStmt: 'CREATE ROLE',
  CreateSchemaStmt: 'CREATE SCHEMA',
  DeclareCursorStmt: 'cursors',
  FetchStmt: 'FETCH',
  ClosePortalStmt: 'CLOSE',
  RenameStmt: 'ALTER ... RENAME',
  CreateTrigStmt: 'CREATE TRIGGER',
  RuleStmt: 'CREATE RULE',
  MergeStmt: 'MERGE',
  ConstraintsSetStmt: 'SET CONSTRAINTS',
};

function statement(src: Source, n: P.Node): Stmt {
  const tag = tagOf(n);
  switch (tag) {
    case 'SelectStmt':
      return advisoryCall(as(n, 'SelectStmt') ?? {}) ?? select(as(n, 'SelectStmt') ?? {});
    case 'InsertStmt':
      return insert(as(n, 'InsertStmt') ?? {});
    case 'UpdateStmt':
      return update(as(n, 'UpdateStmt') ?? {});
    case 'DeleteStmt':
      return del(as(n, 'DeleteStmt') ?? {});
    case 'CreateStmt':
      return createTable(src, as(n, 'CreateStmt') ?? {});
    case 'DropStmt':
      return dropTable(as(n, 'DropStmt') ?? {});
    case 'AlterTableStmt':
      return alterTable(src, as(n, 'AlterTableStmt') ?? {});
    case 'TransactionStmt':
      return transaction(as(n, 'TransactionStmt') ?? {});
    case 'VariableSetStmt':
      return setting(as(n, 'VariableSetStmt') ?? {});
    case 'LockStmt':
      return lockTable(as(n, 'LockStmt') ?? {});
    case 'VacuumStmt':
      return { k: 'unsupported', what: as(n, 'VacuumStmt')?.is_vacuumcmd ? 'VACUUM' : 'ANALYZE' };
    default:
      return {
        k: 'unsupported',
        what:
          STMT_WORDS[tag] ??
          tag
            .replace(/Stmt$/, '')
            .replace(/([a-z])([A-Z])/g, '$1 $2')
            .toUpperCase(),
      };
  }
}

/**
 * How deeply one statement may nest: operators, casts and parentheses in one chain (`nestingOf`).
 * PostgreSQL's parser and its tree printer recurse once or more per level, on the WebAssembly
 * stack; past about 10,000 levels (3,000 nested subqueries) that stack overflows, which leaves the
 * module unusable, so a statement over this is never handed to it. The lab's own limit on
 * expressions is lower (`MAX_EXPR_DEPTH`), so this refuses nothing the lab could run.
 */
export const MAX_NESTING = 2000;

const cache = new Map<string, readonly Parsed[]>();

/** Forget every parse and template (tests compare cached results with fresh ones). */
export function clearParseCache(): void {
  cache.clear();
  clearTemplates();
}

/**
 * Parse a query string (one or more statements) into the lab's statements, with PostgreSQL 15's
 * own parser. Results are memoised by text: parsing is pure, and specs run the same steps in many
 * permutations. Throws SqlError 42601 on a syntax error, with PostgreSQL's message and position
 * (nothing of the string runs, as in PostgreSQL). Needs `loadSqlParser()` to have finished.
 */
export function parseSql(sql: string): readonly Parsed[] {
  const hit = cache.get(sql);
  if (hit) return hit;
  const literals = integerLiterals(sql);
  const templated = literals && fromTemplate(sql, literals);
  if (templated) return templated;
  const out = nestingOf(sql) > MAX_NESTING ? parseEach(sql) : parseAll(sql, 0);
  if (literals && nestingOf(sql) <= MAX_NESTING) learnTemplate(sql, literals, out, pgParse(sql), (s) => toParsed(sql, s));
  if (cache.size > 5000) cache.clear();
  cache.set(sql, out);
  return out;
}

/** The whole string at once, as PostgreSQL parses a query string; `offset` places error positions. */
function parseAll(sql: string, offset: number): Parsed[] {
  let stmts;
  try {
    stmts = pgParse(sql);
  } catch (e) {
    if (!(e instanceof SqlError) || e.position === undefined || offset === 0) throw e;
    throw new SqlError(e.code, e.message, e.detail, e.position + offset);
  }
  return stmts.map((s) => toParsed(sql, s));
}

const toParsed = (sql: string, { node, from, to, at }: PgStmt): Parsed => ({
  sql: sql.slice(from, to).trim(),
  stmt: convert({ sql, at }, node),
});

/** A string holding a statement nested too deeply: each statement alone, and that one refused unparsed. */
function parseEach(sql: string): Parsed[] {
  let cursor = 0;
  return splitStatements(sql).flatMap((text) => {
    const start = sql.indexOf(text, cursor);
    cursor = start + text.length;
    if (nestingOf(text) > MAX_NESTING)
      return [{ sql: text, stmt: { k: 'unsupported', what: `expressions nested over ${MAX_EXPR_DEPTH} deep` } as const }];
    return parseAll(text, start);
  });
}

function convert(src: Source, n: P.Node): Stmt {
  try {
    return statement(src, n);
  } catch (e) {
    // A feature outside the subset fails when its step runs, not at parse time, like an unsupported feature in PostgreSQL.
    if (e instanceof SqlError && e.code === SQLSTATE.feature_not_supported)
      return { k: 'unsupported', what: e.message.replace(/ is not supported in WALkthrough$/, '') };
    throw e;
  }
}
