import { expect, type Page, test } from '@playwright/test';
import { watchErrors } from './helpers';
import { measureLesson, SCREENS } from './lesson-geometry';

/** The timeline is at step `n`; opening a lab on a busy machine may take a while. */
const expectStep = (page: Page, n: number) => expect(page.locator('.timeline-position strong')).toHaveText(String(n), { timeout: 30_000 });

const galleryTitle = (page: Page) => page.getByRole('heading', { level: 1, name: 'Watch databases work, step by step' });

test.describe('When a visitor moves between the gallery and a lab with the browser', () => {
  test('Back returns to the gallery where it was scrolled, Forward to the lab at its step, and ← Gallery acts as Back', async ({
    page,
  }) => {
    const errors = watchErrors(page);
    await page.goto('./');
    const card = page.locator('button.card[data-preset="pool-of-10"]');
    await card.scrollIntoViewIfNeeded();
    const y = await page.evaluate(() => window.scrollY);
    expect(y).toBeGreaterThan(300);
    const before = await page.evaluate(() => history.length);
    await card.click();
    await expect(page.getByRole('heading', { level: 1, name: 'A pool of 10' })).toBeVisible({ timeout: 30_000 });
    // One entry for the lab; steps replace it.
    expect(await page.evaluate(() => history.length)).toBe(before + 1);
    await page.keyboard.press('ArrowRight');
    await expectStep(page, 1);
    await page.keyboard.press('ArrowRight');
    await expectStep(page, 2);
    await expect(page).toHaveURL(/#preset=pool-of-10&step=2$/);
    expect(await page.evaluate(() => history.length)).toBe(before + 1);

    await page.goBack();
    await expect(galleryTitle(page)).toBeVisible();
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(y);
    await expect(page).not.toHaveURL(/#/);

    await page.goForward();
    await expect(page.getByRole('heading', { level: 1, name: 'A pool of 10' })).toBeVisible({ timeout: 30_000 });
    await expectStep(page, 2);

    await page.getByRole('button', { name: '← Gallery' }).click();
    await expect(galleryTitle(page)).toBeVisible();
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(y);
    // It went back: no new entry, and Forward still leads to the lab.
    expect(await page.evaluate(() => history.length)).toBe(before + 1);
    await page.goForward();
    await expectStep(page, 2);
    expect(errors).toEqual([]);
  });

  test('a link opened directly shows its lab; ← Gallery adds the gallery, and Back returns to the lab', async ({ page }) => {
    await page.goto('./#preset=pool-of-10&step=3');
    await expectStep(page, 3);
    await page.getByRole('button', { name: '← Gallery' }).click();
    await expect(galleryTitle(page)).toBeVisible();
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);
    await page.goBack();
    await expectStep(page, 3);
  });

  test('a hash typed by hand opens its scenario', async ({ page }) => {
    await page.goto('./');
    await page.evaluate(() => (window.location.hash = '#preset=pg-bank-transfer-survives&step=2'));
    await expect(page.getByRole('heading', { level: 1, name: 'The bank transfer survives the crash' })).toBeVisible({ timeout: 30_000 });
    await expectStep(page, 2);
  });
});

test.describe('When arrow keys are pressed faster than a slow step', () => {
  test('the 100,000-node preset: a busy indicator names the step it is heading to, and three presses end on step 3', async ({ page }) => {
    test.setTimeout(180_000);
    const errors = watchErrors(page);
    await page.goto('./#preset=kademlia-100k');
    await expectStep(page, 0);
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    const status = page.getByRole('status', { name: 'Engine progress' });
    await expect(status).toHaveText('Working… step 3');
    await expect(page.locator('.timeline-position strong')).toHaveText('3', { timeout: 150_000 });
    await expect(status).toHaveText('');
    expect(errors).toEqual([]);
  });
});

test.describe('When a link opens a lab directly at a later step', () => {
  const projector = SCREENS.find((s) => s.name.startsWith('projector'))!;
  test.use({ viewport: projector.viewport, deviceScaleFactor: projector.deviceScaleFactor });

  for (const hash of ['preset=2pc-coordinator-crash-in-doubt&step=9', 'preset=pg-bank-transfer-survives&step=2']) {
    test(`the panel that step changed shows its heading below the narration strip, and its body (${hash}, projector)`, async ({ page }) => {
      await page.emulateMedia({ reducedMotion: 'reduce' });
      const errors = watchErrors(page);
      await page.goto(`./#${hash}`);
      await expectStep(page, Number(hash.split('step=')[1]));
      // The panels arrive in their own chunk; the view aims once they are drawn and while they settle.
      await expect(page.locator('.lab-panels-root .panel[data-changed]').first()).toBeAttached({ timeout: 30_000 });
      await expect.poll(async () => (await measureLesson(page)).changedOnScreen, { timeout: 10_000 }).toBe(true);
      // And it stays there: nothing moves it back under the strip once the layout has settled.
      await expect.poll(() => page.evaluate(() => document.getAnimations().length)).toBe(0);
      expect((await measureLesson(page)).changedOnScreen).toBe(true);
      expect(errors).toEqual([]);
    });
  }
});
