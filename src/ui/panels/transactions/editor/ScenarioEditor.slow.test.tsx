// @vitest-environment jsdom
import { EditorView } from '@codemirror/view';
import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { txnPreset } from '../../../../../test/support/transactions';
import { openEditor, opened, schedule, statusText } from '../../../../../test/support/transactions-ui';

const lostUpdate = txnPreset('txn-lost-update-rc');

/** Type into a CodeMirror editor the way its own input handling would apply it. */
function typeSql(name: string, text: string) {
  const content = screen.getByRole('textbox', { name });
  const view = EditorView.findFromDOM(content) as EditorView;
  act(() => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }));
}

describe('When a transactions scenario is edited', () => {
  it('after an edit at the end of a run, says the outcome before and now', async () => {
    const { store, user } = await openEditor();
    await store.getState().seek(8);
    await user.click(screen.getByRole('button', { name: 'Move step 7 up' }));
    await user.click(screen.getByRole('button', { name: 'Apply and run' }));
    await waitFor(() => expect(statusText()).toMatch(/^Applied/));
    expect(statusText()).toBe(
      'Applied: "Lost update under Read Committed (edited)" runs 8 steps; the lab shows its last step. ' +
        'Now: anomaly G-single, a single anti-dependency in the cycle (read skew, lost update); no errors. ' +
        'Before: anomaly G-single, a single anti-dependency in the cycle (read skew, lost update); no errors; 1 lock wait.',
    );
  });

  it('adds a step to a chosen session, refuses to apply it empty with an inline message, then applies its SQL', async () => {
    const { store, user } = await openEditor();
    const before = opened(store);
    await user.click(screen.getByRole('button', { name: '+ Step in s2' }));
    expect(statusText()).toBe('Added step 9 to s2.');
    const added = screen.getByRole('textbox', { name: 'SQL of step 9 (s2)' });
    expect(document.activeElement).toBe(added);
    await user.click(screen.getByRole('button', { name: 'Apply and run' }));
    expect(screen.getByText('Step 9 is empty: write its SQL or remove it.')).toBeTruthy();
    expect(added.getAttribute('aria-invalid')).toBe('true');
    expect(opened(store)).toBe(before);
    typeSql('SQL of step 9 (s2)', 'SELECT x FROM counter');
    await user.click(screen.getByRole('button', { name: 'Apply and run' }));
    await waitFor(() => expect(opened(store).steps).toHaveLength(9));
    expect(opened(store).steps[8].do).toEqual({ type: 'step', session: 's2', sql: 'SELECT x FROM counter' });
    // The first eight steps are the preset's, with their narration.
    expect(opened(store).steps.slice(0, 8)).toEqual(lostUpdate.steps);
  });

  it('removes a step and a session (with its steps), and renames a session everywhere', async () => {
    const { store, user } = await openEditor();
    await user.click(screen.getByRole('button', { name: 'Remove step 1' }));
    expect(statusText()).toBe('Removed step 1 (s1: BEGIN).');
    await user.click(screen.getByRole('button', { name: '+ Session' }));
    const name = screen.getByRole('textbox', { name: 'Name of session 3' }) as HTMLInputElement;
    expect(name.value).toBe('s3');
    await user.clear(screen.getByRole('textbox', { name: 'Name of session 1' }));
    await user.type(screen.getByRole('textbox', { name: 'Name of session 1' }), 'alice');
    await user.click(screen.getByRole('button', { name: 'Remove session s2 and its 4 steps' }));
    await user.click(screen.getByRole('button', { name: 'Apply and run' }));
    await waitFor(() => expect(opened(store).options.sessions).toEqual(['alice', 's3']));
    expect(schedule(opened(store))).toEqual([
      'alice: SELECT x FROM counter WHERE id = 1',
      'alice: UPDATE counter SET x = 1 WHERE id = 1',
      'alice: COMMIT',
    ]);
  });

  it('moves a step to another session with its select, says changes are pending, and Ctrl+Enter in the SQL applies', async () => {
    const { store, user } = await openEditor();
    expect(screen.getByText('No changes')).toBeTruthy();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Session of step 4' }), 's1');
    expect(screen.getByText(/^Changes not applied yet/)).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'SQL of step 4 (s1)' })).toBeTruthy();
    // (jsdom has no layout for a click inside CodeMirror: focus it directly.)
    act(() => screen.getByRole('textbox', { name: 'SQL of step 4 (s1)' }).focus());
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(opened(store).steps[3].do.session).toBe('s1'));
    expect(screen.getByText('No changes')).toBeTruthy();
  });

  it('says which session name is taken or reserved, next to it', async () => {
    const { store, user } = await openEditor();
    const before = opened(store);
    await user.clear(screen.getByRole('textbox', { name: 'Name of session 2' }));
    await user.type(screen.getByRole('textbox', { name: 'Name of session 2' }), 's1');
    expect(screen.getByText('Two sessions are called s1.')).toBeTruthy();
    await user.clear(screen.getByRole('textbox', { name: 'Name of session 2' }));
    await user.type(screen.getByRole('textbox', { name: 'Name of session 2' }), '(setup)');
    expect(screen.getByText(/cannot start with "\("/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Apply and run' }));
    expect(opened(store)).toBe(before);
  });
});

describe('When a spec file is imported', () => {
  it('a pasted spec imports the same way, and a pasted error names the line', async () => {
    const { store, user } = await openEditor();
    const before = opened(store);
    await user.click(screen.getByText('Paste a spec'));
    const box = screen.getByRole('textbox', { name: 'Spec text' });
    await user.click(box);
    await user.paste('session s1\nstep a { SELECT 1; }\nbogus');
    await user.click(screen.getByRole('button', { name: 'Import the pasted spec' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The pasted spec could not be imported: unexpected bogus (line 3)');
    expect(opened(store)).toBe(before);
    await user.clear(box);
    await user.paste(
      'setup { CREATE TABLE t (id int PRIMARY KEY); }\nsession s1\nstep a { INSERT INTO t VALUES (1); }\nsession s2\nstep b { SELECT count(*) FROM t; }',
    );
    await user.click(screen.getByRole('button', { name: 'Import the pasted spec' }));
    await waitFor(() => expect(opened(store).title).toBe('Pasted spec'));
    expect(schedule(opened(store))).toEqual(['s1: INSERT INTO t VALUES (1);', 's2: SELECT count(*) FROM t;']);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
