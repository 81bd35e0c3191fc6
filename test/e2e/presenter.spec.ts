import { expect, test } from '@playwright/test';
import { expectStep } from './helpers';

test.describe('When a teacher presents a lesson', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  test('P switches to presenter mode, the remote keys step, Esc leaves', async ({ page }) => {
    await page.goto('./#preset=txn-lost-update-rc');
    await expectStep(page, 0);
    const header = page.locator('.app-header');
    await expect(header).toBeVisible();

    await page.keyboard.press('p');
    await expect(page.locator('html')).toHaveClass(/presenting/);
    await expect(header).toBeHidden();
    await expect(page.getByRole('button', { name: 'Copy link' })).toBeHidden();
    const base = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    expect(base).toBeGreaterThanOrEqual(20);

    // What a presenter remote sends: Page Down and Space forward, Page Up back.
    await page.keyboard.press('PageDown');
    await expectStep(page, 1);
    await page.keyboard.press(' ');
    await expectStep(page, 2);
    await page.keyboard.press('PageUp');
    await expectStep(page, 1);
    await page.keyboard.press('ArrowDown');
    await expectStep(page, 2);

    // Only the panels the step changed are shown, and one of them is.
    const panels = page.locator('.lab-panels-root .panel');
    await expect(page.locator('.lab-panels-root .panel[data-changed]').first()).toBeVisible();
    for (const p of await panels.all()) {
      const changed = (await p.getAttribute('data-changed')) !== null;
      expect(await p.isVisible()).toBe(changed);
    }

    await page.keyboard.press('Escape');
    await expect(page.locator('html')).not.toHaveClass(/presenting/);
    await expect(header).toBeVisible();
    await expect(panels.first()).toBeVisible();
    // Out of presenter mode, Space plays again instead of stepping.
    await expectStep(page, 2);
  });

  test('the Present button enters presenter mode and its twin leaves it', async ({ page }) => {
    await page.goto('./#preset=pg-bank-transfer-survives&step=2');
    await expectStep(page, 2);
    await page.getByRole('button', { name: 'Present' }).click();
    await expect(page.locator('html')).toHaveClass(/presenting/);
    await page.getByRole('button', { name: 'Leave presenter mode' }).click();
    await expect(page.locator('html')).not.toHaveClass(/presenting/);
    await expect(page.getByRole('button', { name: 'Present' })).toBeVisible();
  });
});
