import type { ColumnDef, Expr, Stmt, TableConstraintDef, Value } from '../sql/ast';
import { SQLSTATE, SqlError } from '../sql/errors';
import { coerce, columnsOf, evaluate, roundScale, type Scope, truth } from '../sql/expr';
import type { CheckConstraint, Column, ForeignKey, State, Table, Txn, UniqueIndex } from './types';
import { own, setOwn } from '../sql/own';

/** The table, or PostgreSQL's "relation does not exist". */
/** Record how to undo a catalog change: a new list each time (a new transaction's list is shared, see txn.ts). */
function addUndo(txn: Txn, u: Txn['catalogUndo'][number]): void {
  txn.catalogUndo = [...txn.catalogUndo, u];
}

export function tableOf(state: State, name: string): Table {
  const t = own(state.tables, name);
  if (!t) throw new SqlError(SQLSTATE.undefined_table, `relation "${name}" does not exist`);
  return t;
}

/** ChooseConstraintName: the base name, or base1, base2... when taken in this table. */
function chooseName(base: string, taken: Set<string>): string {
  let name = base;
  for (let i = 1; taken.has(name); i++) name = `${base}${i}`;
  taken.add(name);
  return name;
}

/** A scope for evaluating expressions over a table's rows; `alias` is the name it goes by (`FROM t AS a`). */
export function scopeOf(t: Table, alias: string = t.name): Scope {
  // A table's columns never change once created (copies of the table share them), and scopes are
  // never mutated: the scope under the table's own name is built once per table.
  if (alias !== t.name) return newScope(t, alias);
  const cached = ownScopes.get(t.columns);
  if (cached && cached.index === t.index && cached.table === t.name) return cached;
  const scope = newScope(t, alias);
  ownScopes.set(t.columns, scope);
  return scope;
}

const ownScopes = new WeakMap<readonly Column[], Scope>();

const newScope = (t: Table, alias: string): Scope => ({
  index: t.index,
  types: t.columns.map((c) => c.type),
  scales: t.columns.map((c) => c.scale),
  table: alias,
  ...(alias !== t.name ? { hidden: [t.name] } : {}),
});

/** A value as a column stores it: coerced to its type, numeric rounded to its scale. */
export function toColumn(v: Value, c: Column): Value {
  const x = coerce(v, c.type);
  if (c.maxLength !== undefined && typeof x === 'string' && [...x].length > c.maxLength)
    throw new SqlError(SQLSTATE.string_data_right_truncation, `value too long for type character varying(${c.maxLength})`);
  if (c.scale === null || typeof x !== 'number') return x;
  return roundScale(x, c.scale);
}

function columnIndex(t: { index: Readonly<Record<string, number>>; name: string }, col: string): number {
  const i = own(t.index, col);
  if (i === undefined) throw new SqlError(SQLSTATE.undefined_column, `column "${col}" named in key does not exist`);
  return i;
}

