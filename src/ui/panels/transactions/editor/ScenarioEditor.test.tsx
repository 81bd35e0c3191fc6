// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../../store';
import { txnPreset } from '../../../../../test/support/transactions';
import { openEditor, opened, schedule, statusText, txnFrame } from '../../../../../test/support/transactions-ui';

const lostUpdate = txnPreset('txn-lost-update-rc');

/** The steps at which some session started waiting for a lock. */
async function waitsIn(store: ReturnType<typeof createAppStore>): Promise<number[]> {
  const out: number[] = [];
  const total = store.getState().frame?.total ?? 0;
  for (let n = 1; n <= total; n++) {
    await store.getState().seek(n);
    if (txnFrame(store).events.some((e) => e.type === 'step.blocked')) out.push(n);
  }
  return out;
}

describe('When a transactions scenario is edited', () => {
  it('shows the setup, the sessions and every step in order, each SQL in a PostgreSQL-highlighted editor', async () => {
    await openEditor();
    expect(screen.getByRole('textbox', { name: 'Setup SQL' }).textContent).toContain('CREATE TABLE counter');
    const steps = within(screen.getByRole('list', { name: 'Steps in the order they run' })).getAllByRole('listitem');
    expect(steps).toHaveLength(8);
    expect(within(steps[4]).getByRole('textbox', { name: 'SQL of step 5 (s1)' }).textContent).toBe('UPDATE counter SET x = 1 WHERE id = 1');
    // Highlighted: keywords are their own styled spans.
    expect(steps[4].querySelectorAll('.cm-line span').length).toBeGreaterThan(2);
    expect(screen.getByRole('combobox', { name: 'Isolation level of session s1' })).toHaveProperty('value', '');
  });

  it('moves a step up by keyboard, announces it, and Apply opens the new order at its last step without the stale outcome', async () => {
    const { store, user } = await openEditor();
    // s1's COMMIT (step 7) goes before s2's UPDATE (step 6).
    screen.getByRole('button', { name: 'Move step 7 up' }).focus();
    await user.keyboard('{Enter}');
    expect(statusText()).toBe('Moved step 7 (s1: COMMIT) to position 6 of 8.');
    // The focus follows the step.
    await waitFor(() => expect(document.activeElement?.getAttribute('aria-label')).toBe('Move step 6 up'));
    await user.click(screen.getByRole('button', { name: 'Apply and run' }));
    await waitFor(() => expect(opened(store).title).toBe('Lost update under Read Committed (edited)'));
    const s = opened(store);
    expect(schedule(s).slice(4, 7)).toEqual([
      's1: UPDATE counter SET x = 1 WHERE id = 1',
      's1: COMMIT',
      's2: UPDATE counter SET x = 1 WHERE id = 1',
    ]);
    expect(s.expect).toBeUndefined();
    // Narration stays on the unchanged first five steps only.
    expect(s.steps.map((st) => st.say !== undefined)).toEqual([true, true, true, true, true, false, false, false]);
    expect(s.preset).toBe('txn-lost-update-rc');
    const frame = store.getState().frame;
    expect(frame?.step).toBe(8);
    expect(frame?.outcome).toBeNull();
    // s2 no longer waits for s1's row lock: its UPDATE runs after s1 committed.
    expect(await waitsIn(store)).toEqual([]);
    await store.getState().open(lostUpdate, 0);
    expect(await waitsIn(store)).toEqual([6]);
  });

  it("chooses a session's isolation level, written to options.isolation, and a serialization failure appears", async () => {
    const { store, user } = await openEditor();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Isolation level of session s2' }), 'REPEATABLE READ');
    await user.click(screen.getByRole('button', { name: 'Apply and run' }));
    await waitFor(() => expect(opened(store).options.isolation).toEqual({ s2: 'repeatable read' }));
    // The editor says what changed at the end of the run.
    expect(statusText()).toMatch(
      /Now: no anomaly: the committed transactions are serializable; s2 ERROR 40001 at step 6 \(it ended at step 7\): could not serialize access due to concurrent update; 1 lock wait\./,
    );
    const s = opened(store);
    expect(s.steps.every((st) => st.say === undefined)).toBe(true);
    expect(s.expect).toBeUndefined();
    // At step 7 s1 commits and s2's waiting UPDATE wakes up to 40001.
    await store.getState().seek(7);
    const woke = txnFrame(store).events.find((e) => e.type === 'step.completed' && e.afterWait);
    expect(JSON.stringify(woke)).toContain('could not serialize access due to concurrent update');
  });
});

describe('When a spec file is imported', () => {
  const file = (text: string, name: string) => new File([text], name, { type: 'text/plain' });

  it("a malformed spec shows the parser's message and leaves the open scenario as it was", async () => {
    const { store, user } = await openEditor();
    const before = opened(store);
    await user.upload(
      screen.getByLabelText('Import an isolation tester spec file'),
      file('session s1\nstep a { SELECT 1; }\npermutation a b\n', 'bad.spec'),
    );
    expect((await screen.findByRole('alert')).textContent).toBe(
      '⚠ bad.spec could not be imported: undefined step "b" specified in permutation',
    );
    expect(opened(store)).toBe(before);
  });

  it('a valid spec opens as a scenario: the first permutation, setup and session isolation', async () => {
    const { store, user } = await openEditor();
    const spec = `# Read skew
setup { CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 10), (2, 20); }
session a
setup { SET default_transaction_isolation = 'repeatable read'; }
step r1 { SELECT v FROM t WHERE id = 1; }
step r2 { SELECT v FROM t WHERE id = 2; }
session b
step w { UPDATE t SET v = v + 1; }
permutation r1 w r2
permutation w r1 r2
`;
    await user.upload(screen.getByLabelText('Import an isolation tester spec file'), file(spec, 'skew.spec'));
    await waitFor(() => expect(opened(store).title).toBe('Read skew'));
    expect(opened(store).options).toEqual({
      sessions: ['a', 'b'],
      setup: ['CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 10), (2, 20);'],
      isolation: { a: 'repeatable read' },
    });
    expect(opened(store).steps.map((s) => s.do.name)).toEqual(['r1', 'w', 'r2']);
    expect(screen.getByText('The spec lists 2 permutations; this is permutation 1.')).toBeTruthy();
    // The other permutation is one choice away.
    await user.selectOptions(screen.getByRole('combobox', { name: 'Permutation of skew.spec' }), '2: w r1 r2');
    await waitFor(() => expect(opened(store).steps.map((s) => s.do.name)).toEqual(['w', 'r1', 'r2']));
    expect(screen.getByText('The spec lists 2 permutations; this is permutation 2.')).toBeTruthy();
    // The editor now shows the imported scenario.
    expect(screen.getByRole('combobox', { name: 'Isolation level of session a' })).toHaveProperty('value', 'repeatable read');
    expect(within(screen.getByRole('list', { name: 'Steps in the order they run' })).getAllByRole('listitem')).toHaveLength(3);
  });
});
