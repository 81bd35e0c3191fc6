/**
 * PostgreSQL's tuple layout (htup_details.h, heaptuple.c, indextuple.c), byte for byte where
 * the WAL needs it: a heap tuple's data area as heap_fill_tuple writes it, so a record's size
 * and an UPDATE's prefix/suffix compression come out as PostgreSQL's. Plain functions over the
 * lab's row values; no DOM, no I/O.
 *
 * A table's column types come from its first row's values, the way the differential suite declares
 * the tables (`columnsOf`): text for strings (and NULL), int4 for whole numbers in int4's range (int8
 * beyond it), float8 for other numbers, bool for booleans. A column the table has not declared is
 * typed from its value. NULL takes no data bytes, only a bit in the null bitmap.
 */

export type Value = string | number | boolean | null;
export type ColumnType = 'text' | 'int4' | 'int8' | 'float8' | 'bool';

/** SizeofHeapTupleHeader: the fixed header before the null bitmap. */
export const HEAP_HEADER = 23;
/** sizeof(IndexTupleData): t_tid and t_info. */
const INDEX_HEADER = 8;
/** VARATT_SHORT_MAX: the longest varlena (header included) with a 1-byte header. */
const SHORT_MAX = 127;

const maxAlign8 = (n: number): number => (n + 7) & ~7;
const alignTo = (n: number, a: number): number => Math.ceil(n / a) * a;

/** The SQL type of a column holding this (non-null) value. */
function columnType(v: string | number | boolean): ColumnType {
  if (typeof v === 'string') return 'text';
  if (typeof v === 'boolean') return 'bool';
  if (Number.isInteger(v)) return v >= -2147483648 && v <= 2147483647 ? 'int4' : 'int8';
  return 'float8';
}

/** UTF-8 bytes of a string (the engine has no TextEncoder in its types), appended to `out`. */
export function utf8(s: string, out: number[] = []): number[] {
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) c = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(++i) - 0xdc00);
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

/** A two's-complement little-endian integer of 4 or 8 bytes (safe integers; no BigInt on the hot path). */
function pushInt(out: number[], v: number, bytes: number): void {
  const x = Math.trunc(v);
  let lo = x >>> 0;
  let hi = Math.floor(x / 2 ** 32) >>> 0;
  for (let i = 0; i < 4; i++, lo >>>= 8) out.push(lo & 0xff);
  if (bytes === 8) for (let i = 0; i < 4; i++, hi >>>= 8) out.push(hi & 0xff);
}

/** UTF-8 byte length of a string, without encoding it. */
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function pushFloat8(out: number[], v: number): void {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v, true);
  for (let i = 0; i < 8; i++) out.push(view.getUint8(i));
}

/** Zero padding up to the next multiple of `a` (heap_form_tuple's buffer is zeroed). */
function pad(out: number[], a: number): void {
  while (out.length % a !== 0) out.push(0);
}

/** A table's column: its name and SQL type. */
export interface Column {
  readonly name: string;
  readonly type: ColumnType;
}

/** The columns a table's first row declares (after the text primary key). */
export function columnsOf(first: Readonly<Record<string, Value>>): Column[] {
  return Object.entries(first).map(([name, v]) => ({ name, type: v === null ? 'text' : columnType(v) }));
}

/** A row laid out in its table's column order: the values, and each one's column type. */
export interface Layout {
  readonly values: readonly Value[];
  readonly types: readonly ColumnType[];
}

/** One attribute as heap_fill_tuple stores it, appended at the current offset. */
function fillAttribute(out: number[], v: string | number | boolean, type: ColumnType): void {
  // A value of another kind than its column (the lab is schemaless) is laid out as its own kind.
  const kind = type === 'text' ? 'string' : type === 'bool' ? 'boolean' : 'number';
  switch (typeof v === kind ? type : columnType(v)) {
    case 'text': {
      const n = utf8Length(v as string);
      if (n + 1 <= SHORT_MAX) {
        // A 1-byte varlena header, never aligned: (total length << 1) | 1.
        out.push(((n + 1) << 1) | 1);
      } else {
        // A 4-byte header, aligned like the type (typalign 'i'): total length << 2, little-endian.
        pad(out, 4);
        pushInt(out, (n + 4) * 4, 4);
      }
      utf8(v as string, out);
      return;
    }
    case 'int4':
      pad(out, 4);
      return pushInt(out, v as number, 4);
    case 'int8':
      pad(out, 8);
      return pushInt(out, v as number, 8);
    case 'float8':
      pad(out, 8);
      return pushFloat8(out, v as number);
    case 'bool':
      out.push(v ? 1 : 0);
  }
}

