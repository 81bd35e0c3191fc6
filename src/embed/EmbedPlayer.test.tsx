// @vitest-environment jsdom
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderInStore } from '../../test/support/app';
import { EmbedApp } from './EmbedApp';

// jsdom has no SVG geometry for d3's transform tweens: run as a reduced-motion user, who sees end states.
window.matchMedia = ((query: string) => ({ matches: query.includes('reduce'), media: query })) as unknown as typeof window.matchMedia;

/** The page that frames the player: what it is sent, and the window its commands come from. */
const host = { postMessage: vi.fn() };
beforeEach(() => {
  host.postMessage.mockClear();
  Object.defineProperty(window, 'parent', { value: host, configurable: true });
});
afterEach(() => {
  Object.defineProperty(window, 'parent', { value: window, configurable: true });
});

const openPlayer = (hash: string) => {
  window.location.hash = hash;
  return renderInStore(<EmbedApp />);
};
/** A message as the host page sends it (from the framing window unless said otherwise). */
const fromHost = (data: unknown, source: unknown = host) =>
  act(() => {
    const e = new MessageEvent('message', { data });
    Object.defineProperty(e, 'source', { value: source });
    window.dispatchEvent(e);
  });
const position = () => screen.getByRole('navigation', { name: 'Timeline' }).querySelector('.timeline-position strong')?.textContent;
const notices = () => host.postMessage.mock.calls.map(([m, origin]) => ({ ...m, origin }));

describe('When the player opens a preset with a step range', () => {
  it('shows the panels and narration at the first step of the range, and the timeline stays inside it', async () => {
    openPlayer('#preset=recipe-crash-after-commit&from=2&to=4');
    expect(await screen.findByRole('heading', { level: 2, name: /^Step 2 of \d+$/ })).toBeTruthy();
    expect(document.querySelectorAll('.lab-panels-root .panel').length).toBeGreaterThan(0);
    expect(screen.queryByRole('button', { name: /gallery/i })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Copy link' })).toBeNull();
    const timeline = screen.getByRole('navigation', { name: 'Timeline' });
    expect(within(timeline).getByRole<HTMLButtonElement>('button', { name: 'Step back' }).disabled).toBe(true);
    const user = userEvent.setup();
    await user.click(within(timeline).getByRole('button', { name: 'Step forward' }));
    await user.click(within(timeline).getByRole('button', { name: 'Step forward' }));
    await waitFor(() => expect(position()).toBe('4'));
    expect(within(timeline).getByRole<HTMLButtonElement>('button', { name: 'Step forward' }).disabled).toBe(true);
    const slider = within(timeline).getByRole<HTMLInputElement>('slider', { name: 'Scrub to step' });
    expect([slider.min, slider.max]).toEqual(['2', '4']);
    // The host heard of each step, with the scenario's total and the range.
    await waitFor(() => expect(notices().map((n) => n.step)).toEqual([2, 3, 4]));
    expect(notices()[0]).toMatchObject({ type: 'walkthrough:frame', from: 2, to: 4, origin: '*' });
    expect(notices()[0].total).toBeGreaterThan(4);
  });
});

describe('When keys are pressed in the player', () => {
  it('arrows, Home and End move within the range and no further', async () => {
    openPlayer('#preset=recipe-crash-after-commit&from=1&to=3');
    await screen.findByRole('heading', { level: 2, name: /^Step 1 of/ });
    const user = userEvent.setup();
    await user.keyboard('{ArrowLeft}');
    await user.keyboard('{ArrowRight}');
    await waitFor(() => expect(position()).toBe('2'));
    await user.keyboard('{End}');
    await waitFor(() => expect(position()).toBe('3'));
    await user.keyboard('{ArrowRight}');
    await user.keyboard('{Home}');
    await waitFor(() => expect(position()).toBe('1'));
    expect(notices().map((n) => n.step)).toEqual([1, 2, 3, 1]);
  });
});

describe('When the host page drives the player', () => {
  it('a seek moves inside the range; one outside it is clamped and said; a bad one is said and ignored', async () => {
    openPlayer('#preset=recipe-crash-after-commit&from=1&to=3');
    await screen.findByRole('heading', { level: 2, name: /^Step 1 of/ });
    await fromHost({ type: 'walkthrough:seek', step: 2 });
    await waitFor(() => expect(position()).toBe('2'));
    await fromHost({ type: 'walkthrough:seek', step: 40 });
    await waitFor(() =>
      expect(document.querySelector('.embed-note')?.textContent).toContain(
        'Step 40 is outside this player’s steps 1–3, so it shows step 3.',
      ),
    );
    await waitFor(() => expect(position()).toBe('3'));
    await fromHost({ type: 'walkthrough:seek', step: 'two' });
    await waitFor(() => expect(document.querySelector('.embed-note')?.textContent).toContain('step "two", which is not a step number'));
    expect(position()).toBe('3');
    // Another window's message, or another shape, changes nothing.
    await fromHost({ type: 'walkthrough:seek', step: 1 }, null);
    await fromHost({ kind: 'walkthrough:seek', step: 1 });
    expect(position()).toBe('3');
  });

  it('play runs to the end of the range and stops there; pause stops it', async () => {
    openPlayer('#preset=recipe-crash-after-commit&from=0&to=2');
    await screen.findByRole('heading', { level: 2, name: /^Step 0 of/ });
    await fromHost({ type: 'walkthrough:play' });
    expect(screen.getByRole('button', { name: 'Pause' })).toBeTruthy();
    await waitFor(() => expect(position()).toBe('1'));
    await fromHost({ type: 'walkthrough:pause' });
    expect(screen.getByRole('button', { name: 'Play' })).toBeTruthy();
    await fromHost({ type: 'walkthrough:play' });
    await waitFor(() => expect(position()).toBe('2'));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Play' })).toBeTruthy());
    expect(notices().map((n) => n.step)).toEqual([0, 1, 2]);
  });

  it('play stops at the end of the range when a seek took it there meanwhile', async () => {
    openPlayer('#preset=recipe-crash-after-commit&from=0&to=2');
    await screen.findByRole('heading', { level: 2, name: /^Step 0 of/ });
    await fromHost({ type: 'walkthrough:play' });
    await fromHost({ type: 'walkthrough:seek', step: 2 });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Play' })).toBeTruthy());
    expect(position()).toBe('2');
    expect(Math.max(...notices().map((n) => n.step))).toBe(2);
  });
});

describe('When the player’s link is bad', () => {
  it.each([
    ['#preset=nope&from=0&to=1', 'There is no preset "nope"'],
    ['#preset=recipe-crash-after-commit&from=3&to=1', 'from (3) is after to (1)'],
    ['#preset=recipe-crash-after-commit&to=500', 'goes past the end'],
    ['#s=1.%%%', 'could not be opened'],
  ])('%s says so inside the player', async (hash, words) => {
    openPlayer(hash);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(words);
    expect(host.postMessage).not.toHaveBeenCalled();
  });
});
