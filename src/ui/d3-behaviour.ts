import { select } from 'd3-selection';
import 'd3-transition';
import { type RefObject, useLayoutEffect, useRef } from 'react';

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
 * Create a behaviour on the element the returned ref is attached to, once; call its
 * `update` whenever `props` changes (by identity: memoise it), and destroy it on unmount.
 * `create` is read once, at mount. Layout effects, so an animation starts from the state
 * before paint (a new record never flashes in place before it fades in). The behaviour is
 * bound to the element present at mount: attach the ref to an element that stays.
 */
export function useD3Behaviour<E extends Element, P>(create: (el: E) => D3Behaviour<P>, props: P): RefObject<E | null> {
  const ref = useRef<E>(null);
  const behaviour = useRef<D3Behaviour<P> | null>(null);
  const make = useRef(create);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const b = make.current(el);
    behaviour.current = b;
    return () => {
      behaviour.current = null;
      b.destroy();
    };
  }, []);
  useLayoutEffect(() => {
    behaviour.current?.update(props);
  }, [props]);
  return ref;
}
