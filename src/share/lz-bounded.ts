/**
 * lz-string's `decompressFromEncodedURIComponent` (1.5, WTFPL), read from
 * node_modules/lz-string/libs/lz-string.js and rewritten with a limit: decoding stops as soon as
 * the output passes `maxChars`. A link of a few kilobytes can expand to hundreds of megabytes (a
 * decompression bomb); the library builds all of it before the caller can look at its length.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';
const VALUE = new Map([...ALPHABET].map((c, i) => [c, i]));

/** The decoded text, `null` when the payload is corrupted, or `'too-large'` once it passes `maxChars`. */
export function decompressBounded(payload: string, maxChars: number): string | null | 'too-large' {
  if (payload === '') return null;
  const input = payload.replace(/ /g, '+');
  // An unknown character reads as 0, as in the library.
  const valueAt = (i: number) => VALUE.get(input.charAt(i)) ?? 0;
  let val = valueAt(0);
  let position = 32;
  let index = 1;
  const read = (n: number): number => {
    let bits = 0;
    for (let power = 1; power !== 1 << n; power <<= 1) {
      const b = val & position;
      position >>= 1;
      if (position === 0) {
        position = 32;
        val = valueAt(index++);
      }
      if (b > 0) bits |= power;
    }
    return bits;
  };

  const dictionary: string[] = ['', '', ''];
  let enlargeIn = 4;
  let numBits = 3;
  const first = read(2);
  if (first === 2) return '';
  if (first !== 0 && first !== 1) return null;
  let w = String.fromCharCode(read(first === 0 ? 8 : 16));
  dictionary[3] = w;
  const result = [w];
  let size = w.length;
  for (;;) {
    if (index > input.length) return '';
    let c = read(numBits);
    if (c === 2) return result.join('');
    if (c === 0 || c === 1) {
      dictionary.push(String.fromCharCode(read(c === 0 ? 8 : 16)));
      c = dictionary.length - 1;
      if (--enlargeIn === 0) enlargeIn = 2 ** numBits++;
    }
    let entry: string;
    if (c < dictionary.length && c > 2) entry = dictionary[c];
    else if (c === dictionary.length) entry = w + w.charAt(0);
    else return null;
    result.push(entry);
    size += entry.length;
    if (size > maxChars) return 'too-large';
    dictionary.push(w + entry.charAt(0));
    if (--enlargeIn === 0) enlargeIn = 2 ** numBits++;
    w = entry;
  }
}
