import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/schema';
import { isProbeOf, parseAbout } from './names';

const txn = (ask: unknown) => ({
  v: 1,
  title: 't',
  seed: 1,
  lab: 'transactions',
  options: { sessions: ['s1'] },
  steps: [{ do: { type: 'step', session: 's1', sql: 'SELECT 1' }, ask }],
});

describe('When a step asks a question', () => {
  it('accepts a probe its lab defines, with or without an argument', () => {
    expect(parseScenario(txn({ q: 'Which value?', about: 'readValue(s1)' })).steps[0].ask?.about).toBe('readValue(s1)');
    expect(parseScenario(txn({ q: 'Who fails?', about: 'failedSession' })).steps[0].ask?.q).toBe('Who fails?');
  });

  it("refuses another lab's probe or an unknown one, naming the field and the lab's probes", () => {
    expect(() => parseScenario(txn({ q: 'From where?', about: 'redoStartLsn' }))).toThrow(/steps\.0\.ask\.about.*readValue, failedSession/);
    expect(() => parseScenario(txn({ q: 'x', about: 'readValue(s1' }))).toThrow(/steps\.0\.ask\.about/);
  });

  it('refuses a question without words, one too long, or one with an answer typed in', () => {
    expect(() => parseScenario(txn({ about: 'failedSession' }))).toThrow(/steps\.0\.ask\.q/);
    expect(() => parseScenario(txn({ q: 'x'.repeat(301), about: 'failedSession' }))).toThrow(/steps\.0\.ask\.q/);
    expect(() => parseScenario(txn({ q: 'x', about: 'failedSession', answer: 's1' }))).toThrow(/answer/);
  });

  it('reads `name(argument)` and refuses names that are not a lab or a probe', () => {
    expect(parseAbout('readValue(standby1.alice)')).toEqual({ name: 'readValue', arg: 'standby1.alice' });
    expect(parseAbout('decision')).toEqual({ name: 'decision', arg: null });
    expect(isProbeOf('pool', 'serverConnections')).toBe(true);
    expect(isProbeOf('pool', 'constructor')).toBe(false);
    expect(isProbeOf('__proto__', 'readValue')).toBe(false);
  });
});
