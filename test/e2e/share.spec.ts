import { expect, test } from '@playwright/test';
import lz from 'lz-string';
import { expectStep, openPreset, watchErrors } from './helpers';

test.describe('When a link is copied', () => {
  test('opening it in a fresh page shows the same scenario at the same step', async ({ page, browser }) => {
    await page.goto('./');
    await openPreset(page, 'Two cooks, one crash: keep the committed, undo the rest');
    for (let i = 0; i < 5; i++) await page.getByRole('button', { name: 'Step forward' }).click();
    await expectStep(page, 5);
    await page.getByRole('button', { name: 'Copy link' }).click();
    const link = await page.getByLabel('Share link').inputValue();
    expect(link).toContain('#preset=two-cooks-one-crash&step=5');
    const narration = await page.locator('.narration-text').textContent();
    const records = await page.locator('.records').textContent();

    const fresh = await (await browser.newContext()).newPage();
    const errors = watchErrors(fresh);
    await fresh.goto(link);
    await expectStep(fresh, 5);
    await expect(fresh.locator('.narration-text')).toHaveText(narration ?? '');
    await expect(fresh.locator('.records')).toHaveText(records ?? '');
    expect(errors).toEqual([]);
  });
});

test.describe('When a user forks from a step', () => {
  test('the fork replaces what happens next, keeps the original as a branch, and travels in the link', async ({ page, browser }) => {
    await page.goto('./');
    await openPreset(page, 'Crash after commit: all three survive');
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Step forward' }).click();
    await page.getByRole('button', { name: 'Fork from here' }).click();
    await page.getByRole('button', { name: 'Crash now' }).click();
    await expectStep(page, 4);
    await expect(page.locator('.timeline-position')).toContainText('/ 4');
    await expect(page.locator('.server-crashed')).toBeVisible();
    await page.getByRole('button', { name: 'Add a step' }).click();
    await page.getByRole('button', { name: 'Restart and recover' }).click();
    await expectStep(page, 5);
    await expect(page.getByLabel('Recovery verdict')).toContainText('Undone (no COMMIT record): T1');

    const branch = page.getByLabel('Branch');
    await expect(branch.locator('option')).toHaveCount(3);
    await page.getByRole('button', { name: 'Copy link' }).click();
    const link = await page.getByLabel('Share link').inputValue();
    expect(link).toMatch(/#s=1\.[A-Za-z0-9+$-]+&step=5$/);

    const fresh = await (await browser.newContext()).newPage();
    await fresh.goto(link);
    await expectStep(fresh, 5);
    await expect(fresh.getByLabel('Recovery verdict')).toContainText('Undone (no COMMIT record): T1');
    // The fork's own title says where it forked and what it did; the preset's check is gone.
    await expect(fresh.getByRole('heading', { level: 1 })).toHaveText(
      'Crash after commit: all three survive — forked at step 4: crash now, then restart and recover',
    );
    await expect(fresh.locator('.outcome')).toHaveCount(0);

    await branch.selectOption({ label: 'Original' });
    await expect(page.locator('.timeline-position')).toContainText('/ 7');
  });
});

test.describe('When a link is broken', () => {
  const cases = [
    ['a truncated payload', '#s=1.N4IgDiBcIE4KYGMCWY4FoCGAbLaD2', /truncated or corrupted/],
    ['an unknown version', '#s=7.N4IgDiBcIE4KYGMCWY4FoCGAbLaD2', /format version "7"/],
    ['an unknown preset', '#preset=no-such-thing', /no preset "no-such-thing"/],
    ['a bad step', '#preset=recipe-all-or-none&step=-3', /Invalid field step/],
  ] as const;
  for (const [what, hash, message] of cases) {
    test(`${what} shows a banner naming the problem and the gallery still works`, async ({ page }) => {
      const errors = watchErrors(page);
      await page.goto(`./${hash}`);
      const banner = page.getByRole('alert');
      await expect(banner).toContainText('This link could not be opened');
      await expect(banner).toContainText(message);
      await page.locator('button.card').first().click();
      await expectStep(page, 0);
      expect(errors).toEqual([]);
    });
  }

  test('a scenario with an invalid field names the field', async ({ page }) => {
    // A full scenario whose first action has an unknown type.
    const scenario = {
      f: { v: 1, lab: 'intent-log', title: 'x', seed: 1, options: { tables: {} }, steps: [{ do: { type: 'explode' } }] },
    };
    await page.goto(`./#s=1.${lz.compressToEncodedURIComponent(JSON.stringify(scenario))}`);
    await expect(page.getByRole('alert')).toContainText(/Invalid field steps\.0\.do\.type/);
  });
});

test.describe('When a scenario is exported and imported', () => {
  test('the exported file opens the same scenario, and a malformed file is refused with the reason', async ({ page }) => {
    await page.goto('./#preset=two-cooks-one-crash&step=3');
    await expectStep(page, 3);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export' }).click()]);
    expect(download.suggestedFilename()).toBe('two-cooks-one-crash-keep-the-committed-undo-the-rest.walkthrough.json');
    const path = await download.path();

    // From the gallery...
    await page.getByRole('button', { name: '← Gallery' }).click();
    await page.getByLabel('Import a scenario file').setInputFiles(path);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Two cooks, one crash: keep the committed, undo the rest');
    await expect(page.getByRole('alert')).toHaveCount(0);
    // ...and from inside another lab.
    await page.getByRole('button', { name: '← Gallery' }).click();
    await page.locator('button.card').first().click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Recipe platform: all three writes or none');
    await page.getByLabel('Import a scenario file').setInputFiles(path);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Two cooks, one crash: keep the committed, undo the rest');
    await expectStep(page, 0);
    await page.keyboard.press('End');
    await expect(page.locator('.outcome-ok')).toBeVisible();

    await page.getByLabel('Import a scenario file').setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"v":1,"lab":"intent-log","title":"x","seed":1,"options":{"tables":{}},"steps":[{"do":{"type":"commit"}}]}'),
    });
    await expect(page.getByRole('alert')).toContainText('This file could not be opened');
    await expect(page.getByRole('alert')).toContainText('Invalid field steps.0.do.tx');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Two cooks, one crash: keep the committed, undo the rest');
  });
});
