import { expect, test } from '@playwright/test';
import { PRESETS_BY_LAB } from '../../src/scenarios';
import { expectStep } from './helpers';
import { measureLesson } from './lesson-geometry';

/**
 * The space-time diagram on a 390 px phone: at the end of every preset (where the most
 * messages are drawn) it fits its box, so nothing needs sideways scrolling inside it, and
 * its older messages are summed up in a block named under it in words.
 */
test.describe('When a two-phase commit lesson ends on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });

  for (const preset of PRESETS_BY_LAB['two-phase-commit']) {
    test(`the message diagram fits the screen without sideways scrolling (${preset.preset})`, async ({ page }) => {
      await page.emulateMedia({ reducedMotion: 'reduce' });
      const last = preset.steps.length;
      await page.goto(`./#preset=${preset.preset}&step=${last}`);
      await expectStep(page, last);
      const box = page.locator('.tpc-spacetime-scroll');
      await expect(box).toBeVisible({ timeout: 30_000 });
      const { scrollWidth, clientWidth } = await box.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
      expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
      const g = await measureLesson(page);
      expect(g.smallText).toEqual([]);
      expect(g.overlaps).toEqual([]);
      const earlier = page.locator('.tpc-earlier-list');
      if ((await earlier.count()) > 0) {
        await earlier.locator('summary').click();
        await expect(earlier.getByRole('list', { name: 'Earlier messages' }).getByRole('listitem').first()).toBeVisible();
      }
    });
  }
});
