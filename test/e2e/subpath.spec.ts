import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { expect, test } from '@playwright/test';
import { expectStep } from './helpers';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json',
  '.json': 'application/json',
};

/** The build under test: the one the preview serves (E2E_DIST, as in playwright.config.ts). */
const DIST = process.env.E2E_DIST ?? 'dist';

// Serve the build under /some/deep/path/ (as GitHub Pages serves a project site) straight from the files.
test.use({ serviceWorkers: 'block' });

test.describe('When the built app is hosted under a sub-path', () => {
  test('the gallery, a lab and its worker all load from there', async ({ page }) => {
    const prefix = '/some/deep/path/';
    await page.route(`**${prefix}**`, async (route) => {
      const url = new URL(route.request().url());
      const rel = normalize(url.pathname.slice(prefix.length) || 'index.html');
      if (rel.startsWith('..')) return route.fulfill({ status: 403 });
      try {
        const body = await readFile(join(DIST, rel));
        await route.fulfill({ body, contentType: TYPES[extname(rel)] ?? 'application/octet-stream' });
      } catch {
        await route.fulfill({ status: 404, body: 'not found' });
      }
    });
    const failed: string[] = [];
    page.on('response', (r) => r.status() >= 400 && failed.push(r.url()));
    await page.goto(`${prefix}#preset=recipe-crash-after-commit&step=7`);
    await expectStep(page, 7);
    await expect(page.locator('.outcome-ok')).toBeVisible();
    expect(failed).toEqual([]);
  });
});
