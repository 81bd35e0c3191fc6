import type * as P from 'libpg-query';
import type { Parsed, Stmt } from './ast';
import { SQLSTATE, SqlError } from './errors';
import { alterTable, createTable, dropTable, type Source } from './parse-ddl';
import { MAX_EXPR_DEPTH } from './parse-expr';
import { select } from './parse-select';
import { type PgStmt, pgParse } from './pg';
import { clearTemplates, fromRecentTemplate, fromTemplate, integerLiterals, learnTemplate } from './template';
import { as, type NodeOf, type NodeTag, tagOf } from './pg-node';
import { nestingOf, splitStatements } from './split';
import { advisoryCall } from './parse-advisory';
import { lockTable, setting, transaction } from './txn-control';
import { del, insert, update } from './parse-dml';

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

/** The statements the lab runs, each from its node in PostgreSQL's tree (and the text, for DDL's messages). */
const CONVERT: { [K in NodeTag]?: (node: NodeOf<K>, src: Source) => Stmt } = {
  SelectStmt: (s) => advisoryCall(s) ?? select(s),
  InsertStmt: insert,
  UpdateStmt: update,
  DeleteStmt: del,
  CreateStmt: (s, src) => createTable(src, s),
  DropStmt: dropTable,
  AlterTableStmt: (s, src) => alterTable(src, s),
  TransactionStmt: transaction,
  VariableSetStmt: setting,
  LockStmt: lockTable,
  VacuumStmt: (s) => ({ k: 'unsupported', what: s.is_vacuumcmd ? 'VACUUM' : 'ANALYZE' }),
};

function statement(src: Source, n: P.Node): Stmt {
  const tag = tagOf(n);
  // The table pairs each tag with its own node type; indexed by a tag known only at run time, it is erased here.
  const convert = CONVERT[tag] as ((node: unknown, src: Source) => Stmt) | undefined;
  if (convert) return convert(as(n, tag) ?? {}, src);
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
  // A text of a recently used template's shape is bound before it is looked up by its whole text
  // (a new string is hashed first, which reads it as matching it does); a text parsed in full that
  // has that shape binds to an equal parse.
  const recent = fromRecentTemplate(sql);
  if (recent) return recent;
  const hit = cache.get(sql);
  if (hit) return hit;
  // A text bound from a template is not kept: distinct texts of one shape (a key in each) come by
  // the thousand and rarely repeat, and keeping their statements, even a few of them, made every
  // minor collection promote megabytes (measured: scavenges 4-10 times longer), far more than
  // binding again costs.
  const literals = integerLiterals(sql);
  const templated = literals && fromTemplate(sql, literals);
  if (templated) return templated;
  const out = parseNew(sql);
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(sql, out);
  return out;
}

/** Texts parsed by PostgreSQL's parser whose result is kept. */
const MAX_CACHED = 5000;

/** A text of no known shape: parsed by PostgreSQL's parser, and its template learnt when it has one. */
function parseNew(sql: string): Parsed[] {
  const out = nestingOf(sql) > MAX_NESTING ? parseEach(sql) : parseAll(sql, 0);
  const literals = integerLiterals(sql);
  if (literals && nestingOf(sql) <= MAX_NESTING) learnTemplate(sql, literals, out, pgParse(sql), (s) => toParsed(sql, s));
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
