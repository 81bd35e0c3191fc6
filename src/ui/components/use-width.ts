import { type RefObject, useLayoutEffect, useRef, useState } from 'react';

/**
 * The pixel width of an element, followed as it resizes, so a drawing can be laid out 1:1 for
 * that width (its 12 px labels stay 12 px instead of shrinking with a viewBox). `fallback`
 * until measured, and where there is no layout (jsdom). Never below `min`: a narrower box
 * scrolls. Measured before paint, so the first frame drawn already fits.
 */
export function useWidth<E extends HTMLElement>(fallback: number, min: number): [RefObject<E | null>, number] {
  const ref = useRef<E>(null);
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const w = Math.floor(el.clientWidth);
      if (w > 0) setWidth(Math.max(min, w));
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [min]);
  return [ref, width];
}
