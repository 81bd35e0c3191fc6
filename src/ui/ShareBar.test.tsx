// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createInProcessClient } from '../worker/in-process';
import { ShareBar } from './ShareBar';
import { createAppStore } from './store';
import { StoreProvider } from './store-context';

function renderAt(width: number) {
  vi.stubGlobal('matchMedia', (query: string) => ({
    matches: /max-width: (\d+)px/.test(query) && width <= Number(/max-width: (\d+)px/.exec(query)?.[1]),
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  }));
  render(
    <StoreProvider store={createAppStore(() => createInProcessClient())}>
      <ShareBar onHelp={() => undefined} />
    </StoreProvider>,
  );
}

afterEach(() => vi.unstubAllGlobals());

describe('When the lab bar shares a scenario', () => {
  it('on a phone the four actions sit behind one Share button', () => {
    renderAt(390);
    const menu = screen.getByText('Share').closest('details');
    expect(menu).not.toBeNull();
    expect(menu?.querySelectorAll('button')).toHaveLength(4);
    expect(menu?.textContent).toMatch(/Copy link.*Export.*Import.*Embed/);
  });

  it('on a wider screen they are buttons of the bar', () => {
    renderAt(1024);
    expect(screen.queryByText('Share')).toBeNull();
    expect(screen.getByRole('button', { name: 'Copy link' }).closest('details')).toBeNull();
  });
});
