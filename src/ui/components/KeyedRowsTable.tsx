import type { ReactNode } from 'react';
import { ColumnHeads } from './ColumnHeads';

/** A table row as the storage labs keep it: a key and named values. */
interface KeyedRow {
  readonly key: string;
  readonly values: Readonly<Record<string, unknown>>;
}

/** A column after the value columns, with its own header and cell. */
interface ExtraColumn<R> {
  readonly head: ReactNode;
  readonly className: string;
  readonly cell: (row: R) => ReactNode;
}

/**
 * A table of keyed rows: the key as the row header, one column per value name the rows use (in
 * the order first seen), optionally one more column; "(no rows)" when the table is empty.
 */
export function KeyedRowsTable<R extends KeyedRow>({
  name,
  rows,
  className,
  dataTable,
  cell,
  rowClass,
  extra,
}: {
  /** The table's name, its caption. */
  name: string;
  rows: readonly R[];
  className: string;
  /** A `data-table` attribute for the table, if any. */
  dataTable?: string;
  /** A value cell's content. */
  cell: (row: R, column: string) => ReactNode;
  rowClass?: (row: R) => string;
  extra?: ExtraColumn<R>;
}) {
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r.values)))];
  return (
    <table className={className} data-table={dataTable}>
      <caption>{name}</caption>
      <ColumnHeads names={['key', ...cols]}>{extra && <th scope="col">{extra.head}</th>}</ColumnHeads>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={cols.length + (extra ? 2 : 1)} className="empty">
              (no rows)
            </td>
          </tr>
        )}
        {rows.map((r) => (
          <tr key={r.key} className={rowClass?.(r)}>
            <th scope="row">{r.key}</th>
            {cols.map((c) => (
              <td key={c}>{cell(r, c)}</td>
            ))}
            {extra && <td className={extra.className}>{extra.cell(r)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
