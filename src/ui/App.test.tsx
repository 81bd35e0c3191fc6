// @vitest-environment jsdom
import { screen } from '@testing-library/react';
import { Suspense } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { leaveApp, renderApp } from '../../test/support/app';
import { labFrames } from '../../test/support/frame-at';
import { presetById } from '../scenarios';
import { createInProcessClient } from '../worker/in-process';
import { lazyPanels, preloadLab } from './lab-chunks';

// jsdom has no SVG geometry for d3's transform tweens: run as a reduced-motion user, who sees end states.
window.matchMedia = ((query: string) => ({ matches: query.includes('reduce'), media: query })) as unknown as typeof window.matchMedia;
window.scrollTo = () => undefined;

const GALLERY = { level: 1, name: 'Watch databases work, step by step' } as const;

afterEach(leaveApp);

describe('When the page opens on a link to a lab', () => {
  it('says the link is opening instead of drawing the gallery first, then shows the lab', async () => {
    renderApp({ hash: '#preset=pool-of-10&step=2' });
    expect(screen.getByText('Opening the link…')).toBeTruthy();
    expect(screen.queryByRole('heading', GALLERY)).toBeNull();
    const title = presetById('pool-of-10')!.scenario.title;
    expect(await screen.findByRole('heading', { level: 1, name: title }, { timeout: 20_000 })).toBeTruthy();
    expect(screen.queryByText('Opening the link…')).toBeNull();
    expect(screen.queryByRole('heading', GALLERY)).toBeNull();
  });

  it('shows the gallery with the reason at once when the link cannot be read', () => {
    renderApp({ hash: '#s=not-a-scenario' });
    expect(screen.getByRole('heading', GALLERY)).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('could not be opened');
    expect(screen.queryByText('Opening the link…')).toBeNull();
  });

  it('shows the gallery with the reason when the engine cannot load the scenario the link holds', async () => {
    renderApp({
      hash: '#preset=pool-of-10',
      makeClient: () => ({ ...createInProcessClient(), load: () => Promise.reject(new Error('the engine broke')) }),
    });
    expect(screen.getByText('Opening the link…')).toBeTruthy();
    expect((await screen.findByRole('alert')).textContent).toContain('the engine broke');
    expect(screen.getByRole('heading', GALLERY)).toBeTruthy();
    expect(screen.queryByText('Opening the link…')).toBeNull();
  });
});

describe("When a lab's panel chunk has arrived before its first frame", () => {
  it('draws the panels in the first commit, with no Suspense fallback in between', async () => {
    // A lab no other test here has drawn, so its chunk has not been rendered before.
    await preloadLab('replication');
    const frame = labFrames('replication', 'repl-async-stale-read').at(2);
    const Panels = lazyPanels.replication;
    // Outside act, as the store's update renders in the browser: one synchronous commit, and no
    // retry of a suspended render before it (React.lazy would commit its fallback here).
    const act = (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT;
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;
    const host = document.body.appendChild(document.createElement('div'));
    const root = createRoot(host);
    try {
      flushSync(() =>
        root.render(
          <Suspense fallback={<p>Loading the lab…</p>}>
            <Panels frame={frame} duration={0} />
          </Suspense>,
        ),
      );
      expect(host.textContent).not.toContain('Loading the lab…');
      expect(host.querySelectorAll('.panel').length).toBeGreaterThan(0);
    } finally {
      root.unmount();
      host.remove();
      (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = act;
    }
  });
});
