/**
 * A browser's layout and IntersectionObserver for the scroll-into-view tests (jsdom has neither):
 * boxes given by hand, headings reported shown or not, animation frames run on demand.
 */
import { vi } from 'vitest';

/** Give an element a fixed box, as a browser's layout would. */
export function box(el: Element, top: number, height: number, left = 0, width = 800) {
  el.getBoundingClientRect = () => ({
    top,
    bottom: top + height,
    left,
    right: left + width,
    width,
    height,
    x: left,
    y: top,
    toJSON: () => ({}),
  });
}

/**
 * Install a fake IntersectionObserver whose targets are reported inside the band when `shown`
 * says so (asked when observed), and a requestAnimationFrame run by `frames()`. Returns the
 * window's scrollTo spy.
 */
export function fakeViewport(shown: (heading: Element) => boolean) {
  const observers: FakeObserver[] = [];
  class FakeObserver {
    readonly rootMargin: string;
    private records: { target: Element; isIntersecting: boolean; intersectionRatio: number }[] = [];
    constructor(
      readonly callback: IntersectionObserverCallback,
      options: IntersectionObserverInit = {},
    ) {
      this.rootMargin = options.rootMargin ?? '0px';
      observers.push(this);
    }
    observe(target: Element) {
      const s = shown(target);
      this.records.push({ target, isIntersecting: s, intersectionRatio: s ? 1 : 0 });
    }
    unobserve() {}
    disconnect() {}
    takeRecords() {
      const r = this.records;
      this.records = [];
      return r as unknown as IntersectionObserverEntry[];
    }
  }
  vi.stubGlobal('IntersectionObserver', FakeObserver);
  let queue: FrameRequestCallback[] = [];
  vi.spyOn(window, 'requestAnimationFrame').mockImplementation((cb) => queue.push(cb));
  vi.spyOn(window, 'cancelAnimationFrame').mockImplementation(() => {});
  const scrollTo = vi.spyOn(window, 'scrollTo').mockImplementation(() => {});
  return {
    scrollTo,
    observers,
    /** Run the animation frames requested so far, and those they request, `n` times. */
    frames(n = 3) {
      for (let i = 0; i < n; i++) {
        const run = queue;
        queue = [];
        for (const cb of run) cb(0);
      }
    },
  };
}
