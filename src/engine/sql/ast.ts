/**
 * The engine's own small SQL tree: plain data, produced from PostgreSQL's parse tree by
 * parse.ts. Keeping it ours means the executor never sees syntax it does not model, and
 * the tree can live inside the (cloned, structured-cloneable) engine state.
 */

/** Column types the lab models (PostgreSQL's names). */
export type ColType = 'integer' | 'bigint' | 'text' | 'boolean' | 'numeric' | 'date' | 'timestamp' | 'timestamptz';

/** A cell value: numbers for integer, bigint and numeric; null is SQL NULL. */
export type Value = number | string | boolean | null;

export type IsoLevel = 'read uncommitted' | 'read committed' | 'repeatable read' | 'serializable';

export type BinOp = '=' | '<>' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%' | 'AND' | 'OR' | '||';

export type AggFn = 'count' | 'sum' | 'min' | 'max' | 'avg';

export type Expr =
  | { readonly k: 'const'; readonly v: Value; readonly t: ColType | 'unknown' }
  /** `rel`: the table or alias it is qualified with (`t.x`, `EXCLUDED.x`), if any. */
  | { readonly k: 'col'; readonly name: string; readonly rel?: string }
  | { readonly k: 'bin'; readonly op: BinOp; readonly l: Expr; readonly r: Expr }
  | { readonly k: 'not'; readonly e: Expr }
  | { readonly k: 'neg'; readonly e: Expr }
  | { readonly k: 'isnull'; readonly e: Expr; readonly not: boolean }
  | { readonly k: 'in'; readonly e: Expr; readonly list: readonly Expr[]; readonly not: boolean }
  | { readonly k: 'between'; readonly e: Expr; readonly lo: Expr; readonly hi: Expr; readonly not: boolean }
  /** `scale`: numeric(p, s) rounds to it; `length`: varchar(n) cuts to it. */
  | { readonly k: 'cast'; readonly e: Expr; readonly to: ColType; readonly scale?: number; readonly length?: number }
  | { readonly k: 'agg'; readonly fn: AggFn; readonly arg: Expr | null; readonly distinct?: boolean; readonly filter?: Expr }
  /** A function call other than an aggregate (nextval, currval...), evaluated by sql/calls.ts. */
  | { readonly k: 'fn'; readonly name: string; readonly args: readonly Expr[] }
  /** DEFAULT as an UPDATE's new value (`SET x = DEFAULT`): the column's default. */
  | { readonly k: 'default' }
  /**
   * A subquery: `scalar` (its one value, NULL when it returns no row), `exists`, or `any` / `all`
   * (`e op ANY (q)`; IN is `= ANY`, NOT IN is NOT of it). It may read the enclosing query's columns.
   */
  | {
      readonly k: 'sub';
      readonly kind: 'scalar' | 'exists' | 'any' | 'all';
      readonly q: SelectStmt;
      readonly e: Expr | null;
      readonly op: BinOp | null;
    };

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
  /** DEFAULT's expression (serial and identity columns: nextval of their sequence), or null. */
  readonly default?: Expr | null;
  /** Names given to the column's PRIMARY KEY and UNIQUE constraints (`CONSTRAINT k PRIMARY KEY`). */
  readonly keyNames?: { readonly primary?: string; readonly unique?: string };
  /** varchar(n): the most characters a value may have. */
  readonly maxLength?: number;
  /** GENERATED ALWAYS / BY DEFAULT AS IDENTITY. */
  readonly identity?: 'always' | 'by default';
  /** GENERATED ALWAYS AS (expr) STORED. */
  readonly generated?: Expr;
  /** The sequence a serial or identity column owns (`t_id_seq`), created with the table. */
  readonly sequence?: string;
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
  /** `t.*`: the relation whose columns `*` stands for. */
  readonly rel?: string;
}

