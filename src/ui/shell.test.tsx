// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderInStore } from '../../test/support/app';
import { BusyIndicator } from './BusyIndicator';
import { EngineFailureView } from './EngineFailureView';
import { Timeline } from './Timeline';

const withStore = (ui: React.ReactNode) => renderInStore(ui);

describe('When the engine is slow', () => {
  it('the status says where the timeline is heading, and the work can be stopped', async () => {
    const store = withStore(<BusyIndicator />);
    const status = screen.getByRole('status', { name: 'Engine progress' });
    expect(status.textContent).toBe('');
    store.setState({ busy: { kind: 'step', step: 3, title: 'x' } });
    expect((await screen.findByRole('status', { name: 'Engine progress' })).textContent).toBe('Working… step 3');
    const stopWork = vi.fn();
    store.setState({ busy: { kind: 'open', step: 1, title: '100,000 nodes' }, stopWork });
    await vi.waitFor(() => expect(status.textContent).toBe('Working… opening “100,000 nodes” at step 1'));
    await userEvent.setup().click(screen.getByRole('button', { name: 'Stop' }));
    expect(stopWork).toHaveBeenCalled();
    store.setState({ busy: null });
    await vi.waitFor(() => expect(screen.queryByRole('button', { name: 'Stop' })).toBeNull());
  });
});

describe('When the engine has failed on the gallery', () => {
  it('the message names what happened and offers to try again or pick another scenario', async () => {
    const store = withStore(<EngineFailureView />);
    expect(screen.queryByRole('alert')).toBeNull();
    store.setState({
      engine: 'failed',
      engineError: '“Big” could not be opened. The engine gave no answer within 60 s, so it was stopped.',
    });
    const alert = await screen.findByRole('alert', { name: 'The engine stopped' });
    expect(alert.textContent).toContain('no answer within 60 s');
    const restartEngine = vi.fn();
    store.setState({ restartEngine });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    expect(restartEngine).toHaveBeenCalled();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Pick another scenario' }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(store.getState().engine).toBe('idle');
  });
});

describe('When the timeline is given onStep', () => {
  it('the step buttons move by one through it (so presses queue) instead of seeking', async () => {
    const onStep = vi.fn();
    const onSeek = vi.fn();
    render(
      <Timeline
        step={2}
        total={5}
        playing={false}
        speed={1}
        labels={['a', 'b', 'c', 'd', 'e']}
        onSeek={onSeek}
        onStep={onStep}
        onPlay={vi.fn()}
        onSpeed={vi.fn()}
      />,
    );
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Step forward' }));
    await user.click(screen.getByRole('button', { name: 'Step back' }));
    expect(onStep.mock.calls).toEqual([[1], [-1]]);
    expect(onSeek).not.toHaveBeenCalled();
  });
});
