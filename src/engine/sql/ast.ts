/**
 * The engine's own small SQL tree: plain data, produced from PostgreSQL's parse tree by
 * parse.ts. Keeping it ours means the executor never sees syntax it does not model, and
 * the tree can live inside the (cloned, structured-cloneable) engine state.
 */

/** Column types the lab models (PostgreSQL's names). */
export type ColType = 'integer' | 'bigint' | 'text' | 'boolean' | 'numeric';

/** A cell value: numbers for integer, bigint and numeric; null is SQL NULL. */
export type Value = number | string | boolean | null;

export type IsoLevel = 'read uncommitted' | 'read committed' | 'repeatable read' | 'serializable';

export type BinOp = '=' | '<>' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%' | 'AND' | 'OR' | '||';

export type AggFn = 'count' | 'sum' | 'min' | 'max';

export type Expr =
  | { readonly k: 'const'; readonly v: Value; readonly t: ColType | 'unknown' }
  | { readonly k: 'col'; readonly name: string }
  | { readonly k: 'bin'; readonly op: BinOp; readonly l: Expr; readonly r: Expr }
  | { readonly k: 'not'; readonly e: Expr }
  | { readonly k: 'neg'; readonly e: Expr }
  | { readonly k: 'isnull'; readonly e: Expr; readonly not: boolean }
  | { readonly k: 'in'; readonly e: Expr; readonly list: readonly Expr[]; readonly not: boolean }
  | { readonly k: 'between'; readonly e: Expr; readonly lo: Expr; readonly hi: Expr; readonly not: boolean }
  | { readonly k: 'cast'; readonly e: Expr; readonly to: ColType }
  | { readonly k: 'agg'; readonly fn: AggFn; readonly arg: Expr | null };

export interface ColumnDef {
  readonly name: string;
  readonly type: ColType;
  /** numeric(p, s): the scale values are rounded to and printed with; null when unconstrained. */
  readonly scale: number | null;
  readonly notNull: boolean;
  readonly primaryKey: boolean;
  readonly unique: boolean;
  readonly check: readonly { readonly name: string | null; readonly expr: Expr; readonly src: string }[];
  readonly references: ForeignKeyDef | null;
}

export type FkAction = 'no action' | 'restrict' | 'cascade';

export interface ForeignKeyDef {
  readonly name: string | null;
  readonly columns: readonly string[];
  readonly table: string;
  readonly refColumns: readonly string[] | null;
  readonly onDelete: FkAction;
}

export type TableConstraintDef =
  | { readonly kind: 'primary key' | 'unique'; readonly name: string | null; readonly columns: readonly string[] }
  | { readonly kind: 'check'; readonly name: string | null; readonly expr: Expr; readonly src: string }
  | ({ readonly kind: 'foreign key' } & ForeignKeyDef);

export type LockStrength = 'update' | 'no key update' | 'share' | 'key share';

export type LockWait = 'nowait' | 'skip locked';

export interface SelectItem {
  /** null: `*` */
  readonly e: Expr | null;
  readonly name: string;
}

export interface OrderItem {
  readonly e: Expr;
  readonly desc: boolean;
  readonly nullsFirst: boolean;
}

export type Stmt =
  | {
      readonly k: 'create';
      readonly table: string;
      readonly columns: readonly ColumnDef[];
      readonly constraints: readonly TableConstraintDef[];
      /** CREATE TABLE IF NOT EXISTS: an existing table is a NOTICE, not an error. */
      readonly ifNotExists?: boolean;
    }
  | { readonly k: 'drop'; readonly tables: readonly string[]; readonly ifExists: boolean }
  | { readonly k: 'addCheck'; readonly table: string; readonly name: string | null; readonly expr: Expr; readonly src: string }
  | {
      readonly k: 'insert';
      readonly table: string;
      readonly columns: readonly string[] | null;
      readonly rows: readonly (readonly (Expr | 'default')[])[];
    }
  | {
      readonly k: 'update';
      readonly table: string;
      readonly sets: readonly { readonly col: string; readonly e: Expr }[];
      readonly where: Expr | null;
    }
  | { readonly k: 'delete'; readonly table: string; readonly where: Expr | null }
  | {
      readonly k: 'select';
      readonly table: string | null;
      readonly items: readonly SelectItem[];
      readonly where: Expr | null;
      readonly orderBy: readonly OrderItem[];
      readonly lock: LockStrength | null;
      /** NOWAIT (55P03 instead of a wait) or SKIP LOCKED (rows that would wait are left out). */
      readonly lockWait?: LockWait;
      readonly limit: number | null;
    }
  | ({ readonly k: 'begin' } & TxnModes)
  | { readonly k: 'commit' }
  | { readonly k: 'rollback' }
  /** SAVEPOINT name, RELEASE [SAVEPOINT] name, ROLLBACK TO [SAVEPOINT] name. */
  | { readonly k: 'savepoint'; readonly op: 'define' | 'release' | 'rollback to'; readonly name: string }
  | ({ readonly k: 'setTxn' } & TxnModes)
  /** SELECT pg_advisory_lock(key) and its kin, alone in a SELECT: `name` is the output column. */
  | { readonly k: 'advisory'; readonly fn: string; readonly args: readonly Expr[]; readonly name: string }
  /** LOCK TABLE: the relations, the mode (1 AccessShareLock ... 8 AccessExclusiveLock), NOWAIT. */
  | { readonly k: 'lockTable'; readonly tables: readonly string[]; readonly mode: number; readonly nowait: boolean }
  | { readonly k: 'setDefaultIso'; readonly iso: IsoLevel }
  /** A SET of a setting the lab accepts and ignores (deadlock_timeout...). */
  | { readonly k: 'set'; readonly name: string }
  /** Parsed, but outside the subset: raises 0A000 when it runs, like PostgreSQL's feature errors. */
  | { readonly k: 'unsupported'; readonly what: string };

/** A transaction's modes as BEGIN or SET TRANSACTION gives them (null: not given). */
export interface TxnModes {
  readonly iso: IsoLevel | null;
  readonly readOnly: boolean | null;
  readonly deferrable: boolean | null;
}

/** One statement with its source text. */
export interface Parsed {
  readonly sql: string;
  readonly stmt: Stmt;
}
