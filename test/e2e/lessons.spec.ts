import { expect, type Page, test } from '@playwright/test';
import { PRESETS_BY_LAB } from '../../src/scenarios';
import { SCREENS, settledProblems } from './lesson-geometry';

/** Some steps are slow (a 100,000-node network is built in the first step): wait for them. */
const SLOW_STEP_MS = 60_000;
const atStep = (page: Page, n: number) =>
  expect(page.locator('.timeline-position strong')).toHaveText(String(n), { timeout: SLOW_STEP_MS });

/**
 * Every step of every preset, on a phone, a laptop and a projector: no sideways scroll, no
 * text under 12 px, no overlapping labels, and a panel the step changed on screen. One
 * test per lab and screen; its failure lists every step that breaks a rule.
 */
for (const screen of SCREENS) {
  for (const [lab, presets] of Object.entries(PRESETS_BY_LAB)) {
    test.describe(`When every ${lab} preset is stepped through on a ${screen.name}`, () => {
      test.use({ viewport: screen.viewport, deviceScaleFactor: screen.deviceScaleFactor });
      test(`each step keeps its lesson on one screen (${lab}, ${screen.name})`, async ({ page }) => {
        test.setTimeout(120_000 + presets.reduce((n, p) => n + p.steps.length, 0) * 3_000);
        await page.emulateMedia({ reducedMotion: 'reduce' });
        const problems: string[] = [];
        for (const preset of presets) {
          const id = preset.preset ?? preset.title;
          await page.goto(`./#preset=${encodeURIComponent(id)}`);
          await atStep(page, 0);
          // The lab's panels are their own chunk: measure once they are drawn.
          await expect(page.locator('.lab-panels-root .panel').first()).toBeVisible({ timeout: SLOW_STEP_MS });
          for (let step = 0; step <= preset.steps.length; step++) {
            if (step > 0) {
              await page.keyboard.press('ArrowRight');
              await atStep(page, step);
            }
            for (const p of await settledProblems(page, step)) problems.push(`${id} step ${step}: ${p}`);
          }
        }
        expect(problems).toEqual([]);
      });
    });
  }
}
