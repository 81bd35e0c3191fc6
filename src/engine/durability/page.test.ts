import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addTuple,
  checksumOk,
  copyPage,
  ctid,
  fits,
  formatCtid,
  freeSpace,
  newPage,
  PAGE_HEADER_SIZE,
  PAGE_SIZE,
  pageChecksum,
  setXmax,
  tearPage,
  tupleLen,
  type HeapPage,
  lpOff,
} from './page';
import { pruneItems } from './page-prune';

const put = (page = newPage(), n = 1, key = 'k') => {
  for (let i = 0; i < n; i++) {
    const off = page.items.length + 1;
    addTuple(page, off, {
      xmin: 750,
      ctid: ctid(0, off),
      key: `${key}${i}`,
      data: { balance: i },
      len: tupleLen(`${key}${i}`, { balance: i }, []),
    });
  }
  return page;
};

describe('When a heap page is laid out', () => {
  it('starts empty: pd_lower after the 24-byte header, pd_upper at 8192', () => {
    const p = newPage();
    expect(p.lower).toBe(PAGE_HEADER_SIZE);
    expect(p.upper).toBe(PAGE_SIZE);
    expect(freeSpace(p)).toBe(PAGE_SIZE - PAGE_HEADER_SIZE - 4);
  });

  it('adds a 4-byte line pointer at the front and the MAXALIGNed tuple at the back', () => {
    const p = put();
    // 24-byte tuple header (23 aligned) + 'k0' as short text (3) + 1 byte of padding + an int4 (4) = 32.
    expect(p.items[0]!.len).toBe(32);
    expect(p.lower).toBe(28);
    expect(p.upper).toBe(PAGE_SIZE - 32);
    expect(lpOff(p.lp[0])).toBe(PAGE_SIZE - 32);
  });

  it('fills up after roughly 8 kB of tuples', () => {
    const p = newPage();
    let n = 0;
    while (fits(p, tupleLen(`k${n}`, { balance: n }, []))) put(p, 1, `x${n++}`);
    // 44 bytes per small row (40 + 4): 185 rows fit, as in a real page of such rows.
    expect(n).toBeGreaterThan(180);
    expect(n).toBeLessThan(190);
    expect(freeSpace(p)).toBeLessThan(48);
  });

  it('stamps xmax and t_ctid without touching the old tuple object (copies stay intact)', () => {
    const p = put(newPage(), 2);
    const image = copyPage(p);
    setXmax(p, 1, 751, ctid(0, 2));
    expect(p.items[0]!.xmax).toBe(751);
    expect(formatCtid(p.items[0]!.ctid)).toBe('(0,2)');
    expect(image.items[0]!.xmax).toBe(0);
  });
});

describe('When a page is checksummed', () => {
  it('verifies a page written whole', () => {
    const p = put(newPage(), 3);
    p.checksum = pageChecksum(p, 0);
    expect(checksumOk(p, 0)).toBe(true);
    // The block number is part of the checksum: the same bytes at another block fail.
    expect(checksumOk(p, 1)).toBe(false);
  });

  it('fails a torn page: first half new, second half old', () => {
    const old = put(newPage(), 3);
    old.checksum = pageChecksum(old, 0);
    const next = copyPage(old);
    setXmax(next, 1, 760, null); // the oldest tuple lives at the end of the page, in the second half
    next.lsn = 1234;
    next.checksum = pageChecksum(next, 0);
    const torn = tearPage(next, old);
    expect(torn.items[0]!.xmax).toBe(0);
    expect(torn.lsn).toBe(1234);
    expect(checksumOk(torn, 0)).toBe(false);
  });

  it('accepts an all-new page as PostgreSQL accepts an all-zero page', () => {
    expect(checksumOk(newPage(), 7)).toBe(true);
  });

  it('pruning packs the tuples left and cuts trailing unused line pointers (PageRepairFragmentation, PostgreSQL 15)', () => {
    const p = put(newPage(), 5);
    // Offset 2 becomes a redirect to 3; 4 and 5 are freed: the array ends at 3 (unused 4 and 5 go, pd_lower with them).
    pruneItems(p, [1, 0, 2, 3, 4, 5], 0);
    expect(p.items.map((t) => (t === null ? 'unused' : (t.lp ?? 'normal')))).toEqual(['normal', 'redirect', 'normal']);
    expect(p.lower).toBe(PAGE_HEADER_SIZE + 3 * 4);
    // An unused item inside the array stays (PageAddItem reuses it).
    pruneItems(p, [0, 0, 1], 0);
    expect(p.items.map((t) => (t === null ? 'unused' : (t.lp ?? 'normal')))).toEqual(['unused', 'redirect', 'normal']);
    expect(p.lower).toBe(PAGE_HEADER_SIZE + 3 * 4);
  });

  /** PageRepairFragmentation as written: every tuple with storage by falling lp_off, packed against the end. */
  const packed = (page: HeapPage): number[] => {
    const offs = page.lp.map(lpOff);
    const order = page.items.flatMap((t, i) => (t && !t.lp ? [i] : [])).sort((a, b) => offs[b] - offs[a]);
    let upper = PAGE_SIZE;
    for (const i of order) offs[i] = upper -= (page.items[i]!.len + 7) & ~7;
    return offs;
  };

  it('moves every tuple left to where sorting by lp_off and packing puts it, on pages with holes too', () => {
    const page = fc.record({
      rows: fc.array(fc.string({ maxLength: 40 }), { minLength: 2, maxLength: 60 }),
      // Reused slots: tuples placed at lower offsets than their neighbours', so slot order and lp_off order differ.
      reuse: fc.array(fc.nat(), { maxLength: 10 }),
      freed: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
      // A torn page's lost tuples leave holes in the tuple area, which a packed page never has.
      holes: fc.boolean(),
    });
    fc.assert(
      fc.property(page, ({ rows, reuse, freed, holes }) => {
        let p = newPage();
        rows.forEach((key, i) => addTuple(p, i + 1, { xmin: 750, ctid: ctid(0, i + 1), key, data: {}, len: tupleLen(key, {}, []) }));
        for (const r of reuse) {
          const at = (r % p.items.length) + 1;
          pruneItems(p, [0, 0, at], 0);
          if (at <= p.items.length && p.items[at - 1] === null) {
            addTuple(p, at, { xmin: 751, ctid: ctid(0, at), key: 'again', data: {}, len: tupleLen('again', {}, []) });
          }
        }
        if (holes) p = { ...p, items: p.items.map((t, i) => (i % 3 === 0 ? null : t)), lp: p.lp.map((w, i) => (i % 3 === 0 ? 0 : w)) };
        const gone = [...new Set(freed.map((f) => (f % p.items.length) + 1))].filter((o) => p.items[o - 1] !== null);
        const want = packed({ ...p, items: p.items.map((t, i) => (gone.includes(i + 1) ? null : t)) });
        pruneItems(p, [0, 0, ...gone], 0);
        p.items.forEach((t, i) => t && expect(lpOff(p.lp[i])).toBe(want[i]));
        expect(p.upper).toBe(Math.min(PAGE_SIZE, ...p.items.flatMap((t, i) => (t ? [lpOff(p.lp[i])] : []))));
      }),
    );
  });
});
