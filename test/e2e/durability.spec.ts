import { expect, type Page, test } from '@playwright/test';
import { PRESETS, type Preset } from '../../src/scenarios';
import { busyDurabilityScenario } from '../../bench/scenarios/durability-busy';
import { encodeHash } from '../../src/share/codec';
import { expectStep, openPreset, seriousViolations, watchErrors } from './helpers';

type DurabilityScenario = Extract<Preset['scenario'], { lab: 'durability' }>;
const durability = PRESETS.flatMap((p) =>
  p.scenario.lab === 'durability' ? [{ id: p.id, scenario: p.scenario as DurabilityScenario }] : [],
);

const rowOf = (page: Page, table: string, key: string) =>
  page.locator(`table[data-table="${table}"] tbody tr`, { has: page.locator('th', { hasText: new RegExp(`^${key}$`) }) });

test.describe('When a visitor crashes and recovers a PostgreSQL preset through the UI', () => {
  test('Fork from here → Crash now, then Add a step → recover: committed transfers survive, the verdict says why', async ({ page }) => {
    const errors = watchErrors(page);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto('./');
    await openPreset(page, 'Commit does not write data pages (dirty pages stay in memory)');
    await expect(page.getByRole('heading', { name: 'Shared buffers (buffer pool)' })).toBeVisible();
    for (let n = 1; n <= 4; n++) {
      await page.getByRole('button', { name: 'Step forward' }).click();
      await expectStep(page, n);
    }
    // T1 has committed: its page is dirty in shared buffers only, its commit record flushed.
    await expect(page.locator('.dur-txn', { hasText: /T1 xid \d+: committed, durable/ })).toBeVisible();
    await expect(page.locator('g.frame-tile[data-dirty="true"]')).toHaveCount(1);

    await page.getByRole('button', { name: 'Fork from here' }).click();
    await page.getByRole('group', { name: 'What happens next' }).getByRole('button', { name: 'Crash now' }).click();
    await expectStep(page, 5);
    await expect(page.locator('.server-crashed')).toContainText('Server down: crashed');
    await expect(page.locator('g.frame-tile[data-page=""]')).toHaveCount(16);
    await expect(page.locator('.narration-action code')).toContainText('Power failure');

    await page.getByRole('button', { name: 'Add a step' }).click();
    await page.getByRole('group', { name: 'What happens next' }).getByRole('button', { name: 'Restart and recover' }).click();
    await expectStep(page, 6);
    await expect(page.getByRole('list', { name: 'Records replayed' }).getByRole('listitem').first()).toBeVisible();
    const verdict = page.getByLabel('Recovery verdict');
    await expect(verdict).toContainText('T1 survived');
    await expect(verdict).toContainText('was flushed before the crash');
    await expect(rowOf(page, 'accounts', 'alice')).toContainText('90');
    await expect(rowOf(page, 'accounts', 'bob')).toContainText('60');
    // The original line, the crash fork and the added restart step.
    await expect(page.locator('.branch select option')).toHaveCount(3);
    expect(errors).toEqual([]);
  });

  test('the panel’s own crash button forks where the scenario did not crash, and the restart recovers', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto('./#preset=pg-bank-transfer-survives&step=3');
    await expectStep(page, 3);
    await page.getByRole('button', { name: /Pull the plug here/ }).click();
    await expectStep(page, 4);
    await page.getByRole('button', { name: /Restart the server/ }).click();
    await expectStep(page, 5);
    // T1 had not committed: recovery finds no commit record, the balances are untouched.
    await expect(page.getByLabel('Recovery verdict')).toContainText('T1 lost');
    await expect(rowOf(page, 'accounts', 'alice')).toContainText('100');
  });
});

test.describe('When every PostgreSQL preset is opened at its last step', () => {
  for (const preset of durability) {
    test(`${preset.id} shows "Expected outcome reached" and panels that agree`, async ({ page }) => {
      const errors = watchErrors(page);
      const last = preset.scenario.steps.length;
      await page.goto(`./#preset=${preset.id}&step=${last}`);
      await expectStep(page, last);
      await expect(page.locator('.outcome-ok')).toContainText('Expected outcome reached');
      const expected = preset.scenario.expect;
      for (const [table, rows] of Object.entries(expected?.rows ?? {})) {
        await expect(page.locator(`table[data-table="${table}"] tbody tr`)).toHaveCount(rows.length);
      }
      if (expected?.phase === 'failed') {
        await expect(page.getByLabel('Recovery verdict')).toContainText('Recovery failed');
        await expect(page.locator('.torn-fatal')).toBeVisible();
      }
      expect(errors).toEqual([]);
    });
  }
});

