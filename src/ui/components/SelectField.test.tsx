// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { SelectField } from './SelectField';

describe('When a choice is made in a SelectField', () => {
  it('hands back the chosen value itself, a number as a number (Infinity included), found by its label', async () => {
    const onChange = vi.fn();
    render(
      <SelectField
        label="Speed"
        value={1}
        choices={[
          { value: 0.5, label: '0.5×' },
          { value: 1, label: '1×' },
          { value: Infinity, label: 'Max' },
        ]}
        onChange={onChange}
      />,
    );
    const select = screen.getByRole('combobox', { name: 'Speed' });
    expect((select as HTMLSelectElement).selectedOptions[0].textContent).toBe('1×');
    await userEvent.setup().selectOptions(select, 'Max');
    expect(onChange).toHaveBeenLastCalledWith(Infinity);
    await userEvent.setup().selectOptions(select, '0.5×');
    expect(onChange).toHaveBeenLastCalledWith(0.5);
  });
});
