import { describe, expect, it } from 'vitest';
import { frameNotice, readCommand } from './messages';

describe('When a host page sends the player a message', () => {
  it('the three commands are read', () => {
    expect(readCommand({ type: 'walkthrough:seek', step: 3 })).toEqual({ type: 'walkthrough:seek', step: 3 });
    expect(readCommand({ type: 'walkthrough:play' })).toEqual({ type: 'walkthrough:play' });
    expect(readCommand({ type: 'walkthrough:pause', extra: 1 })).toEqual({ type: 'walkthrough:pause' });
  });

  it('a seek to something that is not a whole step is named, not followed', () => {
    expect(readCommand({ type: 'walkthrough:seek', step: 2.5 })).toEqual({ type: 'bad-seek', shown: '2.5' });
    expect(readCommand({ type: 'walkthrough:seek', step: '3' })).toEqual({ type: 'bad-seek', shown: '"3"' });
    expect(readCommand({ type: 'walkthrough:seek' })).toEqual({ type: 'bad-seek', shown: 'undefined' });
    expect(readCommand({ type: 'walkthrough:seek', step: Number.NaN })).toEqual({ type: 'bad-seek', shown: 'NaN' });
    expect(readCommand({ type: 'walkthrough:seek', step: 2 ** 60 })).toMatchObject({ type: 'bad-seek' });
  });

  it('anything else is ignored', () => {
    for (const data of [null, 'walkthrough:play', 3, ['walkthrough:play'], {}, { type: 'walkthrough:frame', step: 1 }, { type: 'eval' }])
      expect(readCommand(data)).toBeNull();
  });

  it('the notice the player sends back carries step numbers only', () => {
    expect(frameNotice(3, 7, 2, 5)).toEqual({ type: 'walkthrough:frame', step: 3, total: 7, from: 2, to: 5 });
  });
});
