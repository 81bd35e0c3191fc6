// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ScenarioOf } from '../../../../engine/scenario/schema';
import { openEditor, statusText } from '../../../../../test/support/transactions-ui';

const scenario = (setup: string, steps: [string, string][]): ScenarioOf<'transactions'> => ({
  v: 1,
  lab: 'transactions',
  title: 'Errors in the editor',
  seed: 1,
  options: { sessions: ['s1'], setup: [setup] },
  steps: steps.map(([session, sql]) => ({ do: { type: 'step', session, sql } })),
});

const editorOf = (name: string) => screen.getByRole('textbox', { name }).closest('.txn-sql');

describe('When the SQL in the editor has an error', () => {
  it("shows PostgreSQL's syntax error in the setup at its line at once, and says no tables will exist", async () => {
    await openEditor(scenario('CREATE TABLE t (id int PRIMARY KEY);\nCREATE TABL u (id int);', [['s1', 'SELECT 1']]));
    const setup = editorOf('Setup SQL');
    await waitFor(() =>
      expect(setup?.querySelector('.cm-sql-error-msg')?.textContent).toMatch(/ERROR 42601: syntax error at or near "\w+" \(line 2\)/),
    );
    expect(setup?.querySelector('.cm-sql-error-msg')?.getAttribute('aria-hidden')).toBe('true');
    // The token PostgreSQL names is underlined, on line 2.
    const marked = setup?.querySelector('.cm-sql-error');
    expect(marked?.closest('.cm-line')?.textContent).toBe('CREATE TABL u (id int);');
    expect(screen.getByRole('textbox', { name: 'Setup SQL' }).getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById('txn-ed-setup-err')?.textContent).toMatch(/stop at line 2: ERROR 42601.*no tables/);
  });

  it("marks a step's syntax error before Apply, and after Apply lists every error of the run right under the button", async () => {
    const { user } = await openEditor(
      scenario('CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 0);', [
        ['s1', 'BEGIN'],
        ['s1', 'SELECT v FROM t WHERE'],
        ['s1', 'UPDATE t SET v = 1'],
      ]),
    );
    const step2 = editorOf('SQL of step 2 (s1)');
    await waitFor(() =>
      expect(step2?.querySelector('.cm-sql-error-msg')?.textContent).toContain('ERROR 42601: syntax error at end of input'),
    );
    expect(editorOf('SQL of step 3 (s1)')?.querySelector('.cm-sql-error-msg')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Apply and run' }));
    await waitFor(() => expect(statusText()).toMatch(/^Applied/));
    const list = screen.getByRole('list', { name: 'Errors up to step 3' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      's1 ERROR 42601 at step 2: syntax error at end of input',
      's1 ERROR 25P02 at step 3: current transaction is aborted, commands ignored until end of transaction block',
    ]);
    // The run's error reaches the step that raised it.
    await waitFor(() =>
      expect(editorOf('SQL of step 3 (s1)')?.querySelector('.cm-sql-error-msg')?.textContent).toMatch(
        /ERROR 25P02: .* \(when step 3 ran\)/,
      ),
    );
    // The result sits right after the Apply button's row.
    const actions = screen.getByRole('button', { name: 'Apply and run' }).closest('.txn-ed-actions');
    expect(actions?.nextElementSibling?.contains(list)).toBe(true);
  });
});