/**
 * A row in its table's column order: the primary key (text) first, then each declared column (NULL
 * where the row has none), then any column the table has not declared, typed from its value.
 */
export function rowLayout(key: string, data: Readonly<Record<string, Value>>, columns: readonly Column[] = []): Layout {
  const values: Value[] = [key];
  const types: ColumnType[] = ['text'];
  for (const c of columns) {
    values.push(Object.hasOwn(data, c.name) ? data[c.name] : null);
    types.push(c.type);
  }
  for (const k in data) {
    if (columns.some((c) => c.name === k)) continue;
    const v = data[k];
    values.push(v);
    types.push(v === null ? 'text' : columnType(v));
  }
  return { values, types };
}

/** The tuple's data area (after t_hoff), byte for byte, into `out` (emptied first) or a new array. */
export function tupleData(row: Layout, out: number[] = []): number[] {
  out.length = 0;
  row.values.forEach((v, i) => {
    if (v !== null) fillAttribute(out, v, row.types[i]);
  });
  return out;
}

/** t_hoff: the header, plus the null bitmap when a column is NULL, MAXALIGNed. */
export function tupleHoff(row: Layout): number {
  const bitmap = row.values.some((v) => v === null) ? Math.ceil(row.values.length / 8) : 0;
  return maxAlign8(HEAP_HEADER + bitmap);
}

/** The length of the tuple's data area: tupleData(row).length, computed without building the bytes. */
export function tupleDataLength(row: Layout): number {
  let off = 0;
  row.values.forEach((v, i) => {
    if (v === null) return;
    const type = row.types[i];
    const kind = type === 'text' ? 'string' : type === 'bool' ? 'boolean' : 'number';
    switch (typeof v === kind ? type : columnType(v)) {
      case 'text': {
        const n = utf8Length(v as string);
        off = n + 1 <= SHORT_MAX ? off + 1 + n : alignTo(off, 4) + 4 + n;
        return;
      }
      case 'int4':
        off = alignTo(off, 4) + 4;
        return;
      case 'int8':
      case 'float8':
        off = alignTo(off, 8) + 8;
        return;
      case 'bool':
        off += 1;
    }
  });
  return off;
}

/** t_len of a heap tuple: header (with bitmap and padding) plus data. */
export const heapTupleLen = (row: Layout): number => tupleHoff(row) + tupleDataLength(row);

/** The size of a btree index tuple on a text key (IndexTupleSize, MAXALIGNed by index_form_tuple). */
export function indexTupleSize(key: string): number {
  const n = utf8Length(key);
  // index_form_tuple uses the attribute's own alignment: short varlenas are not aligned.
  const data = n + 1 <= SHORT_MAX ? 1 + n : alignTo(INDEX_HEADER, 4) - INDEX_HEADER + 4 + n;
  return maxAlign8(INDEX_HEADER + data);
}

/**
 * log_heap_update's prefix and suffix compression: bytes the new tuple's data shares with the
 * old one at its start and at its end, each kept only when it saves at least 3 bytes.
 */
export function commonPrefixSuffix(oldData: readonly number[], newData: readonly number[]): { prefix: number; suffix: number } {
  const min = Math.min(oldData.length, newData.length);
  let prefix = 0;
  while (prefix < min && oldData[prefix] === newData[prefix]) prefix++;
  if (prefix < 3) prefix = 0;
  let suffix = 0;
  while (suffix < min - prefix && oldData[oldData.length - suffix - 1] === newData[newData.length - suffix - 1]) suffix++;
  if (suffix < 3) suffix = 0;
  return { prefix, suffix };
}
