import { expect, test } from '@playwright/test';
import { PRESETS_BY_LAB } from '../../src/scenarios';
import { expectStep } from './helpers';
import { lessonProblems, measureLesson, SCREENS } from './lesson-geometry';

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
        test.setTimeout(30_000 + presets.reduce((n, p) => n + p.steps.length, 0) * 3_000);
        await page.emulateMedia({ reducedMotion: 'reduce' });
        const problems: string[] = [];
        for (const preset of presets) {
          const id = preset.preset ?? preset.title;
          await page.goto(`./#preset=${encodeURIComponent(id)}`);
          await expectStep(page, 0);
          for (let step = 0; step <= preset.steps.length; step++) {
            if (step > 0) {
              await page.keyboard.press('ArrowRight');
              await expectStep(page, step);
            }
            for (const p of lessonProblems(await measureLesson(page), step)) problems.push(`${id} step ${step}: ${p}`);
          }
        }
        expect(problems).toEqual([]);
      });
    });
  }
}