test.describe('When a legend explains a drawing', () => {
  // A card's border and fill; a record's fill, stroke and dashes.
  const cardLook = (el: Element) => {
    const cs = getComputedStyle(el);
    return [cs.borderTopStyle, cs.borderTopColor, cs.borderTopWidth, cs.backgroundColor].join(' ');
  };
  const recordLook = (el: Element) => {
    const cs = getComputedStyle(el);
    return [cs.fill, cs.stroke, cs.strokeWidth, cs.strokeDasharray].join(' ');
  };
  test('its chips look like what they name: page cards by layer, WAL records by state and full-page image', async ({ page }) => {
    await page.goto('./#preset=pg-bgwriter&step=13');
    await expectStep(page, 13);
    for (const state of ['durable', 'in-os']) {
      const card = page.locator(`li.page-card.${state}`).first();
      await expect(card).toBeVisible();
      const chip = page.locator(`.disk-panel .legend-key.page-card.${state}`);
      expect(await chip.evaluate(cardLook)).toBe(await card.evaluate(cardLook));
    }
    // A record with a full-page image is hatched on the tape, as its legend chip is.
    const overlay = page.locator('.wal-svg .wal-rec[data-fpi="true"] rect.fpi-overlay').first();
    const overlayFill = await overlay.evaluate((el) => getComputedStyle(el).fill);
    expect(overlayFill).toContain('url(');
    expect(await page.locator('.wal-panel .legend-swatch rect.fpi-overlay').evaluate((el) => getComputedStyle(el).fill)).toBe(overlayFill);
    await page.goto('./#preset=pg-bank-transfer-survives&step=3');
    await expectStep(page, 3);
    for (const state of ['buffered', 'flushed']) {
      const rec = page.locator(`.wal-svg .wal-rec.state-${state}:not(.fresh) rect`).first();
      await expect(rec).toBeVisible();
      const chip = page.locator(`.wal-panel .legend-swatch .wal-rec.state-${state} rect:first-child`).first();
      expect(await chip.evaluate(recordLook)).toBe(await rec.evaluate(recordLook));
    }
  });
});

test.describe('When a folded panel is opened after the lab was drawn', () => {
  test('the recovery chart puts its present-moment dot at the end of the work line', async ({ page }) => {
    await page.goto('./#preset=pg-checkpoint-shortens-recovery&step=8');
    await expectStep(page, 8);
    await page.getByRole('button', { name: 'All panels' }).click();
    const dot = page.locator('.chart-panel .now-dot circle');
    await expect(dot).toBeVisible();
    // The work line ends with a horizontal run to the present distance: the dot sits on that end.
    const end = await page.locator('.chart-panel svg.chart-svg .work-line').evaluate((el) => {
      const p = el as SVGPathElement;
      return p.getPointAtLength(p.getTotalLength()).x;
    });
    await expect
      .poll(async () => dot.evaluate((el) => (el.parentElement as unknown as SVGGElement).transform.baseVal.consolidate()?.matrix.e ?? 0))
      .toBeCloseTo(end, 0);
  });
});

test.describe('When pages move with motion allowed', () => {
  test('the clock sweep on 4 frames flies the dirty victim to disk and the new page in, then settles', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    await page.goto('./#preset=pg-wal-rule&step=5');
    await expectStep(page, 5);
    await page.getByRole('button', { name: 'Step forward' }).click();
    await expect(page.locator('.ghosts .ghost-write')).toHaveCount(1);
    await expect(page.locator('.ghosts .ghost')).toHaveCount(0, { timeout: 5000 });
    await expect(page.locator('.slot-os')).toHaveCount(1);
    await expect(page.locator('.pool-summary')).toContainText('clock hand at frame 1');
  });

  test('with reduced motion nothing flies: the end state is drawn at once', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto('./#preset=pg-wal-rule&step=5');
    await expectStep(page, 5);
    await page.getByRole('button', { name: 'Step forward' }).click();
    await expectStep(page, 6);
    await expect(page.locator('.slot-os')).toHaveCount(1);
    expect(await page.locator('.ghosts .ghost').count()).toBe(0);
  });
});