/** A FROM item other than one plain table: tables (with their aliases) and joins of them. */
export type FromItem =
  | { readonly k: 'rel'; readonly table: string; readonly alias?: string }
  /** A subquery in FROM, or a WITH query it names: its rows under `alias`, columns renamed by `cols`. */
  | { readonly k: 'sub'; readonly q: Extract<Stmt, { k: 'select' }>; readonly alias: string; readonly cols?: readonly string[] }
  | {
      readonly k: 'join';
      readonly kind: 'inner' | 'left' | 'right' | 'full';
      readonly l: FromItem;
      readonly r: FromItem;
      readonly on: Expr | null;
      /** JOIN ... USING (a, b): the columns both sides share, merged into one; NATURAL: every shared name. */
      readonly using?: readonly string[] | 'natural';
    };

export interface OrderItem {
  readonly e: Expr;
  readonly desc: boolean;
  readonly nullsFirst: boolean;
}

/** INSERT's ON CONFLICT clause: its arbiter (columns, a constraint's name, or every unique index) and action. */
export interface OnConflict {
  readonly action: 'nothing' | 'update';
  readonly target: { readonly columns: readonly string[] } | { readonly constraint: string } | null;
  readonly sets: readonly { readonly col: string; readonly e: Expr }[];
  readonly where: Expr | null;
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
      /** INSERT ... SELECT: the query whose rows are inserted (`rows` is then empty). */
      readonly query?: SelectStmt | null;
      /** `INSERT INTO t AS a`: the name ON CONFLICT's expressions and RETURNING use for the table. */
      readonly alias?: string;
      readonly onConflict?: OnConflict | null;
      readonly returning?: readonly SelectItem[] | null;
    }
  | {
      readonly k: 'update';
      readonly table: string;
      readonly sets: readonly { readonly col: string; readonly e: Expr }[];
      readonly where: Expr | null;
      readonly alias?: string;
      readonly returning?: readonly SelectItem[] | null;
    }
  | {
      readonly k: 'delete';
      readonly table: string;
      readonly where: Expr | null;
      readonly alias?: string;
      readonly returning?: readonly SelectItem[] | null;
    }
  | {
      readonly k: 'select';
      readonly table: string | null;
      /** `FROM t AS a`: the name the query's expressions use for the table. */
      readonly alias?: string;
      /** Several FROM items or a join (then `table` is null): see query.ts. */
      readonly from?: readonly FromItem[];
      readonly groupBy?: readonly Expr[];
      readonly having?: Expr | null;
      readonly distinct?: boolean;
      /** UNION / INTERSECT / EXCEPT [ALL] of two queries (this statement's own items and FROM unused). */
      readonly setop?: {
        readonly op: 'union' | 'intersect' | 'except';
        readonly all: boolean;
        readonly l: Extract<Stmt, { k: 'select' }>;
        readonly r: Extract<Stmt, { k: 'select' }>;
      };
      /** DISTINCT ON (...): the first row of each group of equal keys, in ORDER BY's order. */
      readonly distinctOn?: readonly Expr[];
      /** FOR UPDATE OF: the relations (names or aliases) whose rows are locked. */
      readonly lockOf?: readonly string[];
      readonly items: readonly SelectItem[];
      readonly where: Expr | null;
      readonly orderBy: readonly OrderItem[];
      readonly lock: LockStrength | null;
      /** NOWAIT (55P03 instead of a wait) or SKIP LOCKED (rows that would wait are left out). */
      readonly lockWait?: LockWait;
      readonly limit: number | null;
      /** OFFSET n: rows skipped before LIMIT counts (locked all the same under FOR UPDATE). */
      readonly offset?: number;
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
  | { readonly k: 'set'; readonly name: string; readonly value?: string }
  /** Parsed, but outside the subset: raises 0A000 when it runs, like PostgreSQL's feature errors. */
  | { readonly k: 'unsupported'; readonly what: string };

/** A transaction's modes as BEGIN or SET TRANSACTION gives them (null: not given). */
export interface TxnModes {
  readonly iso: IsoLevel | null;
  readonly readOnly: boolean | null;
  readonly deferrable: boolean | null;
}

export type SelectStmt = Extract<Stmt, { k: 'select' }>;

/** One statement with its source text. */
export interface Parsed {
  readonly sql: string;
  readonly stmt: Stmt;
}
