import { expect, test } from '@playwright/test';
import { expectStep, seriousViolations } from './helpers';

test.describe('When checked for accessibility', () => {
  for (const scheme of ['light', 'dark'] as const) {
    test(`the gallery and a lab have no serious or critical axe violations (${scheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto('./');
      await expect(page.locator('button.card').first()).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      await page.goto('./#preset=two-cooks-one-crash&step=8');
      await expectStep(page, 8);
      await page.getByRole('button', { name: 'Copy link' }).click();
      await page
        .getByRole('button', { name: 'Fork from here' })
        .or(page.getByRole('button', { name: 'Add a step' }))
        .click();
      expect(await seriousViolations(page)).toEqual([]);
    });
  }
});

test.describe('When the system asks for a dark theme or less motion', () => {
  test('the page follows the dark colour scheme', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto('./');
    const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    const [r, g, b] = bg.match(/\d+/g)?.map(Number) ?? [255, 255, 255];
    expect(r + g + b).toBeLessThan(150);
  });

  test('with reduced motion, new log records appear without animation', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto('./#preset=recipe-all-or-none&step=2');
    await expectStep(page, 2);
    const animation = await page
      .locator('.record')
      .last()
      .evaluate((el) => getComputedStyle(el).animationName);
    expect(animation).toBe('none');
  });

  test('with motion allowed, new log records slide in', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    await page.goto('./#preset=recipe-all-or-none&step=2');
    await expectStep(page, 2);
    const animation = await page
      .locator('.record')
      .last()
      .evaluate((el) => getComputedStyle(el).animationName);
    expect(animation).toBe('record-in');
  });
});

test.describe('When the network goes away after the first visit', () => {
  test('the app still loads and runs a preset offline', async ({ page, context }) => {
    await page.goto('./');
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    // The service worker takes control after activation; reload once so it serves this page.
    await page.reload();
    await expect(page.locator('button.card').first()).toBeVisible();
    await context.setOffline(true);
    await page.goto('./#preset=recipe-crash-after-commit&step=7');
    await expectStep(page, 7);
    await expect(page.locator('.outcome-ok')).toBeVisible();
    await context.setOffline(false);
  });
});
