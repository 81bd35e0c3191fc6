import { expect, test } from '@playwright/test';
import { poolPresets } from '../../src/scenarios/pool/presets';
import { expectStep, openPreset, seriousViolations, watchErrors } from './helpers';

test.describe('When "A pool of 10" is opened from the gallery', () => {
  test('the pool and the run without a pool are side by side, with swimlanes, gauges and charts', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('./');
    await openPreset(page, 'A pool of 10');
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    for (let n = 1; n <= 3; n++) {
      await page.keyboard.press('ArrowRight');
      await expectStep(page, n);
    }
    const pooled = page.locator('.pool-col-pool');
    const unpooled = page.locator('.pool-col-none');
    await expect(pooled.getByRole('heading', { name: 'With a pool (node-postgres Pool, max 10)' })).toBeVisible();
    await expect(unpooled.getByRole('heading', { name: 'Without a pool: a new connection per request' })).toBeVisible();
    // A few long-lived clients on one side, short connections that end closed on the other.
    const lanes = pooled.locator('.swimlanes .lane');
    expect(await lanes.count()).toBeGreaterThan(0);
    expect(await lanes.count()).toBeLessThanOrEqual(10);
    await expect(pooled.locator('.swimlanes .lane.lane-idle').first()).toBeVisible();
    await expect(unpooled.locator('.swimlanes .lane.lane-closed').first()).toBeVisible();
    await expect(pooled.locator('.gauge-head').first()).toContainText('Pool clients');
    await expect(unpooled.locator('.gauge-head').first()).toContainText('Server backends');
    // The history charts are not one of the essentials: one click shows them, a column per simulation.
    await page.getByRole('region', { name: 'Latency and throughput over time' }).getByRole('button', { name: /^Show/ }).click();
    const history = page.locator('.pool-history-col');
    await expect(history.nth(0).locator('.latency-chart .pct-p50 path')).toHaveAttribute('d', /^M/);
    await expect(history.nth(1).locator('.throughput-chart .bar-done').first()).toBeVisible();
    await page.keyboard.press('End');
    await expectStep(page, 5);
    await expect(page.locator('.outcome-ok')).toContainText('Expected outcome reached');
    expect(errors).toEqual([]);
  });
});

test.describe('When a forgotten release drains the pool', () => {
  test('every lane ends "never released", requests wait in the queue and time out', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('./#preset=pool-leak&step=7');
    await expectStep(page, 7);
    await expect(page.locator('.swimlanes .lane.lane-leaked')).toHaveCount(5);
    await expect(page.locator('.swimlanes .lane.lane-leaked .lane-state').first()).toHaveText('never released');
    await expect(page.locator('.queue-list .queue-item').first()).toBeVisible();
    await expect(page.locator('.pool-log')).toContainText('timeout exceeded when trying to connect');
    await expect(page.locator('.pool-stats .bad')).toContainText('timed out');
    await expect(page.locator('.outcome-ok')).toContainText('Expected outcome reached');
    expect(errors).toEqual([]);
  });
});

test.describe('When a user forks from an idle pool', () => {
  test("pg_terminate_backend on an idle client: the pool emits 'error', then 'remove', and the lane ends", async ({ page }) => {
    const errors = watchErrors(page);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto('./#preset=pool-idle-timeout&step=2');
    await expectStep(page, 2);
    await expect(page.locator('.swimlanes .lane.lane-idle')).toHaveCount(10);
    await page.getByRole('button', { name: 'Fork from here' }).click();
    await page
      .getByRole('group', { name: 'What happens next' })
      .getByRole('button', { name: /^pg_terminate_backend\(connection \d+\)$/ })
      .click();
    await expectStep(page, 3);
    await expect(page.locator('.pool-log')).toContainText("'error': idle client lost its connection");
    await expect(page.locator('.pool-log')).toContainText('57P01 terminating connection due to administrator command');
    await page.getByRole('button', { name: 'Add a step' }).click();
    await page.getByRole('group', { name: 'What happens next' }).getByRole('button', { name: '+100 ms' }).click();
    await expectStep(page, 4);
    await expect(page.locator('.swimlanes .lane.lane-idle')).toHaveCount(9);
    await expect(page.locator('.swimlanes .lane.lane-closed')).toHaveCount(1);
    expect(errors).toEqual([]);
  });
});

test.describe('When the pool is larger than max_connections', () => {
  test('the refused connections show SQLSTATE 53300 and the server gauge is full', async ({ page }) => {
    await page.goto('./#preset=pool-too-large&step=3');
    await expectStep(page, 3);
    await expect(page.locator('.pool-log')).toContainText('53300 sorry, too many clients already');
    await expect(page.locator('.gauge', { hasText: 'Server backends' }).locator('.gauge-head strong')).toHaveText('100 / 100');
  });
});

test.describe('When every Connection pooling preset is played to its end', () => {
  for (const scenario of poolPresets) {
    test(`"${scenario.title}" reaches its expected outcome`, async ({ page }) => {
      const errors = watchErrors(page);
      await page.goto(`./#preset=${scenario.preset}&step=0`);
      await expectStep(page, 0);
      await page.locator('body').click({ position: { x: 5, y: 300 } });
      await page.keyboard.press('End');
      await expectStep(page, scenario.steps.length);
      await expect(page.locator('.outcome-ok')).toContainText('Expected outcome reached');
      await expect(page.locator('.swimlanes').first()).toBeVisible();
      expect(errors).toEqual([]);
    });
  }
});

test.describe('When the Connection pooling lab is checked for accessibility', () => {
  for (const scheme of ['light', 'dark'] as const) {
    test(`the side-by-side view, the leak and the spike have no serious or critical axe violations (${scheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      for (const [preset, step] of [
        ['pool-of-10', 3],
        ['pool-leak', 7],
        ['pool-spike', 5],
      ] as const) {
        await page.goto(`./#preset=${preset}&step=${step}`);
        await expectStep(page, step);
        await expect(page.locator('.swimlanes').first()).toBeVisible();
        expect(await seriousViolations(page), `${preset} step ${step}`).toEqual([]);
      }
    });
  }
});
