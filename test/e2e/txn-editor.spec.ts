import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { expectStep, openPreset, seriousViolations, watchErrors } from './helpers';

const TITLE = 'Lost update under Read Committed';

/** Replace the text of a step's CodeMirror editor by typing, as a user does. */
async function retype(page: Page, name: string, sql: string) {
  const editor = page.getByRole('textbox', { name });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(sql);
  // The lines only: PostgreSQL's message for a line sits between lines, outside the text.
  await expect(editor.locator('.cm-line')).toHaveText(sql.split('\n'));
}

const stepSql = (page: Page) => page.locator('.txn-ed-steps .cm-content');

test.describe('When a teacher edits the lost update in the browser', () => {
  test("typing x = x + 1 and moving s2's read after s1's commit by keyboard ends with x = 2 and no anomaly; a reload replays the edit", async ({
    page,
  }) => {
    const errors = watchErrors(page);
    await page.goto('./');
    await openPreset(page, TITLE);
    await page.locator('label.speed select').selectOption('Infinity');
    await page.getByRole('button', { name: 'Play' }).click();
    await expectStep(page, 8);
    // The preset: s2 waits for s1 at step 6 and overwrites its x = 1: G-single.
    await expect(page.locator('.txn-verdict')).toContainText('G-single');
    await expect(page.locator('table.txn-schedule')).toContainText('waited for s1');

    await page.getByRole('button', { name: 'Edit scenario' }).click();
    await expect(page.getByRole('heading', { name: 'Edit scenario' })).toBeVisible();
    await retype(page, 'SQL of step 6 (s2)', 'UPDATE counter SET x = x + 1 WHERE id = 1');

    // Keyboard drag: Space picks s2's SELECT (step 4) up, three arrows down, Space drops it after s1's COMMIT.
    const handle = page.getByRole('button', { name: 'Drag step 4 (s2)' });
    await handle.focus();
    await page.keyboard.press('Space');
    const live = page.locator('[id^="DndLiveRegion"]');
    await expect(live).toContainText('step 4 (s2: SELECT x FROM counter WHERE id = 1)');
    for (let i = 5; i <= 7; i++) {
      await page.keyboard.press('ArrowDown');
      await expect(live).toHaveText(new RegExp(`is over position ${i} of 8\\.$`));
    }
    await page.keyboard.press('Space');
    await expect(live).toHaveText(/^Dropped step \d \(s2: SELECT x FROM counter WHERE id = 1\) at position 7 of 8\.$/);
    await expect(stepSql(page).nth(6)).toHaveText('SELECT x FROM counter WHERE id = 1');
    await expect(stepSql(page).nth(5)).toHaveText('COMMIT');
    await expect(page.locator('.txn-ed-step').nth(6)).toHaveAttribute('data-session', 's2');

    await page.getByRole('button', { name: 'Apply and run' }).click();
    await expect(page.getByRole('heading', { level: 1, name: `${TITLE} (edited)` })).toBeVisible();
    await expectStep(page, 8);
    // s2's increment waits for s1, then re-reads x = 1 and writes 2; its read afterwards sees 2.
    const schedule = page.locator('table.txn-schedule');
    await expect(schedule).toContainText('UPDATE counter SET x = x + 1 WHERE id = 1');
    const row7 = schedule.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '7', exact: true }) });
    await expect(row7).toContainText('SELECT x FROM counter WHERE id = 1');
    await expect(row7.locator('table.txn-result td')).toHaveText('2');
    await expect(page.locator('.txn-verdict')).not.toContainText('G-single');
    await expect(page.locator('.txn-verdict')).toContainText('serializable');
    // No stale claim about the preset's expected outcome.
    await expect(page.locator('.outcome')).toHaveCount(0);

    await expect(page).toHaveURL(/#s=1\..+&step=8$/);
    const before = await schedule.innerText();
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: `${TITLE} (edited)` })).toBeVisible();
    await expectStep(page, 8);
    await expect.poll(() => page.locator('table.txn-schedule').innerText()).toBe(before);
    await expect(page.locator('.txn-verdict')).toContainText('serializable');
    expect(errors).toEqual([]);
  });

  test('dragging a step with the mouse reorders it, and a serializable session makes s2 fail with 40001', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('./#preset=txn-lost-update-rc');
    await expectStep(page, 0);
    await page.getByRole('button', { name: 'Edit scenario' }).click();
    await page.getByRole('combobox', { name: 'Isolation level of session s2' }).selectOption('serializable');

    // Drag step 8 (s2's COMMIT) onto step 7's place: s2 then commits while still waiting, which the engine refuses.
    await page
      .locator('.txn-ed-step')
      .nth(7)
      .evaluate((e) => e.scrollIntoView({ block: 'center' }));
    const from = await page.getByRole('button', { name: 'Drag step 8 (s2)' }).boundingBox();
    const to = await page.getByRole('button', { name: 'Drag step 7 (s1)' }).boundingBox();
    if (!from || !to) throw new Error('no handles on screen');
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2 + ((to.y - from.y) * i) / 10);
    await page.mouse.up();
    // The drop is announced once dnd-kit has settled it; only then are the move buttons where they look.
    await expect(page.locator('[id^="DndLiveRegion"]')).toContainText('Dropped step 8 (s2: COMMIT) at position 7 of 8.');
    await expect(page.locator('.txn-ed-step').nth(6)).toHaveAttribute('data-session', 's2');
    await expect(stepSql(page).nth(6)).toHaveText('COMMIT');
    await expect(page.locator('.txn-ed-step').nth(7)).toHaveAttribute('data-session', 's1');
    // Put it back with the move button, announced for screen readers.
    // dnd-kit swallows clicks for 50 ms after a pointer drag ends (so the drop does not click what is
    // under it), and that timer runs late on a busy machine: click again only while nothing moved.
    await expect(async () => {
      if ((await page.locator('.txn-ed-step').nth(7).getAttribute('data-session')) !== 's2')
        await page.getByRole('button', { name: 'Move step 7 down' }).click();
      await expect(page.locator('.txn-ed-status')).toHaveText('Moved step 7 (s2: COMMIT) to position 8 of 8.', { timeout: 500 });
    }).toPass({ timeout: 5000 });
    await expect(page.locator('.txn-ed-step').nth(7)).toHaveAttribute('data-session', 's2');

    await page.getByRole('button', { name: 'Apply and run' }).click();
    await expectStep(page, 8);
    await expect(page.locator('table.txn-schedule')).toContainText('ERROR 40001: could not serialize access due to concurrent update');
    await expect(page.locator('.txn-verdict')).not.toContainText('G-single');
    expect(errors).toEqual([]);
  });

  test("a syntax error shows PostgreSQL's message at its line as it is typed, and after Apply the run's errors are in view under the button", async ({
    page,
  }) => {
    const errors = watchErrors(page);
    await page.goto('./#preset=txn-lost-update-rc');
    await expectStep(page, 0);
    await page.getByRole('button', { name: 'Edit scenario' }).click();
    // The setup: the message appears under the line it names, before any Apply.
    await retype(page, 'Setup SQL', 'CREATE TABL counter (id int PRIMARY KEY, x int NOT NULL);');
    const setup = page.locator('.txn-ed-setup .txn-sql');
    await expect(setup.locator('.cm-sql-error-msg')).toContainText('ERROR 42601: syntax error at or near');
    await expect(setup.locator('.cm-sql-error')).toBeVisible();
    await expect(page.locator('#txn-ed-setup-err')).toContainText('no tables');
    await page.getByRole('button', { name: 'Discard changes' }).click();
    await expect(setup.locator('.cm-sql-error-msg')).toHaveCount(0);

    // A step: marked as typed; Apply runs it (PostgreSQL answers with the error at that step).
    await retype(page, 'SQL of step 5 (s1)', 'UPDATE counter SET x = 1 WHER id = 1');
    const step5 = page.locator('.txn-ed-step').nth(4);
    await expect(step5.locator('.cm-sql-error-msg')).toContainText('ERROR 42601: syntax error at or near');
    await page.getByRole('button', { name: 'Apply and run' }).click();
    await expectStep(page, 8);
    const result = page.getByRole('list', { name: 'Errors up to step 8' });
    await expect(result).toContainText('s1 ERROR 42601 at step 5: syntax error at or near');
    await expect(result).toBeInViewport();
    await expect(page.locator('.txn-ed-status')).toContainText('s1 ERROR 42601 at step 5: syntax error');
    expect(errors).toEqual([]);
  });

  test('an empty step, or a malformed spec file, is refused with a message and changes nothing', async ({ page }) => {
    await page.goto('./#preset=txn-lost-update-rc&step=3');
    await expectStep(page, 3);
    await page.getByRole('button', { name: 'Edit scenario' }).click();
    await page.getByRole('button', { name: '+ Step in s1' }).click();
    await page.getByRole('button', { name: 'Apply and run' }).click();
    await expect(page.getByText('Step 9 is empty: write its SQL or remove it.').first()).toBeVisible();
    await expectStep(page, 3);
    await page
      .getByLabel('Import an isolation tester spec file')
      .setInputFiles({ name: 'broken.spec', mimeType: 'text/plain', buffer: Buffer.from('session s1\nstep a { SELECT 1;\n') });
    await expect(page.getByRole('alert')).toContainText('broken.spec could not be imported: unterminated { block (line 2)');
    await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
    await expect(page).toHaveURL(/#preset=txn-lost-update-rc&step=3$/);
  });

  test('a spec from the differential suite imports and runs, and another permutation of it changes the outcome', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('./#preset=txn-lost-update-rc');
    await page.getByRole('button', { name: 'Edit scenario' }).click();
    await page.getByLabel('Import an isolation tester spec file').setInputFiles('test/differential/specs/write-skew-doctors.spec');
    const title = 'Write skew: two doctors on call each go off call after checking that someone else is on call.';
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page.getByRole('combobox', { name: 'Isolation level of session a' })).toHaveValue('repeatable read');
    await expect(page.locator('.txn-ed-notes')).toContainText('The spec lists 3 permutations; this is permutation 1.');
    await page.getByRole('button', { name: 'Jump to end' }).click();
    await expectStep(page, 9);
    await expect(page.locator('.txn-verdict')).toContainText('G2-item');
    // Permutation 2 begins both transactions SERIALIZABLE: SSI cancels one of them.
    await page.getByRole('combobox', { name: 'Permutation of write-skew-doctors.spec' }).selectOption({ index: 1 });
    await expect(page.locator('.txn-ed-notes')).toContainText('this is permutation 2.');
    await page.getByRole('button', { name: 'Jump to end' }).click();
    await expectStep(page, 9);
    await expect(page.locator('table.txn-schedule')).toContainText(
      'ERROR 40001: could not serialize access due to read/write dependencies among transactions',
    );
    await expect(page.locator('.txn-verdict')).not.toContainText('G2-item');
    expect(errors).toEqual([]);
  });

  test('Export .spec downloads the schedule as an isolation tester spec', async ({ page }) => {
    await page.goto('./#preset=txn-lost-update-rc');
    await page.getByRole('button', { name: 'Edit scenario' }).click();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export .spec' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('lost-update-under-read-committed.spec');
    const text = readFileSync(await file.path(), 'utf8');
    expect(text).toContain('session s1');
    expect(text).toContain('permutation s1_1 s2_1 s1_2 s2_2 s1_3 s2_3 s1_4 s2_4');
  });
});

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`When the scenario editor is shown in ${scheme} mode`, () => {
    test.use({ colorScheme: scheme });
    test('axe finds no serious or critical violation, with a problem and an import error on screen', async ({ page }) => {
      await page.goto('./#preset=txn-write-skew&step=2');
      await expectStep(page, 2);
      await page.getByRole('button', { name: 'Edit scenario' }).click();
      await expect(page.locator('.txn-ed-steps .cm-content').first()).toBeVisible();
      await page
        .getByRole('button', { name: /^\+ Step in/ })
        .first()
        .click();
      await page.getByRole('button', { name: 'Apply and run' }).click();
      await expect(page.locator('.txn-ed-problem').first()).toBeVisible();
      await page.getByText('Paste a spec').click();
      await page.getByLabel('Spec text').fill('session s1\nstep a { SELECT 1; }\npermutation a b');
      await page.getByRole('button', { name: 'Import the pasted spec' }).click();
      await expect(page.getByRole('alert')).toContainText('The pasted spec could not be imported');
      expect(await seriousViolations(page)).toEqual([]);
    });
  });
}
