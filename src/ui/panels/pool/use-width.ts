import { type RefObject, useLayoutEffect, useRef, useState } from 'react';

/**
 * The pixel width of an element, followed as it resizes, so a chart can be drawn 1:1 at that
 * width (its 12 px labels stay 12 px instead of shrinking with a viewBox). `fallback` until
 * measured, and where there is no layout (jsdom). Never below `min`: a narrower box scrolls.
 */
export function useWidth<E extends HTMLElement>(fallback: number, min: number): [RefObject<E | null>, number] {
  const ref = useRef<E>(null);
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const measure = () => {
      const w = Math.floor(el.clientWidth);
      if (w > 0) setWidth(Math.max(min, w));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [min]);
  return [ref, width];
}
