// @vitest-environment jsdom
import { act, render } from '@testing-library/react';
import { useMemo, useState } from 'react';
import { describe, expect, it } from 'vitest';
import { type D3Behaviour, useD3Behaviour } from './d3-behaviour';

/** A behaviour that writes down what happens to it. */
function recorder(log: string[]) {
  let made = 0;
  return (el: Element): D3Behaviour<{ at: number }> => {
    const id = ++made;
    log.push(`create ${id} on ${el.tagName.toLowerCase()}`);
    return {
      update: ({ at }) => log.push(`update ${id} to ${at}`),
      destroy: () => log.push(`destroy ${id}`),
    };
  };
}

let open: (v: boolean) => void = () => {};

/** A chart whose dot is drawn only once its box is opened, as a folded panel draws its children. */
function Chart({ at, create }: { at: number; create: (el: Element) => D3Behaviour<{ at: number }> }) {
  const props = useMemo(() => ({ at }), [at]);
  const dot = useD3Behaviour(create, props);
  return <Box>{<g ref={dot} />}</Box>;
}
function Box({ children }: { children: React.ReactNode }) {
  const [shown, setShown] = useState(false);
  open = setShown;
  return <svg>{shown && children}</svg>;
}

describe('When a d3 behaviour is bound to an element that appears after its component mounted', () => {
  it('is created when the element attaches, given the current props once, updated on change, destroyed when it goes', () => {
    const log: string[] = [];
    const create = recorder(log);
    const view = render(<Chart at={1} create={create} />);
    expect(log).toEqual([]);
    view.rerender(<Chart at={2} create={create} />);
    expect(log).toEqual([]);
    act(() => open(true));
    expect(log).toEqual(['create 1 on g', 'update 1 to 2']);
    view.rerender(<Chart at={2} create={create} />);
    view.rerender(<Chart at={3} create={create} />);
    expect(log.slice(2)).toEqual(['update 1 to 3']);
    act(() => open(false));
    expect(log.slice(3)).toEqual(['destroy 1']);
    act(() => open(true));
    expect(log.slice(4)).toEqual(['create 2 on g', 'update 2 to 3']);
    view.unmount();
    expect(log.slice(6)).toEqual(['destroy 2']);
  });

  it('is given its first props once when the element is there from the start', () => {
    const log: string[] = [];
    function Always({ at }: { at: number }) {
      const props = useMemo(() => ({ at }), [at]);
      const ref = useD3Behaviour(recorder(log), props);
      return <svg ref={ref} />;
    }
    const view = render(<Always at={1} />);
    expect(log).toEqual(['create 1 on svg', 'update 1 to 1']);
    view.unmount();
    expect(log).toEqual(['create 1 on svg', 'update 1 to 1', 'destroy 1']);
  });
});
