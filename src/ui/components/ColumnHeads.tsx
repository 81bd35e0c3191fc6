import type { ReactNode } from 'react';

/** A table's header row: one column header per name, in order, then any other header cells (`children`). */
export function ColumnHeads({ names, children }: { names: readonly string[]; children?: ReactNode }) {
  return (
    <thead>
      <tr>
        {names.map((name, i) => (
          // Headers are fixed text in a fixed order: the position is the identity.
          <th key={i} scope="col">
            {name}
          </th>
        ))}
        {children}
      </tr>
    </thead>
  );
}
