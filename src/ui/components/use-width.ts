import { type RefObject, useLayoutEffect, useRef, useState } from 'react';

/**
 * The pixel width of a box, kept current by a ResizeObserver: drawings take it as their
 * coordinate width, so one SVG unit is one CSS pixel and 12 px text stays 12 px on a phone.
 * Kept between `min` (a narrower box scrolls the drawing inside it) and `max`. `fallback` is
 * the width before the first measurement, and where nothing lays out (jsdom's boxes are 0 wide).
 */
export function useWidth<E extends HTMLElement>(
  fallback: number,
  { min = 0, max = Infinity }: { min?: number; max?: number } = {},
): [RefObject<E | null>, number] {
  const ref = useRef<E>(null);
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const read = () => {
      const w = Math.floor(el.clientWidth);
      if (w > 0) setWidth(Math.max(min, Math.min(max, w)));
    };
    read();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(read);
    ro.observe(el);
    return () => ro.disconnect();
  }, [min, max]);
  return [ref, width];
}