/** CREATE TABLE, with PostgreSQL's constraint names (t_pkey, t_x_key, t_x_check, t_x_fkey). */
export function createTable(state: State, txn: Txn, s: Extract<Stmt, { k: 'create' }>): void {
  if (Object.hasOwn(state.tables, s.table)) throw new SqlError(SQLSTATE.duplicate_table, `relation "${s.table}" already exists`);
  const columns: Column[] = s.columns.map((c) => ({
    name: c.name,
    type: c.type,
    scale: c.scale,
    notNull: c.notNull || c.primaryKey,
    default: c.default ?? null,
    ...(c.identity ? { identity: c.identity } : {}),
    ...(c.maxLength !== undefined ? { maxLength: c.maxLength } : {}),
    ...(c.generated ? { generated: c.generated } : {}),
  }));
  // fromEntries defines own properties, so a column named __proto__ is a column like any other.
  const index: Record<string, number> = Object.fromEntries(columns.map((c, i) => [c.name, i]));
  const shape = { index, name: s.table };
  const all: TableConstraintDef[] = [];
  for (const c of s.columns) all.push(...columnConstraints(c));
  all.push(...s.constraints);
  const taken = new Set<string>();
  const pk = all.filter((c) => c.kind === 'primary key');
  if (pk.length > 1) throw new SqlError(SQLSTATE.invalid_table_definition, `multiple primary keys for table "${s.table}" are not allowed`);
  const uniques: UniqueIndex[] = [];
  for (const c of [...pk, ...all.filter((c) => c.kind === 'unique')]) {
    if (c.kind !== 'primary key' && c.kind !== 'unique') continue;
    const cols = c.columns.map((n) => columnIndex(shape, n));
    if (c.kind === 'primary key') for (const i of cols) columns[i] = { ...columns[i], notNull: true };
    const base = c.kind === 'primary key' ? `${s.table}_pkey` : `${s.table}_${c.columns.join('_')}_key`;
    uniques.push({ name: c.name ?? chooseName(base, taken), columns: cols, primary: c.kind === 'primary key' });
  }
  const checks: CheckConstraint[] = [];
  for (const c of all) {
    if (c.kind !== 'check') continue;
    const first = columnsOf(c.expr)[0];
    checks.push({ name: c.name ?? chooseName(first ? `${s.table}_${first}_check` : `${s.table}_check`, taken), expr: c.expr });
  }
  const fks: ForeignKey[] = [];
  for (const c of all) {
    if (c.kind !== 'foreign key') continue;
    const ref = c.table === s.table ? { ...shape, uniques } : tableOf(state, c.table);
    const refCols =
      c.refColumns ??
      (() => {
        const p = ref.uniques.find((u) => u.primary);
        if (!p) throw new SqlError(SQLSTATE.invalid_foreign_key, `there is no primary key for referenced table "${c.table}"`);
        return p.columns.map((i) => Object.keys(ref.index).find((k) => ref.index[k] === i) ?? '');
      })();
    const refIdx = refCols.map((n) => columnIndex(ref, n));
    if (!ref.uniques.some((u) => u.columns.length === refIdx.length && u.columns.every((x, i) => x === refIdx[i])))
      throw new SqlError(
        SQLSTATE.invalid_foreign_key,
        `there is no unique constraint matching given keys for referenced table "${c.table}"`,
      );
    fks.push({
      name: c.name ?? chooseName(`${s.table}_${c.columns.join('_')}_fkey`, taken),
      columns: c.columns.map((n) => columnIndex(shape, n)),
      refTable: c.table,
      refColumns: refIdx,
      onDelete: c.onDelete,
    });
  }
  checks.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  addUndo(txn, { name: s.table, table: null });
  setOwn(state.tables, s.table, { name: s.table, oid: state.nextOid++, columns, index, uniques, checks, fks, tuples: [] });
}

function columnConstraints(c: ColumnDef): TableConstraintDef[] {
  const out: TableConstraintDef[] = [];
  if (c.primaryKey) out.push({ kind: 'primary key', name: c.keyNames?.primary ?? null, columns: [c.name] });
  if (c.unique) out.push({ kind: 'unique', name: c.keyNames?.unique ?? null, columns: [c.name] });
  for (const k of c.check) out.push({ kind: 'check', name: k.name, expr: k.expr, src: k.src });
  if (c.references) out.push({ kind: 'foreign key', ...c.references });
  return out;
}

/** DROP TABLE [IF EXISTS]; refuses a table another table's foreign key references. */
export function dropTables(state: State, txn: Txn, names: readonly string[], ifExists: boolean, notice: (m: string) => void): void {
  for (const name of names) {
    if (!Object.hasOwn(state.tables, name)) {
      if (ifExists) {
        notice(`table "${name}" does not exist, skipping`);
        continue;
      }
      throw new SqlError(SQLSTATE.undefined_table, `table "${name}" does not exist`);
    }
    const dependent = Object.values(state.tables).find(
      (t) => t.name !== name && !names.includes(t.name) && t.fks.some((f) => f.refTable === name),
    );
    if (dependent)
      throw new SqlError(SQLSTATE.dependent_objects_still_exist, `cannot drop table ${name} because other objects depend on it`);
  }
  for (const name of names) {
    if (!Object.hasOwn(state.tables, name)) continue;
    addUndo(txn, { name, table: state.tables[name] });
    delete state.tables[name];
  }
}

/** ALTER TABLE ... ADD CONSTRAINT ... CHECK: validated against every live row first. */
export function addCheck(
  state: State,
  txn: Txn,
  table: Table,
  name: string | null,
  expr: Expr,
  liveRows: readonly (readonly Value[])[],
): void {
  const taken = new Set([...table.checks.map((c) => c.name), ...table.uniques.map((u) => u.name), ...table.fks.map((f) => f.name)]);
  const first = columnsOf(expr)[0];
  const finalName = name ?? chooseName(first ? `${table.name}_${first}_check` : `${table.name}_check`, taken);
  const scope = scopeOf(table);
  for (const values of liveRows) {
    if (truth(evaluate(expr, scope, values)) === false)
      throw new SqlError(SQLSTATE.check_violation, `check constraint "${finalName}" of relation "${table.name}" is violated by some row`);
  }
  addUndo(txn, { name: table.name, table: null, checks: table.checks.slice() });
  table.checks = [...table.checks, { name: finalName, expr }].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
