import type { Node, RawStmt } from 'libpg-query';
import { SQLSTATE, SqlError } from './errors';

/**
 * PostgreSQL 15's own parser: libpg_query (the server's grammar, gram.y and scan.l, as a
 * library) compiled to WebAssembly by the `libpg-query` package. Loaded once, asynchronously
 * (`loadSqlParser`); parsing is synchronous afterwards. The Emscripten module is used directly
 * rather than through the package's index, which starts fetching the wasm on import from a
 * place a bundler does not know: here the caller says where the wasm is.
 */

/** The exports of the Emscripten module this file uses. */
interface PgModule {
  getValue(ptr: number, type: 'i32'): number;
  UTF8ToString(ptr: number): string;
  stringToUTF8(text: string, ptr: number, max: number): void;
  lengthBytesUTF8(text: string): number;
  _malloc(size: number): number;
  _free(ptr: number): void;
  _wasm_parse_query_raw(query: number): number;
  _wasm_free_parse_result(result: number): void;
}

let pg: PgModule | null = null;
let loading: Promise<void> | null = null;
let from: string | undefined;

/**
 * Load the parser (once; later calls return the same promise). `wasmUrl`: where the page or
 * worker finds `libpg-query.wasm` (the bundler's asset URL); in Node, leave it out and the
 * module reads the file next to itself.
 */
export function loadSqlParser(wasmUrl?: string): Promise<void> {
  from ??= wasmUrl;
  loading ??= import('libpg-query/wasm/libpg-query.js')
    .then(async ({ default: create }) => {
      pg = (await create(wasmUrl === undefined ? {} : { locateFile: () => wasmUrl })) as PgModule;
    })
    .catch((e: unknown) => {
      loading = null; // a failed fetch may be retried
      throw e;
    });
  return loading;
}

/** Whether `loadSqlParser` has finished: parsing works from then on. */
export const sqlParserLoaded = (): boolean => pg !== null;

/** One statement of PostgreSQL's parse tree, with its place in the query string (UTF-16 offsets). */
export interface PgStmt {
  readonly node: Node;
  readonly from: number;
  readonly to: number;
  /** Byte offsets of the parse tree's `location` fields to offsets in the string. */
  readonly at: (byte: number) => number;
}

/**
 * Parse a query string as PostgreSQL's parser does. A syntax error throws `SqlError` with
 * PostgreSQL's message (42601) and `position`, the offset it points at (the end of the text
 * for "at end of input").
 */
export function pgParse(sql: string): PgStmt[] {
  if (!pg) throw new Error('The SQL parser is not loaded: await loadSqlParser() before parsing.');
  const m = pg;
  // libpg_query answers nothing at all for an empty string; PostgreSQL, an empty query.
  if (sql.trim() === '') return [];
  // A C string ends at NUL: PostgreSQL refuses the byte in text, as here, rather than read half the string.
  if (sql.includes('\0')) throw new SqlError(SQLSTATE.character_not_in_repertoire, 'invalid byte sequence for encoding "UTF8": 0x00');
  const len = m.lengthBytesUTF8(sql) + 1;
  const query = m._malloc(len);
  let result = 0;
  let broken = false;
  try {
    m.stringToUTF8(sql, query, len);
    try {
      result = m._wasm_parse_query_raw(query);
    } catch (e) {
      // The WebAssembly stack overflowed (parse.ts keeps statements far from this): the module's
      // state is left broken mid-parse, so a fresh one is loaded for the statements after this.
      if (!(e instanceof RangeError)) throw e;
      pg = null;
      loading = null;
      broken = true;
      void loadSqlParser(from);
      throw new SqlError(SQLSTATE.statement_too_complex, 'stack depth limit exceeded');
    }
    if (!result) throw new Error('libpg_query returned no result');
    // struct { char *parse_tree; char *stderr_buffer; PgQueryError *error }
    const error = m.getValue(result + 8, 'i32');
    if (error) {
      // struct { char *message; char *funcname; char *filename; int lineno; int cursorpos; char *context }
      const message = m.UTF8ToString(m.getValue(error, 'i32'));
      const cursor = m.getValue(error + 16, 'i32');
      const code = message === 'stack depth limit exceeded' ? SQLSTATE.statement_too_complex : SQLSTATE.syntax_error;
      throw new SqlError(code, message, undefined, cursor > 0 ? charToIndex(sql, cursor - 1) : undefined);
    }
    const tree = JSON.parse(m.UTF8ToString(m.getValue(result, 'i32'))) as { stmts?: RawStmt[] };
    const at = byteToIndex(sql);
    return (tree.stmts ?? []).map((s) => {
      const start = s.stmt_location ?? 0;
      return { node: s.stmt as Node, from: at(start), to: s.stmt_len ? at(start + s.stmt_len) : sql.length, at };
    });
  } finally {
    if (!broken) m._free(query);
    if (result) m._wasm_free_parse_result(result);
  }
}

/** PostgreSQL counts error positions in characters (code points); JavaScript indexes UTF-16 units. */
function charToIndex(sql: string, chars: number): number {
  let i = 0;
  for (let n = 0; n < chars && i < sql.length; n++) i += (sql.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
  return i;
}

/** The parse tree's locations are UTF-8 byte offsets. */
function byteToIndex(sql: string): (byte: number) => number {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(sql)) return (b) => b;
  const starts: number[] = []; // starts[byte] = index, for each character's first byte
  for (let i = 0; i < sql.length;) {
    const cp = sql.codePointAt(i) ?? 0;
    const bytes = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let k = 0; k < bytes; k++) starts.push(i);
    i += cp > 0xffff ? 2 : 1;
  }
  return (b) => (b >= starts.length ? sql.length : starts[b]);
}
