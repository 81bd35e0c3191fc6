import { describe, expect, it } from 'vitest';
import { AppendList, TxnTable } from './persistent';

const numbers = (n: number) => {
  const list = AppendList.empty<number>();
  for (let i = 0; i < n; i++) list.push(i);
  return list;
};

describe('When an append-only list is copied', () => {
  it('reads like an array across sealed chunks and the tail', () => {
    const list = numbers(600);
    const array = Array.from({ length: 600 }, (_, i) => i);
    expect(list).toHaveLength(600);
    expect([...list]).toEqual(array);
    for (const i of [0, 255, 256, 511, 512, 599, -1, -400, 600, -601]) expect(list.at(i)).toBe(array.at(i));
    for (const [a, b] of [[], [-400], [250, 260], [-10, -2], [590, 700], [5, 3]] as [number?, number?][])
      expect(list.slice(a, b)).toEqual(array.slice(a, b));
  });

  it('appending to the copy or to the original never shows in the other, across a chunk boundary', () => {
    const original = numbers(250);
    const copy = original.copy();
    for (let i = 0; i < 20; i++) copy.push(1000 + i);
    for (let i = 0; i < 30; i++) original.push(2000 + i);
    const again = original.copy();
    again.push(-1);
    expect([...copy]).toEqual([...numbers(250), ...Array.from({ length: 20 }, (_, i) => 1000 + i)]);
    expect([...original]).toEqual([...numbers(250), ...Array.from({ length: 30 }, (_, i) => 2000 + i)]);
    expect(again.at(-1)).toBe(-1);
    expect(original).toHaveLength(280);
  });
});

describe('When transaction statuses are copied', () => {
  it('iterate in the order the transactions began, with their latest status, past many sealed maps', () => {
    const txns = TxnTable.empty();
    for (let i = 0; i < 1000; i++) txns.set(`T${i}`, 'active');
    for (let i = 999; i >= 0; i--) txns.set(`T${i}`, i % 3 === 0 ? 'aborted' : i % 7 === 0 ? 'lost' : 'committed');
    const expected = Array.from({ length: 1000 }, (_, i) => [`T${i}`, i % 3 === 0 ? 'aborted' : i % 7 === 0 ? 'lost' : 'committed']);
    expect([...txns]).toEqual(expected);
    expect(Object.entries(txns.toRecord())).toEqual(expected);
    expect(txns.size).toBe(1000);
    expect([...txns.open()].map(([tx]) => tx)).toEqual(expected.filter(([, s]) => s === 'lost').map(([tx]) => tx));
  });

  it('a change to a copy leaves the original as it was, and the other way round', () => {
    const txns = TxnTable.empty();
    for (let i = 0; i < 300; i++) txns.set(`T${i}`, 'active');
    for (let i = 0; i < 50; i++) txns.set(`T${i}`, 'committed');
    const copy = txns.copy();
    for (let i = 50; i < 100; i++) copy.set(`T${i}`, 'aborted');
    copy.set('T300', 'active');
    txns.set('T60', 'committed');
    expect(copy.get('T60')).toBe('aborted');
    expect(txns.get('T80')).toBe('active');
    expect(txns.get('T300')).toBeUndefined();
    expect(txns.size).toBe(300);
    expect(copy.get('T80')).toBe('aborted');
    expect([...txns.open()]).toHaveLength(249);
    expect([...copy.open()]).toHaveLength(201);
    expect([...copy.open()].at(-1)).toEqual(['T300', 'active']);
  });
});