test.describe('When the Durability lab is checked for accessibility', () => {
  for (const scheme of ['light', 'dark'] as const) {
    test(`mid-recovery with the fork menu open has no serious or critical axe violations (${scheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto('./#preset=pg-checkpoint-shortens-recovery&step=12');
      await expectStep(page, 12);
      await expect(page.getByLabel('Recovery verdict')).toBeVisible();
      await page.getByRole('button', { name: 'Add a step' }).click();
      expect(await seriousViolations(page)).toEqual([]);
      await page.goto('./#preset=pg-torn-page&step=7');
      await expectStep(page, 7);
      await expect(page.locator('.server-crashed')).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });
  }
});

test.describe('When a long run plays at Max on a phone', () => {
  test('a panel out of view keeps its last drawing, and is drawn anew when it scrolls in or play stops', async ({ page }) => {
    const errors = watchErrors(page);
    await page.setViewportSize({ width: 390, height: 844 });
    const scenario = busyDurabilityScenario({ tables: 8, frames: 256, rows: 8, note: 200, transactions: 800 });
    await page.goto(`./${encodeHash(scenario, 0)}`);
    const play = page.getByRole('button', { name: 'Play', exact: true });
    await expect(play).toBeEnabled({ timeout: 60_000 });
    // Changes inside each panel's body (its own marks, data-changed and the like, are not counted).
    await page.evaluate(() => {
      const counts: Record<string, number> = {};
      Object.assign(window, { panelChanges: counts });
      new MutationObserver((list) => {
        for (const m of list) {
          const el = m.target instanceof Element ? m.target : m.target.parentElement;
          const panel = el?.closest('[data-panel]');
          if (!panel || panel === m.target) continue;
          const name = panel.getAttribute('data-panel') ?? '';
          counts[name] = (counts[name] ?? 0) + 1;
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    const changes = (name: string) =>
      page.evaluate((n) => (window as unknown as { panelChanges: Record<string, number> }).panelChanges[n] ?? 0, name);
    const step = async () => Number(await page.locator('.timeline-position strong').textContent());
    const heap = page.getByRole('region', { name: 'Heap line pointers and HOT chains' });
    // Further below the window than the margin within which a panel still counts as in view.
    const farBelow = 844 + 200;

    await page.locator('label.speed select').selectOption('Infinity');
    await play.click();
    await expect.poll(step, { timeout: 60_000 }).toBeGreaterThan(40);
    expect((await heap.boundingBox())?.y).toBeGreaterThan(farBelow);
    const heapBefore = await changes('heap-items');
    const from = await step();
    await expect.poll(step, { timeout: 60_000 }).toBeGreaterThan(from + 40);
    // Forty steps drawn, and the heap's line pointers, far below, not redrawn once.
    expect(await changes('heap-items')).toBe(heapBefore);

    // Scrolled into view while playing: drawn again.
    await heap.scrollIntoViewIfNeeded();
    await expect.poll(() => changes('heap-items'), { timeout: 60_000 }).toBeGreaterThan(heapBefore);

    // Stopped out of view: drawn at the step it stopped on.
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect.poll(async () => ((await heap.boundingBox())?.y ?? 0) > farBelow).toBe(true);
    const held = await changes('heap-items');
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await expect.poll(() => changes('heap-items'), { timeout: 60_000 }).toBeGreaterThan(held);
    expect(errors).toEqual([]);
  });
});

test.describe('When a step inserts a long literal', () => {
  for (const [screen, width, height] of [
    ['a laptop', 1366, 768],
    ['a projector at 150 %', 853, 480],
    ['a phone', 390, 844],
  ] as const) {
    test(`the narration wraps it inside its box on ${screen}`, async ({ page }) => {
      await page.setViewportSize({ width, height });
      const scenario = busyDurabilityScenario({ tables: 2, frames: 32, rows: 2, note: 200, transactions: 4 });
      const step = scenario.steps.findIndex((s) => JSON.stringify(s.do).includes('x'.repeat(200))) + 1;
      expect(step).toBeGreaterThan(0);
      await page.goto(`./${encodeHash(scenario, step)}`);
      await expectStep(page, step);
      const narration = page.locator('.lab-side > .narration');
      const box = await narration.boundingBox();
      for (const part of [narration.locator('.narration-action code'), narration.locator('.narration-text')]) {
        await expect(part).toContainText('xxxxxxxxxx');
        const own = await part.boundingBox();
        expect(own!.x + own!.width).toBeLessThanOrEqual(box!.x + box!.width);
        expect(await part.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
      }
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    });
  }
});
