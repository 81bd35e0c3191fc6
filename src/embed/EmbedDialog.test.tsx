// @vitest-environment jsdom
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { presetById } from '../scenarios';
import { ShareBar } from '../ui/ShareBar';
import { createAppStore } from '../ui/store';
import { StoreProvider } from '../ui/store-context';
import { createInProcessClient } from '../worker/in-process';
import { EmbedDialog, rangeProblem } from './EmbedDialog';
import { parseEmbedHash } from './embed-link';

const scenario = presetById('recipe-crash-after-commit')!.scenario;
const total = scenario.steps.length;
const APP = 'https://example.org/walk/#preset=recipe-crash-after-commit&step=2';

const snippetSrc = () => {
  const text = screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'HTML to paste' }).value;
  const src = /src="([^"]*)"/.exec(text)?.[1]?.replace(/&amp;/g, '&');
  return src === undefined ? null : new URL(src);
};

describe('When "Embed" is opened in a lab', () => {
  it('offers the snippet from the current step to the last, and the range can be edited', async () => {
    const user = userEvent.setup();
    render(<EmbedDialog scenario={scenario} step={2} total={total} appHref={APP} onClose={() => {}} />);
    expect(screen.getByRole('dialog', { name: 'Embed this scenario' })).toBeTruthy();
    let src = snippetSrc();
    expect(src?.pathname).toBe('/walk/embed.html');
    expect(parseEmbedHash(src?.hash ?? '')).toMatchObject({ from: 2, to: total });
    const to = screen.getByRole('spinbutton', { name: 'To step' });
    await user.clear(to);
    await user.type(to, '4');
    src = snippetSrc();
    expect(parseEmbedHash(src?.hash ?? '')).toMatchObject({ from: 2, to: 4 });
  });

  it('a range that is not one is named and cannot be copied', async () => {
    const user = userEvent.setup();
    render(<EmbedDialog scenario={scenario} step={3} total={total} appHref={APP} onClose={() => {}} />);
    const to = screen.getByRole('spinbutton', { name: 'To step' });
    await user.clear(to);
    await user.type(to, '1');
    expect(screen.getByRole('alert').textContent).toBe('From (3) is after to (1).');
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Copy snippet' }).disabled).toBe(true);
    expect(snippetSrc()).toBeNull();
  });

  it('copies the snippet, and Escape closes the dialog', async () => {
    const user = userEvent.setup();
    const writeText = vi.spyOn(navigator.clipboard, 'writeText');
    const onClose = vi.fn();
    render(<EmbedDialog scenario={scenario} step={0} total={total} appHref={APP} onClose={onClose} />);
    await user.click(screen.getByRole('button', { name: 'Copy snippet' }));
    expect(writeText).toHaveBeenCalledWith(expect.stringMatching(/^<iframe src="https:\/\/example\.org\/walk\/embed\.html#preset=/));
    await waitFor(() => expect(screen.getByText('Copied.')).toBeTruthy());
    await user.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalled();
  });
});

describe('When "Embed" is pressed in the share bar', () => {
  it('opens the dialog for the scenario and step on screen, and Close gives focus back', async () => {
    const store = createAppStore(() => createInProcessClient());
    await store.getState().open(scenario, 3);
    render(
      <StoreProvider store={store}>
        <ShareBar onHelp={() => {}} />
      </StoreProvider>,
    );
    const user = userEvent.setup();
    const button = screen.getByRole('button', { name: 'Embed' });
    await user.click(button);
    expect(screen.getByRole<HTMLInputElement>('spinbutton', { name: 'From step' }).value).toBe('3');
    expect(document.activeElement).toBe(screen.getByRole('spinbutton', { name: 'From step' }));
    expect(parseEmbedHash(snippetSrc()?.hash ?? '')).toMatchObject({ scenario, from: 3, to: total });
    await user.click(screen.getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(button);
  });
});

describe('When a typed range is checked', () => {
  it.each([
    ['0', '5', 5, null],
    ['', '5', 5, 'From must be a step number from 0 to 5.'],
    ['1', 'x', 5, 'To must be a step number from 0 to 5.'],
    ['1.5', '3', 5, 'From must be a step number from 0 to 5.'],
    ['0', '6', 5, 'This scenario has steps 0 to 5.'],
    ['4', '2', 5, 'From (4) is after to (2).'],
  ])('from %j to %j of %i: %s', (from, to, t, problem) => {
    expect(rangeProblem(from, to, t)).toBe(problem);
  });
});
