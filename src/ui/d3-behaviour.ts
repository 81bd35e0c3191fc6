import { select } from 'd3-selection';
import 'd3-transition';
import { type RefCallback, useCallback, useLayoutEffect, useRef } from 'react';

/**
 * A d3 behaviour bound to one element, the way xyflow wraps its d3 zoom and drag: React
 * creates it in an effect, feeds it new props with `update`, and `destroy`s it on unmount,
 * so no transition or timer outlives the component that started it.
 */
export interface D3Behaviour<P> {
  update(props: P): void;
  destroy(): void;
}

/**
 * Interrupt every transition on `root` and below (the unnamed ones and any named in
 * `names`): what every behaviour's `destroy` must do at least.
 */
export function interruptAll(root: Element, names: readonly string[] = []): void {
  for (const name of [undefined, ...names]) {
    select(root).interrupt(name);
    select(root).selectAll('*').interrupt(name);
  }
}

/**
 * Create a behaviour on the element the returned callback ref is attached to, and feed it `props`
 * (by identity: memoise them) whenever they change. A callback ref, not an object one: the element
 * may appear after the component mounted (a folded panel opened, a chart drawn once there is data)
 * or be replaced, and whenever it attaches a behaviour is created on it and given the current props;
 * when it detaches, or the component unmounts, that behaviour is destroyed. `create` is read once.
 * Layout effects, so an animation starts from the state before paint (a new record never flashes
 * in place before it fades in).
 */
export function useD3Behaviour<E extends Element, P>(create: (el: E) => D3Behaviour<P>, props: P): RefCallback<E> {
  const behaviour = useRef<D3Behaviour<P> | null>(null);
  const make = useRef(create);
  const latest = useRef(props);
  // The props the current behaviour was last given: each set is given once (an update can start a transition).
  const given = useRef<P | null>(null);
  const attach = useCallback((el: E | null) => {
    behaviour.current?.destroy();
    behaviour.current = el ? make.current(el) : null;
    given.current = null;
    if (behaviour.current) {
      behaviour.current.update(latest.current);
      given.current = latest.current;
    }
  }, []);
  useLayoutEffect(() => {
    latest.current = props;
    if (behaviour.current && given.current !== props) {
      behaviour.current.update(props);
      given.current = props;
    }
  }, [props]);
  return attach;
}
