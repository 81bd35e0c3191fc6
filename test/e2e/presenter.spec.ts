import { expect, test } from '@playwright/test';
import { expectStep } from './helpers';
import { SCREENS, settledProblems } from './lesson-geometry';

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

test.describe('When a teacher presents on a projector (1280x720 at 150 %)', () => {
  const projector = SCREENS.find((s) => s.name.startsWith('projector'))!;
  test.use({ viewport: projector.viewport, deviceScaleFactor: projector.deviceScaleFactor });

  test('every step shows the changed panel’s heading and its body under a compact strip, and the end sums up its expectations', async ({
    page,
  }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto('./#preset=2pc-one-votes-no');
    await expectStep(page, 0);
    await expect(page.locator('.lab-panels-root .panel').first()).toBeVisible({ timeout: 30_000 });
    await page.keyboard.press('p');
    await expect(page.locator('html')).toHaveClass(/presenting/);
    const problems: string[] = [];
    for (let step = 1; step <= 8; step++) {
      await page.keyboard.press('PageDown');
      await expectStep(page, step);
      // The view brings the changed panel into view once the step is laid out: measure when it has settled.
      for (const p of await settledProblems(page, step)) problems.push(`step ${step}: ${p}`);
    }
    expect(problems).toEqual([]);
    // Nine expectations: one line of counts, the one that explains the expected failure, the rest folded.
    await expect(page.getByText('9 of 9 expectations held')).toBeVisible();
    await expect(page.locator('details.expect-rest')).not.toHaveAttribute('open');
  });
});
