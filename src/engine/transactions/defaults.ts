import type { Expr, Stmt, Value } from '../sql/ast';
import { SQLSTATE, SqlError } from '../sql/errors';
import { type CallHook, evaluate } from '../sql/expr';
import { own } from '../sql/own';
import { scopeOf, toColumn } from './catalog';
import type { Ctx } from './context';
import type { State, Table } from './types';

/**
 * Column defaults, identity and generated columns, and sequences: the value a row gets for a
 * column it does not name (or names with DEFAULT), and nextval / currval, which are never rolled back.
 */

/** The column's DEFAULT (NULL when it has none; a generated column is computed afterwards), evaluated now, once per row. */
export function columnDefault(ctx: Ctx, table: Table, i: number): Value {
  void ctx;
  const c = table.columns[i];
  return c.default && !c.generated ? toColumn(evaluate(c.default, null, null), c) : null;
}

/** The positions of an INSERT's target columns (all columns in order when it names none). */
export function targetColumns(table: Table, columns: readonly string[] | null): number[] {
  return (columns ?? table.columns.map((c) => c.name)).map((name) => {
    const i = own(table.index, name);
    if (i === undefined) throw new SqlError(SQLSTATE.undefined_column, `column "${name}" of relation "${table.name}" does not exist`);
    return i;
  });
}

const explicit = (table: Table, i: number): boolean => !!table.columns[i].generated || table.columns[i].identity === 'always';

/** One INSERT row: the given expressions in the target columns, DEFAULT everywhere else, then generated columns. */
export function newRow(ctx: Ctx, table: Table, cols: readonly number[], given: readonly (Expr | 'default')[], named: boolean): Value[] {
  if (given.length > cols.length) throw new SqlError(SQLSTATE.syntax_error, 'INSERT has more expressions than target columns');
  if (given.length < cols.length && named) throw new SqlError(SQLSTATE.syntax_error, 'INSERT has more target columns than expressions');
  const values: (Value | undefined)[] = table.columns.map(() => undefined);
  given.forEach((e, j) => {
    if (e === 'default') return;
    if (explicit(table, cols[j]))
      throw new SqlError(SQLSTATE.generated_always, `cannot insert a non-DEFAULT value into column "${table.columns[cols[j]].name}"`);
    values[cols[j]] = toColumn(evaluate(e, null, null), table.columns[cols[j]]);
  });
  return withGenerated(
    table,
    values.map((v, i) => (v === undefined ? columnDefault(ctx, table, i) : v)),
  );
}

/** UPDATE's SET list: a generated or GENERATED ALWAYS identity column takes only DEFAULT. */
export function checkSets(table: Table, sets: readonly { col: string; e: Expr }[]): void {
  for (const s of sets) {
    const i = own(table.index, s.col);
    if (i !== undefined && s.e.k !== 'default' && explicit(table, i))
      throw new SqlError(SQLSTATE.generated_always, `column "${s.col}" can only be updated to DEFAULT`);
  }
}

/** ExecComputeStoredGenerated: generated columns from the row's other values. */
export function withGenerated(table: Table, values: Value[]): Value[] {
  if (!table.columns.some((c) => c.generated)) return values;
  const scope = scopeOf(table);
  return values.map((v, i) => {
    const g = table.columns[i].generated;
    return g ? toColumn(evaluate(g, scope, values), table.columns[i]) : v;
  });
}

/** CREATE TABLE's sequences (serial and identity columns): a table created again starts its sequence again. */
export function createSequences(state: State, s: Extract<Stmt, { k: 'create' }>): void {
  for (const c of s.columns) if (c.sequence) state.sequences = { ...state.sequences, [c.sequence]: { last: 1, called: false } };
}

/** nextval and currval for one session; sequences are replaced, never mutated, so earlier states keep theirs. */
export function sequenceCalls(ctx: Ctx): CallHook {
  return (name, args) => {
    const seq = String(args[0]);
    const cur = ctx.state.sequences && own(ctx.state.sequences, seq);
    if (!cur) throw new SqlError(SQLSTATE.undefined_table, `relation "${seq}" does not exist`);
    if (name === 'currval') {
      const v = ctx.session.currval && own(ctx.session.currval, seq);
      if (v === undefined)
        throw new SqlError(SQLSTATE.object_not_in_prerequisite_state, `currval of sequence "${seq}" is not yet defined in this session`);
      return v;
    }
    const v = cur.called ? cur.last + 1 : cur.last;
    ctx.state.sequences = { ...ctx.state.sequences, [seq]: { last: v, called: true } };
    ctx.session.currval = { ...ctx.session.currval, [seq]: v };
    return v;
  };
}
