import { clip, type Scenario, ScenarioError } from '../engine/scenario/schema';
import { decodeHash, encodeHash } from '../share/codec';

/** What an embed link points at: a scenario and the steps the player may show, `from..to` inclusive. */
export interface EmbedTarget {
  readonly scenario: Scenario;
  readonly from: number;
  readonly to: number;
}

/** The player's own page, next to the app's index.html (relative, so any sub-path works). */
const EMBED_PAGE = 'embed.html';

/** The iframe's size the snippet suggests, in CSS pixels (the player fits narrower frames too). */
const EMBED_SIZE = { width: 800, height: 500 } as const;

/**
 * The sandbox the snippet gives the iframe. `allow-scripts`: the player is a script.
 * `allow-same-origin`: the player keeps its own origin (never the host's, which it is not), which it
 * needs to start its engine worker (a module worker must come from the page's origin; a sandbox
 * without it gives the page an opaque origin, and the worker and the service worker fail to start).
 * `allow-popups` and `allow-popups-to-escape-sandbox`: "Open in WALkthrough" opens the full app in a
 * new tab, unsandboxed. Not granted: top navigation, forms, modals, downloads.
 */
export const EMBED_SANDBOX = 'allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox';

/** The step range part of a player's hash; a numeric field is 1 to 7 digits (as `step` in app links). */
const readStep = (params: Map<string, string>, key: 'from' | 'to'): number | null => {
  const text = params.get(key);
  if (text === undefined) return null;
  if (!/^\d{1,7}$/.test(text)) throw new ScenarioError('invalid', `Invalid field ${key}: "${clip(text, 20)}" is not a step number.`);
  return Number(text);
};

/** `a=1&b=2` into a map; from/to are plain digits, so no decoding is needed to check them. */
const rangeParams = (raw: string): Map<string, string> =>
  new Map(
    raw
      .split('&')
      .filter((part) => part.startsWith('from=') || part.startsWith('to='))
      .map((part) => [part.slice(0, part.indexOf('=')), part.slice(part.indexOf('=') + 1)] as [string, string]),
  );

/**
 * Read a player's hash: `#preset=<id>&from=<a>&to=<b>` or `#s=<v>.<payload>&from=<a>&to=<b>`.
 * `from` defaults to 0 and `to` to the scenario's last step. Throws a ScenarioError whose message
 * says what is wrong: no scenario, a broken link, an unknown preset, a range that is not one.
 */
export function parseEmbedHash(hash: string): EmbedTarget {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  const target = decodeHash(raw);
  if (!target) throw new ScenarioError('invalid', 'This player’s link names no scenario: it needs #preset=<id> or #s=<scenario>.');
  const { scenario } = target;
  const total = scenario.steps.length;
  const params = rangeParams(raw);
  const from = readStep(params, 'from') ?? 0;
  const to = readStep(params, 'to') ?? total;
  if (from > total || to > total)
    throw new ScenarioError(
      'invalid',
      `The step range ${from}–${to} goes past the end: “${clip(scenario.title, 60)}” has steps 0 to ${total}.`,
    );
  if (from > to) throw new ScenarioError('invalid', `The step range is backwards: from (${from}) is after to (${to}).`);
  return { scenario, from, to };
}

/** The player's hash for a scenario and a step range (a plain preset link when nothing differs from the preset). */
function embedHash(scenario: Scenario, from: number, to: number): string {
  return `${encodeHash(scenario, 0)}&from=${from}&to=${to}`;
}

/** The player's address for a scenario and range, next to the app page at `appHref`. */
export function embedUrl(appHref: string, scenario: Scenario, from: number, to: number): string {
  return new URL(EMBED_PAGE, appHref.split('#')[0]).href + embedHash(scenario, from, to);
}

const escapeAttr = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The HTML a host page pastes: the iframe with its title, size and sandbox. */
export function embedSnippet(src: string, title: string): string {
  const attrs = [
    `src="${escapeAttr(src)}"`,
    `title="${escapeAttr(`WALkthrough: ${title}`)}"`,
    `width="${EMBED_SIZE.width}"`,
    `height="${EMBED_SIZE.height}"`,
    `sandbox="${EMBED_SANDBOX}"`,
    'loading="lazy"',
    'referrerpolicy="no-referrer"',
    'style="border: 1px solid #ccc; max-width: 100%"',
  ];
  return `<iframe ${attrs.join(' ')}></iframe>`;
}
