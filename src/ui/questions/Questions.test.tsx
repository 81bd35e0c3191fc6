// @vitest-environment jsdom
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { presetById } from '../../scenarios';
import { createInProcessClient } from '../../worker/in-process';
import { createAppStore } from '../store';
import { StoreProvider } from '../store-context';
import { Questions } from './Questions';
import { forgetLinkAnswers, noteLinkAnswers } from './shared-answers';

// Two cooks, one crash: step 8 (recovery) asks which transactions recovery keeps; the engine says T2.
const scenario = presetById('two-cooks-one-crash')?.scenario;
if (!scenario) throw new Error('preset missing');

async function openAt(step: number) {
  const store = createAppStore(() => createInProcessClient());
  await store.getState().open(scenario!, step);
  render(
    <StoreProvider store={store}>
      <Questions />
    </StoreProvider>,
  );
  return store;
}
const step = (store: Awaited<ReturnType<typeof openAt>>) => store.getState().frame?.step;

afterEach(() => forgetLinkAnswers());

describe('When the next step asks a question', () => {
  it('asks before the step runs, with the choices the engine could give and Skip', async () => {
    const store = await openAt(7);
    const card = screen.getByRole('form', { name: 'Question before step 8' });
    expect(card.textContent).toContain('Which transactions does it keep?');
    expect(screen.getAllByRole('radio').map((r) => (r as HTMLInputElement).value)).toEqual(['T1', 'T2', 'T1 and T2', 'none']);
    expect(screen.getByRole('button', { name: 'Skip' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Answer and run' })).toHaveProperty('disabled', true);
    expect(step(store)).toBe(7);
  });

  it('an answer runs the step, and the reveal says right and why', async () => {
    const store = await openAt(7);
    const user = userEvent.setup();
    await user.click(screen.getByRole('radio', { name: 'T2' }));
    await user.click(screen.getByRole('button', { name: 'Answer and run' }));
    await waitFor(() => expect(step(store)).toBe(8));
    const reveal = await screen.findByRole('status');
    expect(reveal.textContent).toMatch(/✓ Right:.*the answer is T2\. .*COMMIT record/);
    expect(screen.getByText('Your predictions: 1 of 1 right')).toBeTruthy();
  });

  it('is answered from the keyboard: a number picks, Enter answers', async () => {
    const store = await openAt(7);
    const user = userEvent.setup();
    // Focus on a button elsewhere (as after clicking Play): the keys still answer.
    const play = document.body.appendChild(document.createElement('button'));
    play.focus();
    await user.keyboard('1');
    expect(screen.getByRole('radio', { name: 'T1' })).toHaveProperty('checked', true);
    await user.keyboard('{Enter}');
    await waitFor(() => expect(step(store)).toBe(8));
    expect((await screen.findByRole('status')).textContent).toMatch(/✗ Not quite: you said T1; the answer is T2/);
    expect(screen.getByText('Your predictions: 0 of 1 right')).toBeTruthy();
  });

  it('Skip runs the step and still shows the answer; stepping on without answering is a skip too', async () => {
    const store = await openAt(7);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Skip' }));
    await waitFor(() => expect(step(store)).toBe(8));
    expect((await screen.findByRole('status')).textContent).toMatch(/Skipped:.*the answer is T2/);
    expect(screen.getByText('(1 skipped)')).toBeTruthy();

    await act(() => store.getState().seek(7));
    await act(() => store.getState().stepBy(1));
    expect((await screen.findByRole('status')).textContent).toMatch(/Skipped/);
  });

  it('playback pauses where the next step asks', async () => {
    const store = await openAt(6);
    act(() => store.getState().setPlaying(true));
    await act(() => store.getState().advance(1));
    expect(step(store)).toBe(7);
    expect(store.getState().playing).toBe(false);
    expect(screen.getByRole('form', { name: 'Question before step 8' })).toBeTruthy();
  });
});

describe('When answers are shared', () => {
  it('"Share my answers" gives a link with them; the address bar never carries them', async () => {
    const store = await openAt(7);
    const user = userEvent.setup();
    await user.click(screen.getByRole('radio', { name: 'T2' }));
    await user.click(screen.getByRole('button', { name: 'Answer and run' }));
    await waitFor(() => expect(step(store)).toBe(8));
    expect(window.location.href).not.toContain('answers');
    expect(screen.queryByRole('form')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Share my answers' }));
    const link = screen.getByRole('textbox', { name: 'Link with my answers' }) as HTMLInputElement;
    expect(link.value).toMatch(/#preset=two-cooks-one-crash&answers=8\.2$/);

    // Opening the same preset again (a link, the gallery) is a new attempt: the question is asked again.
    await act(() => store.getState().open(scenario!, 7));
    expect(screen.getByRole('form', { name: 'Question before step 8' })).toBeTruthy();
  });

  it('a link with answers selects the shared pick; a malformed one says what is wrong', async () => {
    noteLinkAnswers(scenario!, '#preset=two-cooks-one-crash&step=7&answers=8.3');
    await openAt(7);
    expect(screen.getByRole('radio', { name: 'T1 and T2' })).toHaveProperty('checked', true);
    expect(screen.getByText(/shared attempt/)).toBeTruthy();
  });

  it('names a malformed answers part in words', async () => {
    noteLinkAnswers(scenario!, '#preset=two-cooks-one-crash&answers=3.1');
    await openAt(7);
    expect(screen.getByText('Step 3 of this scenario asks no question, yet the link answers one.')).toBeTruthy();
  });
});
