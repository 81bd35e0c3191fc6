import { hexBits, leadingZeros, shownBits } from './format';

/**
 * An XOR distance as the bits the hardware sees, in nibbles, with the prefix the two IDs share
 * (the distance's leading zeros) marked: `0000 0011 1010 0001` has 6 shared bits.
 */
export function Bits({ hex, bits }: { hex: string; bits: number }) {
  const lz = Math.min(leadingZeros(hex, bits), bits);
  const n = shownBits(hex, bits);
  const all = hexBits(hex, n);
  const groups: { shared: string; rest: string }[] = [];
  for (let i = 0; i < all.length; i += 4) {
    const g = all.slice(i, i + 4);
    const cut = Math.max(0, Math.min(4, lz - i));
    groups.push({ shared: g.slice(0, cut), rest: g.slice(cut) });
  }
  return (
    <span className="bits" title={`${lz} leading bit(s) shared`}>
      {groups.map((g, i) => (
        <span key={i} className="nibble">
          {g.shared && <mark className="shared">{g.shared}</mark>}
          {g.rest}
        </span>
      ))}
      {n < bits && <span className="more">…</span>}
    </span>
  );
}
