/**
 * Node IDs and the XOR metric. An ID of `width` bits is stored as `words` big-endian 32-bit
 * words (word 0 holds the most significant bits; an 8- or 16-bit ID sits in the low bits of
 * one word), so a whole network's IDs pack into one Uint32Array of `n * words` entries.
 */
import { utf8 } from '../core/utf8';
import { sha1Words } from './sha1';

/** The ID widths the lab offers: the article's 16, BitTorrent's 160, and others in between. */
export const ID_WIDTHS = [8, 16, 32, 64, 160] as const;
export type IdWidth = (typeof ID_WIDTHS)[number];

/** 32-bit words per ID. */
export const wordsFor = (width: number): number => Math.ceil(width / 32);

/**
 * The ID of a string key or host: SHA-1 of its UTF-8 bytes truncated to its first `width`
 * bits, the article's `sha1("host:port")` cut to the first bytes.
 */
export function hashId(text: string, width: number): Uint32Array {
  const digest = sha1Words(utf8(text));
  if (width >= 32) return digest.slice(0, wordsFor(width));
  return Uint32Array.of(digest[0] >>> (32 - width));
}

/**
 * Bucket index of `b` seen from `a`: the position of the most significant bit where the
 * two IDs differ, counted from 0 at the least significant bit (so the XOR distance lies
 * in [2^i, 2^(i+1))). -1 when the IDs are equal.
 */
export function bucketIndex(ids: Uint32Array, words: number, a: number, b: Uint32Array, bo: number): number {
  const ao = a * words;
  for (let w = 0; w < words; w++) {
    const x = (ids[ao + w] ^ b[bo + w]) >>> 0;
    if (x !== 0) return (words - 1 - w) * 32 + 31 - Math.clz32(x);
  }
  return -1;
}

/** Compare d(a, t) with d(b, t): negative when `a` is closer to `t`, 0 when a = b. */
export function compareDistance(ids: Uint32Array, words: number, a: number, b: number, t: Uint32Array, to: number): number {
  const ao = a * words;
  const bo = b * words;
  for (let w = 0; w < words; w++) {
    const da = (ids[ao + w] ^ t[to + w]) >>> 0;
    const db = (ids[bo + w] ^ t[to + w]) >>> 0;
    if (da !== db) return da < db ? -1 : 1;
  }
  return 0;
}

/** Hex of `width` bits held in `words` words from offset `o`. */
export function toHex(id: ArrayLike<number>, o: number, words: number, width: number): string {
  if (width < 32) return (id[o] >>> 0).toString(16).padStart(width / 4, '0');
  let s = '';
  for (let w = 0; w < words; w++) s += (id[o + w] >>> 0).toString(16).padStart(8, '0');
  return s;
}

/** Parse `width / 4` hex digits (an optional 0x is accepted) into words; null when malformed. */
export function fromHex(hex: string, width: number): Uint32Array | null {
  const digits = hex.startsWith('0x') ? hex.slice(2) : hex;
  if (digits.length !== width / 4 || !/^[0-9a-fA-F]+$/.test(digits)) return null;
  if (width < 32) return Uint32Array.of(parseInt(digits, 16));
  const out = new Uint32Array(wordsFor(width));
  for (let w = 0; w < out.length; w++) out[w] = parseInt(digits.slice(w * 8, w * 8 + 8), 16);
  return out;
}

/** The XOR distance between two IDs, as hex of the same width. */
export function distanceHex(ids: Uint32Array, words: number, width: number, a: number, b: Uint32Array, bo: number): string {
  const x = new Uint32Array(words);
  for (let w = 0; w < words; w++) x[w] = ids[a * words + w] ^ b[bo + w];
  return toHex(x, 0, words, width);
}

/** An ID as a bigint (tests and the metric's properties; the hot paths never use bigints). */
export function toBigInt(id: ArrayLike<number>, o: number, words: number): bigint {
  let v = 0n;
  for (let w = 0; w < words; w++) v = (v << 32n) | BigInt(id[o + w] >>> 0);
  return v;
}
