/**
 * Lighthouse 12 performance and accessibility of the preview build, desktop
 * preset (formFactor desktop, desktop screen emulation, simulated throttling with
 * Lighthouse's desktop profile: the same settings as `lighthouse --preset=desktop`).
 */
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { desktopConfig } from 'lighthouse';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './browser';
import { round } from './stats';
import type { Bench, Figure } from './types';

const METRICS = [
  ['first-contentful-paint', 'FCP'],
  ['largest-contentful-paint', 'LCP'],
  ['total-blocking-time', 'TBT'],
  ['speed-index', 'Speed Index'],
] as const;

const lighthouseBench: Bench = {
  title: 'Lighthouse 12 performance + accessibility (desktop preset, simulated throttling)',
  async run(ctx) {
    const url = await ctx.previewUrl();
    const chrome = await chromeLauncher.launch({
      chromePath: CHROMIUM_PATH,
      chromeFlags: [...CHROMIUM_FLAGS],
      logLevel: 'silent',
      handleSIGINT: false,
    });
    try {
      const result = await lighthouse(
        url,
        { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'] },
        desktopConfig,
      );
      if (!result) throw new Error('Lighthouse returned no result');
      const { lhr } = result;
      if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      const score = (id: string) => Math.round((lhr.categories[id]?.score ?? Number.NaN) * 100);
      const failing = (id: string) =>
        (lhr.categories[id]?.auditRefs ?? []).filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]?.score ?? 1) < 1).map((ref) => ref.id);
      const how = `${lhr.configSettings.formFactor}, throttling ${lhr.configSettings.throttlingMethod}`;
      const perfMisses = failing('performance');
      const a11yMisses = failing('accessibility');
      const figures: Figure[] = [
        {
          name: 'performance',
          value: score('performance'),
          unit: 'score',
          target: { op: '>=', value: 95 },
          note: `${how}${perfMisses.length ? `; below 1: ${perfMisses.join(', ')}` : ''}`,
        },
        {
          name: 'accessibility',
          value: score('accessibility'),
          unit: 'score',
          target: { op: '>=', value: 95 },
          note: a11yMisses.length ? `failing: ${a11yMisses.join(', ')}` : 'no failing audits',
        },
      ];
      for (const [id, label] of METRICS) {
        const audit = lhr.audits[id];
        if (audit?.numericValue !== undefined)
          figures.push({
            name: label,
            value: round(audit.numericValue, 0),
            unit: 'ms',
            note: `${lhr.configSettings.throttlingMethod} (score ${audit.score})`,
          });
      }
      const cls = lhr.audits['cumulative-layout-shift'];
      if (cls?.numericValue !== undefined) figures.push({ name: 'CLS', value: round(cls.numericValue, 3), unit: '' });
      return figures;
    } finally {
      chrome.kill();
    }
  },
};

export default lighthouseBench;
