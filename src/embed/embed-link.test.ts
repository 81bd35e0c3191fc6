import { describe, expect, it } from 'vitest';
import { encodeHash } from '../share/codec';
import { presetById } from '../scenarios';
import { EMBED_SANDBOX, embedSnippet, embedUrl, parseEmbedHash } from './embed-link';

const preset = presetById('recipe-crash-after-commit')!.scenario;
const total = preset.steps.length;

describe('When a player link is read', () => {
  it('a preset with a range gives that scenario and range', () => {
    expect(parseEmbedHash('#preset=recipe-crash-after-commit&from=2&to=5')).toEqual({ scenario: preset, from: 2, to: 5 });
  });

  it('a missing range is the whole scenario', () => {
    expect(parseEmbedHash('#preset=recipe-crash-after-commit')).toMatchObject({ from: 0, to: total });
    expect(parseEmbedHash('#preset=recipe-crash-after-commit&from=3')).toMatchObject({ from: 3, to: total });
  });

  it('an edited scenario travels whole in #s=, with its range', () => {
    const edited = { ...preset, title: 'My own crash' };
    const hash = `${encodeHash(edited, 0)}&from=1&to=2`;
    expect(hash.startsWith('#s=')).toBe(true);
    expect(parseEmbedHash(hash)).toMatchObject({ scenario: { title: 'My own crash' }, from: 1, to: 2 });
  });

  it.each([
    ['', 'names no scenario'],
    ['#from=1&to=2', 'names neither a preset nor a scenario'],
    ['#preset=no-such-thing&from=0&to=1', 'There is no preset "no-such-thing"'],
    ['#s=1.garbage!!&to=2', 'truncated or corrupted'],
    ['#preset=recipe-crash-after-commit&from=4&to=2', 'backwards: from (4) is after to (2)'],
    ['#preset=recipe-crash-after-commit&from=0&to=99', `has steps 0 to ${total}`],
    ['#preset=recipe-crash-after-commit&from=99', `has steps 0 to ${total}`],
    ['#preset=recipe-crash-after-commit&from=-1', 'Invalid field from: "-1" is not a step number'],
    ['#preset=recipe-crash-after-commit&to=2.5', 'Invalid field to: "2.5" is not a step number'],
  ])('a bad link (%j) says what is wrong', (hash, words) => {
    expect(() => parseEmbedHash(hash)).toThrow(words);
  });
});

describe('When the snippet is written', () => {
  it('the player sits next to the app page, on any sub-path, and the link round-trips', () => {
    const src = embedUrl('https://example.org/some/path/#preset=recipe-crash-after-commit&step=3', preset, 1, 4);
    expect(src).toBe('https://example.org/some/path/embed.html#preset=recipe-crash-after-commit&from=1&to=4');
    expect(parseEmbedHash(new URL(src).hash)).toMatchObject({ from: 1, to: 4 });
    expect(embedUrl('https://example.org/app/index.html', preset, 0, 2)).toMatch(/^https:\/\/example\.org\/app\/embed\.html#/);
  });

  it('the iframe is sandboxed and its attributes are escaped', () => {
    const html = embedSnippet('https://h/embed.html#preset=a&from=0&to=1', 'Say "hi" <b>&</b>');
    expect(html).toContain(`sandbox="${EMBED_SANDBOX}"`);
    expect(html).toContain('src="https://h/embed.html#preset=a&amp;from=0&amp;to=1"');
    expect(html).toContain('title="WALkthrough: Say &quot;hi&quot; &lt;b&gt;&amp;&lt;/b&gt;"');
    expect(html).toContain('width="800" height="500"');
    // One iframe and nothing smuggled beside it: the only '<' are its own two tags.
    expect(html.match(/</g)).toHaveLength(2);
  });
});
