import lz from 'lz-string';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { refusal } from '../../test/support/codec';
import { PRESETS } from '../scenarios';
import { decodeHash, encodeHash, MAX_DECODED_CHARS } from './codec';
import { decompressBounded } from './lz-bounded';

const link = (payload: unknown) => `#s=1.${lz.compressToEncodedURIComponent(JSON.stringify(payload))}`;
const fork = { ...PRESETS[0].scenario, preset: undefined, expect: undefined };

describe('When a link is hostile', () => {
  it('a format version named after an Object.prototype property is an unknown version, not a crash', () => {
    for (const v of ['__proto__', 'constructor', 'toString', 'hasOwnProperty'])
      expect(refusal(`#s=${v}.AAAA`).code, v).toBe('unknown-version');
  });

  it('a decompression bomb is refused as too large without being expanded', () => {
    // 2,437 characters that expand to a scenario of 1,100,000 (lz-string takes seconds to write it, so it is a file).
    const bomb = readFileSync(new URL('./fixtures/bomb-1.1M.txt', import.meta.url), 'utf8').trim();
    expect(lz.decompressFromEncodedURIComponent(bomb).length).toBeGreaterThan(MAX_DECODED_CHARS);
    expect(decompressBounded(bomb, MAX_DECODED_CHARS)).toBe('too-large');
    expect(refusal(`#s=1.${bomb}`).code).toBe('too-large');
  });

  it('the bounded decompressor reads what lz-string writes, for every preset', () => {
    for (const p of PRESETS) {
      const text = JSON.stringify(p.scenario);
      expect(decompressBounded(lz.compressToEncodedURIComponent(text), MAX_DECODED_CHARS)).toBe(text);
    }
  });

  it('a percent-encoded payload (as some mail clients and chats send it) decodes to the same scenario', () => {
    const hash = encodeHash(fork, 2);
    const escaped = hash.replace(/[+$-]/g, (c) => encodeURIComponent(c).replace('-', '%2D'));
    expect(escaped).not.toBe(hash);
    expect(decodeHash(escaped)).toEqual(decodeHash(hash));
  });

  it('echoes at most about 80 characters of any value: messages stay under 300 characters', () => {
    const long = 'x'.repeat(5000);
    const hashes = [
      link({ f: { ...fork, title: long } }),
      link({ f: { ...fork, lab: long } }),
      link({ f: { ...fork, v: long } }),
      link({ p: long, k: 0 }),
      `#preset=${long}`,
      `#s=${long}.AAAA`,
      `#step=${long}&s=1.AAAA`,
    ];
    for (const h of hashes) expect(refusal(h).message.length).toBeLessThanOrEqual(300);
  });
});
