/** How the Kademlia panels write IDs and XOR distances: hex as the systems print them, and bits. */

/** Leading zero bits of a hex number `bits` wide: the length of the prefix the two IDs share. */
export function leadingZeros(hex: string, bits: number): number {
  const pad = hex.length * 4 - bits;
  for (let i = 0; i < hex.length; i++) {
    const d = parseInt(hex[i], 16);
    if (d !== 0) return i * 4 + Math.clz32(d) - 28 - pad;
  }
  return bits;
}

/** The first `n` bits of a hex number, most significant first. */
export function hexBits(hex: string, n: number): string {
  let out = '';
  for (let i = 0; i < hex.length && out.length < n; i++) out += parseInt(hex[i], 16).toString(2).padStart(4, '0');
  return out.slice(0, n);
}

/** Where an ID sits in the ID space, as a fraction in [0, 1) (from its top 52 bits). */
export function idFraction(hex: string): number {
  const top = hex.slice(0, 13).padEnd(13, '0');
  return parseInt(top, 16) / 16 ** 13;
}

/**
 * An XOR distance on a logarithmic "bits shared" scale, bits - log2(d): a node sharing p
 * leading bits with the target lands in (p, p + 1], distance 0 at `bits`. Within a bucket the
 * fraction orders distances, so hops that stay in the same bucket still move.
 */
export function closeness(hex: string, bits: number): number {
  const lz = leadingZeros(hex, bits);
  if (lz >= bits) return bits;
  // log2(d) = bits - 1 - lz + log2(mantissa in [1, 2)).
  const start = lz + (hex.length * 4 - bits);
  const chunk = hexBits(hex, Math.min(hex.length * 4, start + 30)).slice(start);
  const mantissa = parseInt(chunk.padEnd(30, '0'), 2) / 2 ** 29;
  return lz + 1 - Math.log2(mantissa);
}

/** A short hex ID for labels: the whole ID up to 8 digits, else the first 8 and an ellipsis. */
export const shortHex = (hex: string, digits = 8): string => (hex.length <= digits ? hex : `${hex.slice(0, digits)}…`);

/** Bits shown for a distance: enough to see the shared prefix and the first differing bits, in nibbles. */
export function shownBits(hex: string, bits: number): number {
  const lz = leadingZeros(hex, bits);
  // Distance 0 is all zeros: 16 of them say it.
  if (lz >= bits) return Math.min(bits, 16);
  return Math.min(bits, Math.max(16, Math.ceil((lz + 5) / 4) * 4));
}

/** Group a bit string in nibbles: "0000 0011 1010". */
export const nibbles = (b: string): string => b.replace(/(.{4})(?=.)/g, '$1 ');

/** A node as the panels name it: its name ("B") or its index ("#612"). */
export const nodeName = (n: { readonly name: string | null; readonly index: number }): string => n.name ?? `#${n.index}`;
