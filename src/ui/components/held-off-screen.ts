import { type RefObject, useEffect, useRef, useState } from 'react';

/** How far outside the window an element still counts as in view: it is drawn before it scrolls in. */
const MARGIN = '200px 0px';

/** One observer for every watched element, each with its callback (told whether it is out of view). */
let observer: IntersectionObserver | null = null;
const watchers = new Map<Element, (off: boolean) => void>();

function watch(el: Element, onChange: (off: boolean) => void): () => void {
  if (typeof IntersectionObserver === 'undefined') return () => {};
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const e of entries) watchers.get(e.target)?.(!e.isIntersecting);
    },
    { rootMargin: MARGIN },
  );
  watchers.set(el, onChange);
  observer.observe(el);
  return () => {
    watchers.delete(el);
    observer?.unobserve(el);
  };
}

/**
 * `value` as it was when last drawn in view, while `hold` is on and the element is out of view
 * (more than MARGIN away); `value` itself otherwise. Handing React the same element as before
 * makes it skip that subtree: no diff, no DOM changes, no style or layout for it. Playing at Max,
 * a long lab page then redraws only what can be seen; a panel scrolled into view is drawn anew
 * (the observer's answer re-renders it), and so is every panel once the hold ends.
 */
export function useHeldOffScreen<T>(ref: RefObject<Element | null>, hold: boolean, value: T): T {
  const [off, setOff] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!hold || !el) return;
    const stop = watch(el, setOff);
    return () => {
      stop();
      setOff(false);
    };
  }, [ref, hold]);
  const held = useRef(value);
  if (!hold || !off) held.current = value;
  return held.current;
}
