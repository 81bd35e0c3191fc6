// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createRef } from 'react';
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

it("adds a panel's own class to its look and hands its box to a ref", () => {
  const box = createRef<HTMLDivElement>();
  render(
    <ScrollX label="WAL tape (scrolls sideways)" className="tape-scroll" ref={box}>
      <svg aria-label="tape" />
    </ScrollX>,
  );
  const region = screen.getByRole('region', { name: 'WAL tape (scrolls sideways)' });
  expect([...region.classList]).toEqual(['scroll-x', 'tape-scroll']);
  expect(box.current).toBe(region);
});
