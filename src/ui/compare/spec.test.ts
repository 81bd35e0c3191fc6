import { describe, expect, it } from 'vitest';
import { presetById } from '../../scenarios';
import { COMPARISONS } from '../../scenarios/compare';
import { comparisonHash, decodeCompareHash, encodeCompareHash, sideScenario, sideValues } from './spec';

describe('A comparison link', () => {
  it('reads a preset, an option and two values, and writes the same link back', () => {
    const spec = decodeCompareHash('#compare=txn-lost-update-rc&opt=isolation&a=read-committed&b=serializable&step=3');
    expect(spec.base.preset).toBe('txn-lost-update-rc');
    expect([spec.a, spec.b, spec.step]).toEqual(['read committed', 'serializable', 3]);
    expect(encodeCompareHash(spec)).toBe('#compare=txn-lost-update-rc&opt=isolation&a=read-committed&b=serializable&step=3');
  });

  it('carries a scenario that is not a preset as its s= payload', () => {
    const base = { ...presetById('kademlia-churn')!.scenario, title: 'My churn' };
    const hash = encodeCompareHash({ ...decodeCompareHash('#compare=kademlia-churn&opt=k&a=4&b=20'), base });
    expect(hash).toMatch(/^#compare=1\./);
    expect(decodeCompareHash(hash).base.title).toBe('My churn');
  });

  it('accepts any whole number in a numeric option’s range', () => {
    expect(decodeCompareHash('#compare=kademlia-churn&opt=k&a=3&b=20').a).toBe(3);
  });

  it('reads a third value (c=) and writes it back; without c= it has two sides', () => {
    const hash = '#compare=txn-write-skew&opt=isolation&a=read-committed&b=repeatable-read&c=serializable&step=2';
    const spec = decodeCompareHash(hash);
    expect(sideValues(spec)).toEqual(['read committed', 'repeatable read', 'serializable']);
    expect(encodeCompareHash(spec)).toBe(hash);
    expect(sideValues(decodeCompareHash('#compare=txn-write-skew&opt=isolation&a=read-committed&b=serializable'))).toHaveLength(2);
  });

  it.each([
    ['#compare=&opt=k&a=1&b=2', 'names no scenario'],
    ['#compare=nope&opt=k&a=1&b=2', 'There is no preset "nope"'],
    ['#compare=kademlia-churn&a=1&b=2', 'names no option to change (opt=). It offers: k, alpha.'],
    ['#compare=kademlia-churn&opt=isolation&a=1&b=2', 'The kademlia lab has no option "isolation" to compare. It offers: k, alpha.'],
    ['#compare=kademlia-churn&opt=k&a=4', 'needs both values of k: a= and b='],
    ['#compare=kademlia-churn&opt=k&a=4&b=99', '"99" is not a value of k: use 2, 4, 8 or 20, or a whole number from 1 to 64.'],
    ['#compare=txn-write-skew&opt=isolation&a=rr&b=serializable', '"rr" is not a value of isolation: use read-uncommitted, read-committed'],
    ['#compare=kademlia-churn&opt=k&a=4&b=4', 'Both sides have k = 4: choose two different values.'],
    ['#compare=kademlia-churn&opt=k&a=4&b=20&step=x', '"x" is not a step number'],
    ['#compare=kademlia-churn&opt=k&a=4&b=20&c=99', '"99" is not a value of k: use 2, 4, 8 or 20'],
    ['#compare=kademlia-churn&opt=k&a=4&b=20&c=', 'c= is empty: give a third value of k, or leave c= out.'],
    ['#compare=kademlia-churn&opt=k&a=4&b=20&c=4', 'Sides A and C both have k = 4: choose a different value for each side.'],
    ['#compare=kademlia-churn&opt=k&a=4&b=20&c=20', 'Sides B and C both have k = 20: choose a different value for each side.'],
    ['#compare=recipe-all-or-none&opt=k&a=4&b=20', 'The intent-log lab has no option to compare.'],
    ['#compare=repl-partition&opt=synchronous_standby_names&a=standby1&b=standby9', '"standby9" is not a value'],
  ])('%s says what is wrong', (hash, message) => {
    expect(() => decodeCompareHash(hash)).toThrow(message);
  });
});

describe('A side of a comparison', () => {
  const spec = decodeCompareHash('#compare=pg-async-commit&opt=synchronous_commit&a=on&b=off');

  it('runs the preset unchanged when its value is the preset’s own', () => {
    expect(sideScenario(spec, false)).toBe(spec.base);
  });

  it('with the other value, drops the preset’s words and outcome check, which describe the other run', () => {
    const side = sideScenario(spec, true);
    expect(side.options).toMatchObject({ synchronous_commit: true });
    expect(side.expect).toBeUndefined();
    expect(side.steps.every((s) => s.say === undefined)).toBe(true);
    expect(side.steps.map((s) => s.do)).toEqual(spec.base.steps.map((s) => s.do));
  });
});

describe('The gallery’s comparisons', () => {
  it.each(COMPARISONS.map((c) => [c.id, c] as const))('%s opens', (_id, c) => {
    expect(() => decodeCompareHash(comparisonHash(c))).not.toThrow();
  });
});
