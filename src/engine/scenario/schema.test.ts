import { describe, expect, it } from 'vitest';
import { parseScenario } from './schema';

const base = { v: 1, title: 't', seed: 1 };

describe('When a scenario names something __proto__', () => {
  it('refuses it with the field path, in every lab that keys plain objects by name', () => {
    const cases = [
      { ...base, lab: 'transactions', options: { sessions: ['__proto__'] }, steps: [] },
      { ...base, lab: 'kademlia', options: {}, steps: [{ do: { type: 'build', nodes: 2, names: ['a', '__proto__'] } }] },
      { ...base, lab: 'intent-log', options: { tables: {} }, steps: [{ do: { type: 'begin', tx: '__proto__' } }] },
    ];
    for (const c of cases) expect(() => parseScenario(c), c.lab).toThrow(/__proto__ is reserved/);
  });

  it('accepts the same scenarios with an ordinary name', () => {
    expect(parseScenario({ ...base, lab: 'transactions', options: { sessions: ['s1'] }, steps: [] }).lab).toBe('transactions');
    expect(
      parseScenario({ ...base, lab: 'kademlia', options: {}, steps: [{ do: { type: 'build', nodes: 2, names: ['a', 'b'] } }] }).lab,
    ).toBe('kademlia');
  });

  it('keeps a lab’s own limit on top of the shared name: Kademlia node names stay within 32 characters', () => {
    const long = 'n'.repeat(33);
    expect(() =>
      parseScenario({ ...base, lab: 'kademlia', options: {}, steps: [{ do: { type: 'build', nodes: 2, names: [long] } }] }),
    ).toThrow(/steps\.0\.do\.names\.0/);
  });
});
