import { expect, type Page, test } from '@playwright/test';
import { PRESETS_BY_LAB } from '../../src/scenarios';
import { expectStep, watchErrors } from './helpers';

/*
 * The built page carries its Content-Security-Policy as a meta tag (vite.config.ts). Every
 * violation the browser reports, in the page or as a console message, fails the test; the page
 * must still do what it does without the policy, offline included.
 */

/** Collect securitypolicyviolation events from the first script on; read them with `violations`. */
async function watchViolations(page: Page): Promise<string[]> {
  const messages: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) messages.push(`console: ${m.text()}`);
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'}`));
  });
  return messages;
}

const violations = async (page: Page, console: readonly string[]): Promise<string[]> => [
  ...(await page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [])),
  ...console,
];

const firstPresets = Object.entries(PRESETS_BY_LAB).map(([lab, presets]) => [lab, presets[0]] as const);

test.describe('When the built page runs under its Content-Security-Policy', () => {
  test('the policy is in the page and enforced: an inline script is refused and reported', async ({ page }) => {
    const console = await watchViolations(page);
    await page.goto('./');
    await expect(page.locator('button.card').first()).toBeVisible();
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("object-src 'none'");
    expect(await violations(page, console)).toEqual([]);
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__ran = true';
      document.head.append(s);
    });
    await expect.poll(async () => (await violations(page, console)).length).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as unknown as { __ran?: boolean }).__ran)).toBeUndefined();
  });

  for (const [lab, preset] of firstPresets) {
    test(`${lab}: ${preset.title} plays to its end with no violation`, async ({ page }) => {
      const console = await watchViolations(page);
      const errors = watchErrors(page);
      await page.goto(`./#preset=${preset.preset ?? ''}`);
      // A lab's panels load as their own chunk: give a busy machine time.
      await expect(page.getByRole('heading', { level: 1, name: preset.title })).toBeVisible({ timeout: 20_000 });
      await page.getByRole('button', { name: 'Jump to end' }).click();
      await expectStep(page, preset.steps.length);
      expect(await violations(page, console)).toEqual([]);
      expect(errors).toEqual([]);
    });
  }

  test('the SQL editor, the interleaving explorer and both exports run with no violation', async ({ page }) => {
    const console = await watchViolations(page);
    await page.goto('./#preset=txn-lost-update-rc');
    await page.getByRole('button', { name: 'Edit scenario' }).click();
    const editor = page.locator('.cm-content').first();
    await expect(editor).toBeVisible();
    await editor.click();
    await page.keyboard.type(' ');
    const spec = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export .spec' }).click();
    expect((await spec).suggestedFilename()).toMatch(/\.spec$/);
    await page.goto('./#preset=txn-write-skew');
    await page.getByRole('button', { name: 'Explore all interleavings' }).click();
    await expect(page.getByRole('button', { name: /at Serializable/ }).first()).toBeVisible({ timeout: 20_000 });
    await page.goto('./#preset=two-cooks-one-crash&step=8');
    await expectStep(page, 8);
    const file = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export' }).click();
    expect((await file).suggestedFilename()).toMatch(/\.walkthrough\.json$/);
    expect(await violations(page, console)).toEqual([]);
  });

  test('offline after the first visit, the page loads and runs a preset with no violation', async ({ page, context }) => {
    const console = await watchViolations(page);
    await page.goto('./');
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    await expect(page.locator('button.card').first()).toBeVisible();
    await context.setOffline(true);
    await page.goto('./#preset=recipe-crash-after-commit&step=7');
    await expectStep(page, 7);
    await expect(page.locator('.outcome-ok')).toBeVisible();
    expect(await violations(page, console)).toEqual([]);
    await context.setOffline(false);
  });
});
