// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { expect, it } from 'vitest';
import { ScrollX } from './ScrollX';

it('is a labelled region that the keyboard reaches, holding what it scrolls', async () => {
  render(
    <>
      <button type="button">before</button>
      <ScrollX label="Outcomes per level (scrolls sideways)">
        <table aria-label="outcomes">
          <tbody>
            <tr>
              <td>40</td>
            </tr>
          </tbody>
        </table>
      </ScrollX>
    </>,
  );
  const region = screen.getByRole('region', { name: 'Outcomes per level (scrolls sideways)' });
  expect(region.classList.contains('scroll-x')).toBe(true);
  expect(region.contains(screen.getByRole('table', { name: 'outcomes' }))).toBe(true);
  screen.getByRole('button', { name: 'before' }).focus();
  await userEvent.tab();
  expect(document.activeElement).toBe(region);
});
