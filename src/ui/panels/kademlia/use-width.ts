import { type RefObject, useLayoutEffect, useRef, useState } from 'react';

/**
 * The pixel width of a box, kept current by a ResizeObserver: drawings take it as their
 * coordinate width, so one SVG unit is one CSS pixel and 12 px text stays 12 px on a phone.
 * `fallback` is the width before the first measurement (and where nothing lays out, as in
 * jsdom, whose boxes are 0 wide).
 */
export function useWidth<E extends HTMLElement>(fallback: number): [RefObject<E | null>, number] {
  const ref = useRef<E>(null);
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const read = () => {
      const w = Math.floor(el.clientWidth);
      if (w > 0) setWidth(w);
    };
    read();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(read);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}
