import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { expectStep, watchErrors } from './helpers';

test.describe('When a teacher exports a transactions scenario for psql', () => {
  test("Export for psql downloads one file with each session's script and the run order, and shows how to run it", async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('./#preset=txn-deadlock&step=8');
    await expectStep(page, 8);
    await page.getByRole('button', { name: 'Edit scenario' }).click();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export for psql' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('deadlock-two-transfers-in-opposite-order.psql.txt');
    const text = readFileSync(await file.path(), 'utf8');
    for (const section of ['RUN ORDER', 'setup.sql', 's1.sql', 's2.sql', 'teardown.sql']) expect(text).toContain(`\n-- ${section}\n`);
    // Each session's script holds its own steps; the run order marks the waits from the lab's run.
    expect(text).toContain('-- s1.sql: session s1 of');
    expect(text).toContain("SET default_transaction_isolation = 'read committed';\n\n-- step 1 of 8");
    expect(text).toMatch(/ 5\. s1 .*<- WAITS for s2: go on; step 6 \(s2\) closes a deadlock that cancels it; fails: 40P01/);
    expect(text).toContain('permutation s1_1 s2_1 s1_2 s2_2 s1_3 s2_3 s1_4 s2_4');
    const howTo = page.getByRole('note', { name: 'How to run the export in psql' });
    await expect(howTo).toContainText('2 steps are marked WAITS');
    await expect(page.locator('.txn-ed-status')).toContainText('Exported deadlock-two-transfers-in-opposite-order.psql.txt');
    expect(errors).toEqual([]);
  });
});
