// @vitest-environment jsdom
import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ServerStatus } from './ServerStatus';

describe('ServerStatus', () => {
  it('When the server is up after recovery, says so after its glyph, which screen readers skip', () => {
    const { container } = render(<ServerStatus phase="running" detail="recovered" />);
    const line = container.querySelector('p.server.server-running');
    expect(line?.textContent).toBe('● Server up: recovered');
    expect(line?.querySelector('[aria-hidden="true"]')?.textContent).toBe('●');
  });
  it('When recovery failed, names it with its own class and glyph', () => {
    const { container } = render(<ServerStatus phase="failed" />);
    expect(container.querySelector('p.server-failed')?.textContent).toBe('✗ Server down: recovery failed');
  });
});
