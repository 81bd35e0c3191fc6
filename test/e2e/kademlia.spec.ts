import { expect, test } from '@playwright/test';
import { kademliaPresets } from '../../src/scenarios/kademlia/presets';
import { expectStep, openPreset, seriousViolations, watchErrors } from './helpers';

test.describe('When B sends a message to E among the five peers', () => {
  test('the lookup path B, C, D, E is shown hop by hop with its XOR distances', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('./');
    await openPreset(page, 'Five peers: B sends a message to E');
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('End');
    await expectStep(page, 7);
    const idLine = page.locator('svg.id-space');
    for (const [name, id] of [
      ['A', '7f5a'],
      ['B', 'e7a3'],
      ['C', '09bf'],
      ['D', '790f'],
      ['E', '4759'],
    ]) {
      await expect(
        idLine.locator('.id-node', { has: page.locator('.id-name', { hasText: new RegExp(`^${name}$`) }) }).locator('.id-hex'),
      ).toHaveText(id);
    }
    const hops = page.locator('.hop-table tbody tr');
    await expect(hops.locator('th')).toHaveText(['B', 'C', 'D', 'E']);
    await expect(hops.locator('.dist')).toHaveText(['0xa0fa', '0x4ee6', '0x3e56', '0x0000']);
    await expect(hops.nth(2).locator('mark.shared')).toHaveText('00');
    await expect(page.locator('.convergence g.mark.on-path .mark-name')).toHaveText(['B', 'C', 'D', 'E']);
    // The RPC log is not one of the lab's essentials: it is folded until asked for.
    await page.getByRole('region', { name: 'RPC message log' }).getByRole('button', { name: /^Show/ }).click();
    await expect(page.locator('.rpc-table tbody tr').last()).toContainText('MESSAGE');
    await expect(page.locator('li.bucket[data-bucket="15"] .story-kept')).toHaveCount(2);
    await expect(page.locator('.outcome-ok')).toContainText('Expected outcome reached');
    expect(errors).toEqual([]);
  });
});

test.describe('When a k = 20 routing table is shown on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });
  test('each bucket row of 20 squares fits its bucket, and pointing at the last square names the newest contact', async ({ page }) => {
    await page.goto('./#preset=kademlia-lookup-1000&step=3');
    await expectStep(page, 3);
    await page.getByRole('button', { name: 'All panels' }).click();
    const row = page.locator('li.bucket.full svg.slots-svg').first();
    await row.scrollIntoViewIfNeeded();
    const bucket = page.locator('li.bucket.full').first();
    const [r, b] = [await row.boundingBox(), await bucket.boundingBox()];
    expect(r!.x + r!.width).toBeLessThanOrEqual(b!.x + b!.width);
    // The row is drawn smaller than its viewBox here: the pointer must still find the square under it.
    const viewWidth = await row.evaluate((el) => (el as SVGSVGElement).viewBox.baseVal.width);
    expect(r!.width).toBeLessThan(viewWidth);
    const newest = /newest (\S+) \(at/.exec((await row.getAttribute('aria-label')) ?? '')![1];
    await row.hover({ position: { x: r!.width - 4, y: r!.height / 2 } });
    await expect(row.locator('xpath=..').locator('.slot-tip')).toHaveText(new RegExp(`^${newest}: ID `));
  });
});

test.describe('When every Kademlia preset is played to its end', () => {
  for (const scenario of kademliaPresets) {
    test(`"${scenario.title}" reaches its expected outcome`, async ({ page }) => {
      test.setTimeout(90_000);
      const errors = watchErrors(page);
      await page.goto(`./#preset=${scenario.preset}&step=0`);
      await expectStep(page, 0);
      await page.locator('body').click({ position: { x: 5, y: 300 } });
      await page.keyboard.press('End');
      await expect(page.locator('.timeline-position strong')).toHaveText(String(scenario.steps.length), { timeout: 60_000 });
      await expect(page.locator('.outcome-ok')).toContainText('Expected outcome reached', { timeout: 60_000 });
      if (scenario.steps.every((s) => s.do.type === 'survey')) {
        // Surveys only: no network of its own, the charts alone.
        await expect(page.getByRole('heading', { name: /^Survey: lookups across network sizes and failures/ })).toBeVisible();
        await expect(page.locator('.survey-chart svg .series .point').first()).toBeVisible();
      } else {
        await expect(page.getByRole('heading', { name: /^Routing table \(k-buckets\)/ })).toBeVisible();
        await expect(page.getByRole('heading', { name: /^XOR space/ })).toBeVisible();
      }
      expect(errors).toEqual([]);
    });
  }
});

test.describe('When a Kademlia lab is checked for accessibility', () => {
  for (const scheme of ['light', 'dark'] as const) {
    test(`the five peers mid-lookup, the 1,000-node statistics and the churn survey have no serious or critical axe violations (${scheme})`, async ({
      page,
    }) => {
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      await page.goto('./#preset=kademlia-five-peers&step=7');
      await expectStep(page, 7);
      await expect(page.locator('.hop-table')).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      await page.goto('./#preset=kademlia-lookup-1000&step=3');
      await expectStep(page, 3);
      await expect(page.getByRole('heading', { name: /^Lookup statistics/ })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      await page.goto('./#preset=kademlia-churn-sweep&step=2');
      await expect(page.locator('.churn-chart .series')).toHaveCount(2, { timeout: 60_000 });
      expect(await seriousViolations(page)).toEqual([]);
    });
  }
});

test.describe('When the survey presets reach their last step', () => {
  test('the hops chart plots eight sizes, up to 1,000,000, under the log2(N) line and the churn chart one line per k', async ({ page }) => {
    test.setTimeout(120_000);
    const errors = watchErrors(page);
    await page.goto('./#preset=kademlia-hops-log2n&step=3');
    await expect(page.locator('.outcome-ok')).toContainText('Expected outcome reached', { timeout: 60_000 });
    await expect(page.getByRole('heading', { name: 'Mean hops per lookup against network size' })).toBeVisible();
    await expect(page.locator('.hops-chart .point')).toHaveCount(8);
    await expect(page.locator('.hops-chart .axis-tick').filter({ hasText: '1,000,000' })).toBeVisible();
    await expect(page.locator('.hops-chart .log2-line')).toBeVisible();
    await page.goto('./#preset=kademlia-churn-sweep&step=2');
    // The first preset's outcome is still on screen until the second one's run is in: wait for the second's title and step.
    await expect(page.getByRole('heading', { level: 1, name: 'Success rate under churn' })).toBeVisible({ timeout: 60_000 });
    await expectStep(page, 2);
    await expect(page.locator('.outcome-ok')).toContainText('Expected outcome reached', { timeout: 60_000 });
    await expect(page.getByRole('heading', { name: 'Lookup success rate against failed nodes' })).toBeVisible({ timeout: 60_000 });
    await expect(page.locator('.churn-chart .series')).toHaveCount(2);
    await expect(page.locator('.churn-chart .legend')).toContainText('k = 20, 4,096 nodes');
    expect(errors).toEqual([]);
  });
});
