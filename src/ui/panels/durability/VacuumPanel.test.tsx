// @vitest-environment jsdom
import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { labFrames } from '../../../../test/support/frame-at';
import { StepContext } from '../../components/Panel';
import { VacuumPanel } from './VacuumPanel';

describe('When the essentials view shows a VACUUM panel', () => {
  const { vacuum } = labFrames('durability', 'pg-vacuum-makes-room').at(0).view;
  const shown = (active: boolean) => {
    const { container, unmount } = render(
      <StepContext.Provider value={{ step: 1, events: [], essentials: true }}>
        <VacuumPanel vacuum={{ ...vacuum, active }} name="fsm" title="Free space map">
          <p className="body">pages</p>
        </VacuumPanel>
      </StepContext.Provider>,
    );
    const body = container.querySelector('.body') !== null;
    const folded = container.querySelector('.panel-folded') !== null;
    unmount();
    return { body, folded };
  };

  it('folds it while the run has nothing to show there', () => {
    expect(shown(false)).toEqual({ body: false, folded: true });
  });

  it('keeps it open, one of the essentials, once the run has', () => {
    expect(shown(true)).toEqual({ body: true, folded: false });
  });
});
