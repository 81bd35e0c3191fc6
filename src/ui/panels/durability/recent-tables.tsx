import { type ReactNode, useState } from 'react';

/** Tables a per-table panel draws at once: a run with more draws the ones changed last. */
const TABLES_SHOWN = 8;

interface ShownTables {
  /** Whether the panel draws this table. */
  readonly shows: (table: string) => boolean;
  /** The line that says what is left out, with the button that shows it (null: every table is drawn anyway). */
  readonly note: ReactNode;
}

/**
 * Which tables a per-table panel draws. A run of up to eight tables draws them all. A larger one
 * draws the eight whose heap changed last (`recent`: newest pd_lsn first, from the engine), in
 * table order, until the reader asks for all of them: twenty tables of rows and trees are a page
 * nobody reads, and a browser that lays them out on every step.
 */
export function useShownTables(recent: readonly string[], what: string): ShownTables {
  const [all, setAll] = useState(false);
  if (recent.length <= TABLES_SHOWN) return { shows: () => true, note: null };
  const shown = new Set(recent.slice(0, TABLES_SHOWN));
  const hidden = recent.length - TABLES_SHOWN;
  const note = (
    <p className="tables-shown">
      {all ? `${what} of all ${recent.length} tables.` : `${what} of the ${TABLES_SHOWN} tables changed last; ${hidden} more not drawn.`}{' '}
      <button type="button" aria-pressed={all} onClick={() => setAll(!all)}>
        {all ? `Only the ${TABLES_SHOWN} changed last` : `Show all ${recent.length}`}
      </button>
    </p>
  );
  return { shows: all ? () => true : (table) => shown.has(table), note };
}
