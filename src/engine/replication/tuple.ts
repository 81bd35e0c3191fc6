import { utf8 } from '../core/utf8';
import type { Value } from './types';
import { commonPrefixSuffix } from '../wal/tuple';

/**
 * The bytes a row of the lab's table (key text PRIMARY KEY, value) takes in a heap tuple's data
 * area, and the sizes of the WAL records that carry it, as PostgreSQL 15 writes them. Checked
 * against a real server (integer values): UPDATE 72 bytes, COMMIT 40, DELETE 56, INSERT 72 + the
 * primary key's btree leaf insert 64.
 */

/** UTF-8 bytes; ASCII (keys and numbers, nearly always) is its own encoding, without an encoder's intermediate arrays. */
function bytesOf(s: string): ArrayLike<number> & Iterable<number> {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return utf8(s);
  const b = new Array<number>(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return b;
}

/** A short varlena (1-byte header, as heap_fill_tuple stores text under 127 bytes) or a 4-byte one. */
function varlena(s: string): number[] {
  const b = bytesOf(s);
  if (b.length + 1 <= 127) return [((b.length + 1) << 1) | 1, ...b];
  const n = (b.length + 4) << 2;
  return [n & 255, (n >> 8) & 255, (n >> 16) & 255, (n >>> 24) & 255, ...b];
}

const pad = (bytes: number[], align: number) => {
  while (bytes.length % align !== 0) bytes.push(0);
};

/** An integer the table stores as int4 (others as float8). */
const isInt4 = (v: Value): v is number => typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < 2 ** 31;

/** The data area of the tuple (key, value): what follows t_hoff, alignment padding included. */
function tupleData(key: string, value: Value): number[] {
  const bytes = varlena(key);
  if (isInt4(value)) {
    pad(bytes, 4);
    const v = value | 0;
    bytes.push(v & 255, (v >> 8) & 255, (v >> 16) & 255, (v >>> 24) & 255);
  } else if (typeof value === 'number') {
    pad(bytes, 8);
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, value, true);
    for (let i = 0; i < 8; i++) bytes.push(view.getUint8(i));
  } else if (typeof value === 'boolean') bytes.push(value ? 1 : 0);
  else if (typeof value === 'string') {
    const v = varlena(value);
    if (v.length > 4 && (v[0] & 1) === 0) pad(bytes, 4);
    bytes.push(...v);
  }
  return bytes;
}

/** The key's short varlena padded to the int4 after it, when the key is ASCII and short (else -1): the common row, sized without its bytes. */
function shortKeyPart(key: string): number {
  if (key.length + 1 > 127) return -1;
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) >= 0x80) return -1;
  return (key.length + 1 + 3) & ~3;
}

/** Bytes of heap tuple data an INSERT record logs: the whole data area. */
export function insertData(key: string, value: Value): number {
  const head = isInt4(value) ? shortKeyPart(key) : -1;
  return head >= 0 ? head + 4 : tupleData(key, value).length;
}

/** Byte `i` of an int4, little-endian. */
const byte = (v: number, i: number): number => (v >> (8 * i)) & 255;

/**
 * log_heap_update's data for an int4 value replacing another after the same short ASCII key,
 * without building the tuples: the key part is always a common prefix; the four little-endian
 * value bytes extend it from the low end and give the suffix from the high end.
 */
function int4UpdateData(head: number, before: number, after: number): number {
  const end = head + 4;
  let prefix = head;
  while (prefix < end && byte(before, prefix - head) === byte(after, prefix - head)) prefix++;
  let suffix = 0;
  while (suffix < end - prefix && byte(before, 3 - suffix) === byte(after, 3 - suffix)) suffix++;
  if (suffix < 3) suffix = 0;
  return end - prefix - suffix + 2 + (suffix ? 2 : 0);
}

/**
 * Bytes of tuple data an UPDATE on the same page logs (log_heap_update): a common prefix and
 * suffix of at least 3 bytes with the old version are left out, each replaced by its uint16 length.
 */
export function updateData(key: string, before: Value, after: Value): number {
  if (isInt4(before) && isInt4(after)) {
    const head = shortKeyPart(key);
    if (head >= 0) return int4UpdateData(head, before | 0, after | 0);
  }
  const n = tupleData(key, after);
  const { prefix, suffix } = commonPrefixSuffix(tupleData(key, before), n);
  return n.length - prefix - suffix + (prefix ? 2 : 0) + (suffix ? 2 : 0);
}

/** xl_tot_len of the primary key's btree leaf insert: header, block ref, xl_btree_insert, the IndexTuple. */
export function btreeInsertSize(key: string): number {
  const indexTuple = Math.ceil((8 + varlena(key).length) / 8) * 8;
  return 24 + 20 + 2 + 2 + indexTuple;
}
