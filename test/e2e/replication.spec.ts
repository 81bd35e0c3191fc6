import { expect, type Page, test } from '@playwright/test';
import { expectStep, openPreset, seriousViolations, watchErrors } from './helpers';

/** The cell of the "same row from every node" table for this node and key. */
const cell = (page: Page, node: string, key: string) => page.locator(`td.read-cell[data-node="${node}"][data-key="${key}"]`);

async function stepTo(page: Page, n: number): Promise<void> {
  const forward = page.getByRole('button', { name: 'Step forward' });
  for (;;) {
    const text = await page.locator('.timeline-position strong').textContent();
    if (Number(text) >= n) break;
    await forward.click();
    await expectStep(page, Number(text) + 1);
  }
}

test.describe('When a visitor steps through the replication presets from the gallery', () => {
  test('an asynchronous standby answers the old value right after COMMIT, then catches up', async ({ page }) => {
    const errors = watchErrors(page);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto('./');
    await openPreset(page, 'A read from an asynchronous replica returns stale data');
    await expect(page.getByRole('heading', { name: 'Streaming replication' })).toBeVisible();
    await stepTo(page, 3);
    await expect(page.locator('.repl-wire')).toContainText('WAL up to 0/3000098 → standby1');
    await stepTo(page, 5);
    await expect(cell(page, 'primary', 'alice')).toHaveText('90');
    await expect(cell(page, 'standby1', 'alice')).toHaveAttribute('data-verdict', 'stale');
    await expect(cell(page, 'standby1', 'alice')).toContainText('100');
    await expect(page.locator('.read-result')).toContainText('a stale read');
    await stepTo(page, 7);
    await expect(cell(page, 'standby1', 'alice')).toHaveAttribute('data-verdict', 'same');
    await expect(cell(page, 'standby1', 'alice')).toHaveText('90');
    await expect(page.locator('.outcome-ok')).toContainText('Expected outcome reached');
    expect(errors).toEqual([]);
  });

  test('in a partition the synchronous commit is shown waiting and the link cut, while the local commit returned', async ({ page }) => {
    const errors = watchErrors(page);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto('./');
    await openPreset(page, 'A partition: synchronous commits block (consistency), asynchronous ones continue (availability)');
    await stepTo(page, 1);
    await expect(page.locator('g.repl-link[data-cut="true"]')).toContainText('cut');
    await stepTo(page, 6);
    await expect(page.locator('li.txn[data-tx="T1"]')).toHaveAttribute('data-status', 'waiting');
    await expect(page.locator('li.txn[data-tx="T1"]')).toContainText('waiting for synchronous replication');
    await expect(page.locator('li.txn[data-tx="T2"]')).toContainText('committed, acknowledged');
    // pg_stat_replication is not one of the essentials: one click shows it.
    await page.getByRole('region', { name: 'pg_stat_replication' }).getByRole('button', { name: /^Show/ }).click();
    await expect(page.locator('.repl-stat-table')).toContainText('link cut');
    await stepTo(page, 8);
    await expect(cell(page, 'standby1', 'bob')).toHaveAttribute('data-verdict', 'stale');
    await stepTo(page, 10);
    await expect(page.locator('li.txn[data-tx="T1"]')).toHaveAttribute('data-status', 'committed');
    await expect(page.locator('g.repl-link[data-cut="true"]')).toHaveCount(0);
    expect(errors).toEqual([]);
  });

  test('the failover names the lost commit, shows timeline 2 and the old primary refusing it', async ({ page }) => {
    const errors = watchErrors(page);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto('./');
    await openPreset(page, 'Failover after asynchronous replication loses the last commits');
    await stepTo(page, 7);
    const lost = page.getByRole('note', { name: 'Lost commits' });
    await expect(lost).toContainText(
      'T2 committed at 0/30000E0 on pg1 and was acknowledged to its client, but pg2 never received it: bob = 60 is gone.',
    );
    await expect(page.locator('li.txn[data-tx="T2"]')).toHaveAttribute('data-status', 'lost');
    await expect(page.locator('.history-file')).toContainText('00000002.history');
    await expect(page.locator('g.node-box[data-node="pg2"]')).toContainText('primary · TL 2');
    await stepTo(page, 12);
    await expect(page.locator('.refused-log')).toContainText('new timeline 2 forked off current database system timeline 1');
    await expect(cell(page, 'pg1', 'bob')).toHaveAttribute('data-verdict', 'diverged');
    await stepTo(page, 16);
    await expect(cell(page, 'pg1', 'alice')).toHaveText('80');
    await expect(page.locator('.outcome-ok')).toContainText('Expected outcome reached');
    expect(errors).toEqual([]);
  });

  test('Fork from here → crash the primary, then add a step → promote: the engine names the lost commit itself', async ({ page }) => {
    const errors = watchErrors(page);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto('./#preset=repl-async-stale-read&step=2');
    await expectStep(page, 2);
    await page.getByRole('button', { name: 'Fork from here' }).click();
    await page.getByRole('group', { name: 'What happens next' }).getByRole('button', { name: 'Crash primary' }).click();
    await expectStep(page, 3);
    await expect(page.locator('g.node-box[data-node="primary"]')).toContainText('down');
    await page.getByRole('button', { name: 'Add a step' }).click();
    await page.getByRole('group', { name: 'What happens next' }).getByRole('button', { name: 'Promote standby1' }).click();
    await expectStep(page, 4);
    await expect(page.getByRole('note', { name: 'Lost commits' })).toContainText('T1 committed at 0/3000070 on primary');
    await expect(page.locator('.narration-action code')).toContainText('standby1: pg_promote()');
    expect(errors).toEqual([]);
  });

  test('the synchronous commit waits while the standby already shows the row ("ahead")', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto('./#preset=repl-sync-commit-waits&step=5');
    await expectStep(page, 5);
    await expect(page.locator('li.txn[data-tx="T1"]')).toHaveAttribute('data-status', 'waiting');
    await expect(cell(page, 'standby1', 'alice')).toHaveAttribute('data-verdict', 'ahead');
    await expect(cell(page, 'primary', 'alice')).toHaveText('100');
  });

  test("VACUUM's PRUNE holds the standby's replay, then the standby query is cancelled with PostgreSQL's error", async ({ page }) => {
    const errors = watchErrors(page);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto('./');
    await openPreset(page, "VACUUM on the primary cancels a standby's query");
    await stepTo(page, 5);
    const horizon = page.getByRole('region', { name: 'VACUUM and the xmin horizon' });
    await expect(horizon.locator('.vacuum-verbose')).toContainText('tuples: 1 removed, 2 remain, 0 are dead but not yet removable');
    await stepTo(page, 9);
    await expect(horizon.locator('li.query[data-session="R1"]')).toHaveAttribute('data-status', 'conflict');
    await expect(page.locator('g.node-box[data-node="s1"] .node-horizon-note')).toHaveText('‖ replay waits for R1: conflict');
    await stepTo(page, 11);
    await expect(horizon.locator('li.query[data-session="R1"]')).toContainText('ERROR:  canceling statement due to conflict with recovery');
    await stepTo(page, 12);
    await expect(page.locator('.outcome-ok')).toContainText('Expected outcome reached');
    expect(errors).toEqual([]);
  });

  test('with hot_standby_feedback through a slot, the slot keeps holding the horizon after the standby crashed', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto('./#preset=repl-standby-feedback-bloat&step=10');
    await expectStep(page, 10);
    const horizon = page.getByRole('region', { name: 'VACUUM and the xmin horizon' });
    await expect(horizon.locator('.horizon-line')).toHaveText('xmin horizon on primary: 750, held by slot s1 (next xid 752)');
    await expect(horizon.locator('tr[data-slot="s1"]')).toContainText('750');
    await expect(horizon.locator('.dead-list li[data-node="primary"]')).toHaveAttribute('data-dead', '2');
  });
});

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`When the replication lab is shown in ${scheme} mode`, () => {
    test.use({ colorScheme: scheme });
    test('axe finds no serious or critical violation with a cut link, a waiting commit and a failover on screen', async ({ page }) => {
      await page.goto('./#preset=repl-partition&step=8');
      await expectStep(page, 8);
      await expect(page.locator('li.txn[data-status="waiting"]')).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      await page.goto('./#preset=repl-failover-loses-commits&step=12');
      await expectStep(page, 12);
      await expect(page.getByRole('note', { name: 'Lost commits' })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      await page.goto('./#preset=repl-vacuum-cancels-standby-query&step=11');
      await expectStep(page, 11);
      await expect(page.locator('li.query[data-status="cancelled"]')).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });
  });
}

test.describe('When the cluster legend explains the WAL position bars', () => {
  test('each chip looks like the bar it names, the standby’s write position included', async ({ page }) => {
    await page.goto('./#preset=repl-async-stale-read&step=2');
    await expectStep(page, 2);
    const look = (el: Element) => {
      const cs = getComputedStyle(el);
      return [cs.fill, cs.stroke, cs.strokeDasharray, cs.opacity].join(' ');
    };
    for (const bar of ['insert', 'sent', 'write', 'flush', 'replay']) {
      const drawn = page.locator(`.node-box .bar-${bar} .bar-fill`).first();
      await expect(drawn).toHaveCount(1);
      const chip = page.locator(`.legend-swatch .bar-${bar} .bar-fill`);
      expect(await chip.evaluate(look)).toBe(await drawn.evaluate(look));
    }
  });
});
