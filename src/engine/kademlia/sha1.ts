import { utf8 } from '../core/utf8';

/**
 * SHA-1 (FIPS 180-4) in plain TypeScript, so the engine can derive node IDs the way the
 * Hands-On P2P article does (SHA-1 of "host:port") without node:crypto or WebCrypto,
 * which are I/O-flavoured and asynchronous in the browser. Inputs here are short strings.
 */

const rotl = (x: number, n: number) => (x << n) | (x >>> (32 - n));

/** The 160-bit digest as five big-endian 32-bit words. */
export function sha1Words(message: Uint8Array): Uint32Array {
  const bitLength = message.length * 8;
  // Message, the 0x80 marker, zero padding, and the 64-bit length: a multiple of 64 bytes.
  const padded = new Uint8Array((((message.length + 8) >> 6) + 1) * 64);
  padded.set(message);
  padded[message.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 2 ** 32));
  view.setUint32(padded.length - 4, bitLength >>> 0);

  const h = Uint32Array.of(0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0);
  const w = new Uint32Array(80);
  for (let block = 0; block < padded.length; block += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(block + i * 4);
    for (let i = 16; i < 80; i++) w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    let [a, b, c, d, e] = h;
    for (let i = 0; i < 80; i++) {
      let f: number;
      let k: number;
      if (i < 20) [f, k] = [(b & c) | (~b & d), 0x5a827999];
      else if (i < 40) [f, k] = [b ^ c ^ d, 0x6ed9eba1];
      else if (i < 60) [f, k] = [(b & c) | (b & d) | (c & d), 0x8f1bbcdc];
      else [f, k] = [b ^ c ^ d, 0xca62c1d6];
      const t = (rotl(a, 5) + f + e + k + w[i]) >>> 0;
      e = d;
      d = c;
      c = rotl(b, 30) >>> 0;
      b = a;
      a = t;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
  }
  return h;
}

/** SHA-1 of a string's UTF-8 bytes, as 40 lowercase hex digits. */
export function sha1Hex(text: string): string {
  return Array.from(sha1Words(utf8(text)), (x) => x.toString(16).padStart(8, '0')).join('');
}
