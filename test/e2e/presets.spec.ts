import { expect, test } from '@playwright/test';
import { PRESETS } from '../../src/scenarios';
import { expectStep, openPreset, watchErrors } from './helpers';

test.describe('When a visitor opens the gallery', () => {
  test('it shows every lab group and a card per preset', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('./');
    for (const group of ['Durability', 'Transactions', 'Kademlia', 'Connection pooling']) {
      await expect(page.getByRole('heading', { level: 2, name: new RegExp(`^${group}`) })).toBeVisible();
    }
    // One card per preset; the comparison cards and the courses are cards of their own.
    await expect(page.locator('button.card:not([data-compare])')).toHaveCount(PRESETS.length);
    expect(errors).toEqual([]);
  });
});

/** Presets whose steps build large networks: their tests get the time those steps take. */
const isLarge = (p: (typeof PRESETS)[number]) =>
  p.scenario.steps.some((s) => typeof s.do === 'object' && 'nodes' in s.do && typeof s.do.nodes === 'number' && s.do.nodes >= 10_000);

for (const preset of PRESETS) {
  test.describe(`When the preset "${preset.scenario.title}" is played`, () => {
    if (isLarge(preset)) test.slow();
    test('stepping forward and back moves one step at a time and tells the story', async ({ page }) => {
      const errors = watchErrors(page);
      await page.goto('./');
      await openPreset(page, preset.scenario.title);
      await expectStep(page, 0);
      await page.getByRole('button', { name: 'Step forward' }).click();
      await expectStep(page, 1);
      await expect(page.locator('.narration-text')).toHaveText(preset.scenario.steps[0].say ?? /\S/);
      await page.getByRole('button', { name: 'Step forward' }).click();
      await expectStep(page, 2);
      // The intent log has one record per step; PostgreSQL's WAL does not (BEGIN writes none). Other labs check their own panels.
      if (preset.scenario.lab === 'intent-log') await expect(page.locator('.records .record')).toHaveCount(2);
      if (preset.scenario.lab === 'durability') await expect(page.getByRole('heading', { name: 'Write-ahead log (pg_wal)' })).toBeVisible();
      // The transactions lab: one schedule row per step run so far.
      if (preset.scenario.lab === 'transactions') await expect(page.locator('table.txn-schedule > tbody > tr')).toHaveCount(2);
      await page.getByRole('button', { name: 'Step back' }).click();
      await expectStep(page, 1);
      if (preset.scenario.lab === 'intent-log') await expect(page.locator('.records .record')).toHaveCount(1);
      if (preset.scenario.lab === 'durability')
        await expect(page.getByRole('heading', { name: 'Shared buffers (buffer pool)' })).toBeVisible();
      if (preset.scenario.lab === 'transactions') await expect(page.locator('table.txn-schedule > tbody > tr')).toHaveCount(1);
      expect(errors).toEqual([]);
    });

    test('playing to the end reaches the expected outcome', async ({ page }) => {
      await page.goto('./');
      await openPreset(page, preset.scenario.title);
      await page.locator('label.speed select').selectOption('Infinity');
      await page.getByRole('button', { name: 'Play' }).click();
      // Playback pauses where a step asks a question: skip it and play on, as a viewer who does not guess.
      const total = preset.scenario.steps.length;
      const asks = preset.scenario.steps.flatMap((s, i) => (s.ask ? [i + 1] : []));
      for (const at of asks) {
        await page.getByRole('button', { name: 'Skip' }).click();
        await expectStep(page, at);
        // The next step's own question, if it has one, is already on screen: Play would skip it.
        if (at < total && !asks.includes(at + 1)) await page.getByRole('button', { name: 'Play' }).click();
      }
      await expectStep(page, preset.scenario.steps.length);
      await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
      await expect(page.locator('.outcome-ok')).toContainText('Expected outcome reached');
      const last = preset.scenario.steps.at(-1)?.say;
      if (last) await expect(page.locator('.narration-text')).toHaveText(last);
      // The panels agree with the expectation: every expected row is on screen, and recovery names its verdict.
      const scenario = preset.scenario;
      if (scenario.lab === 'transactions') {
        // Every step is in the schedule, and the dependency graph names the anomaly the preset expects.
        await expect(page.locator('table.txn-schedule > tbody > tr')).toHaveCount(scenario.steps.length);
        const anomaly = scenario.expect?.anomaly;
        if (anomaly) await expect(page.locator('.txn-verdict')).toContainText(`${anomaly},`);
        else if (anomaly === null) await expect(page.locator('.txn-verdict.anomaly')).toHaveCount(0);
        return;
      }
      if (scenario.lab !== 'intent-log' && scenario.lab !== 'durability') return;
      for (const [table, rows] of Object.entries(scenario.expect?.rows ?? {})) {
        const shown = page.locator('table.data-table', { has: page.locator('caption', { hasText: new RegExp(`^${table}$`) }) });
        await expect(shown.locator('tbody tr')).toHaveCount(rows.length);
        for (const r of rows) await expect(shown.locator('tbody th', { hasText: new RegExp(`^${r.key}$`) })).toBeVisible();
      }
      const committed = scenario.expect?.committed ?? [];
      if (scenario.lab === 'intent-log') {
        await expect(page.getByLabel('Recovery verdict')).toContainText(
          `Kept (COMMIT record found): ${committed.length ? committed.join(', ') : 'none'}`,
        );
      } else {
        // PostgreSQL's lab: every transaction's chip says whether it committed (and survived) or was lost.
        const chip = (tx: string, state: string) => page.locator('.dur-txn', { hasText: new RegExp(`^\\S+ ${tx} xid \\d+: (${state})`) });
        for (const tx of committed) await expect(chip(tx, 'committed')).toBeVisible();
        for (const tx of scenario.expect?.lost ?? []) await expect(chip(tx, 'lost|rolled back')).toBeVisible();
      }
    });
  });
}

test.describe('When the recipe crashes after two writes', () => {
  test('the tables are half-changed at the crash and whole again after recovery', async ({ page }) => {
    await page.goto('./#preset=recipe-all-or-none&step=4');
    await expectStep(page, 4);
    await expect(page.locator('.server-crashed')).toContainText('crashed');
    const ingredients = page.locator('table.data-table', { has: page.locator('caption', { hasText: /^ingredients$/ }) });
    await expect(ingredients.locator('tbody th', { hasText: 'saffron' })).toBeVisible();
    await page.keyboard.press('ArrowRight');
    await expectStep(page, 5);
    await expect(ingredients.locator('tbody th', { hasText: 'saffron' })).toHaveCount(0);
    await expect(page.locator('.record.tone-discarded')).toHaveCount(3);
  });
});

test.describe('When the keyboard is used alone', () => {
  test('Space, arrows, Home, End and ? drive the lab', async ({ page }) => {
    await page.goto('./');
    await page.locator('button.card').first().focus();
    await page.keyboard.press('Enter');
    await expectStep(page, 0);
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('ArrowRight');
    await expectStep(page, 1);
    await page.keyboard.press('End');
    const total = PRESETS[0].scenario.steps.length;
    await expectStep(page, total);
    await page.keyboard.press('ArrowLeft');
    await expectStep(page, total - 1);
    await page.keyboard.press('Home');
    await expectStep(page, 0);
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('Play or pause');
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await page.locator('label.speed select').selectOption('Infinity');
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press(' ');
    await expectStep(page, total);
  });
});
