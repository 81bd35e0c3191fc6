/**
 * Navigation to an interactive gallery: a fresh browser context per run opens the
 * preview build; the figure is performance.now() in the page (relative to its
 * navigation start) once the first gallery card button is visible and enabled.
 */
import { launchChromium } from './browser';
import { median, p95, round } from './stats';
import type { Bench } from './types';

const RUNS = 5;
const CARD = 'button.card:not([disabled])';

const galleryTti: Bench = {
  title: 'Navigation start to an interactive gallery card (headless Chromium, preview build)',
  async run(ctx) {
    const url = await ctx.previewUrl();
    const browser = await launchChromium();
    try {
      const measure = async (): Promise<number> => {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        try {
          const page = await context.newPage();
          await page.goto(url, { waitUntil: 'commit' });
          const card = await page.waitForSelector(CARD, { state: 'visible', timeout: 30_000 });
          const at = await page.evaluate(() => performance.now());
          if (!(await card.isEnabled())) throw new Error('the first gallery card is disabled');
          return at;
        } finally {
          await context.close();
        }
      };
      // One unmeasured run first: it starts Chromium's renderer and GPU-less compositor processes.
      await measure();
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) samples.push(await measure());
      ctx.log(`gallery-tti samples (ms): ${samples.map((s) => s.toFixed(1)).join(', ')}`);
      const note = `${RUNS} fresh contexts after 1 warm-up; Playwright waitForSelector then performance.now()`;
      return [
        { name: 'median', value: round(median(samples), 1), unit: 'ms', note },
        { name: 'p95', value: round(p95(samples), 1), unit: 'ms', note: `max ${round(Math.max(...samples), 1)} ms` },
      ];
    } finally {
      await browser.close();
    }
  },
};

export default galleryTti;
