import { type RefObject, useLayoutEffect, useRef } from 'react';

/**
 * Where a step's change must be seen. The timeline is sticky at the bottom of the window and
 * the narration strip (on narrow screens) at the top; a panel counts as on screen when its
 * heading lies wholly between them with MIN_VISIBLE pixels of room under it: the heading says
 * what changed, the body shows it.
 */
const MIN_VISIBLE = 200;

/** Space kept between a panel brought into view and the band's edge. */
const MARGIN = 8;

/** Room a heading takes with the panel's padding above it: what a short band keeps for it. */
const HEADING = 64;

/** How long after a step the view keeps re-aiming while the layout settles (longer than a slow device takes to draw a step). */
const SETTLE_MS = 5000;

/** What a reader does to take over the scrolling: the view stops re-aiming. */
const READER_MOVES = ['wheel', 'touchstart', 'pointerdown', 'keydown'] as const;

/**
 * The part of the window panels can be seen in: below the narration strip when it is held
 * above the panels (narrow screens, presenter mode), above the sticky timeline. `heldTop`
 * is where the band starts once the strip is held at the top of the window, which is where
 * it will be after the page scrolls down to a panel.
 */
export interface Band {
  readonly top: number;
  readonly bottom: number;
  readonly heldTop: number;
}

/** The band, measured (a layout read: only when the window, the strip or the timeline changes size). */
export function visibleBand(doc: Document): Band {
  const win = doc.defaultView;
  const height = win?.innerHeight ?? doc.documentElement.clientHeight;
  const timeline = doc.querySelector('.timeline');
  const bottom = timeline ? Math.min(height, timeline.getBoundingClientRect().top) : height;
  const strip = doc.querySelector('.narration');
  const panels = doc.querySelector('.lab-panels-root');
  let top = 0;
  let heldTop = 0;
  const style = strip && win?.getComputedStyle(strip);
  if (strip && panels && style?.position === 'sticky') {
    const s = strip.getBoundingClientRect();
    const p = panels.getBoundingClientRect();
    if (s.left < p.right && s.right > p.left) {
      top = Math.max(0, s.bottom);
      heldTop = (parseFloat(style.top) || 0) + s.height;
    }
  }
  return { top, bottom, heldTop };
}

/**
 * The watched part of the window as an IntersectionObserver's rootMargin: from under the held
 * strip to MIN_VISIBLE pixels above the timeline, so that a heading wholly inside has that much
 * of its panel under it on screen. A band too short for that (a phone held sideways) asks for
 * what it can hold, so the page does not move on every step for a panel it cannot show better.
 */
export function rootMargin(band: Band, windowHeight: number): string {
  const room = Math.max(0, Math.min(MIN_VISIBLE, band.bottom - band.heldTop - 2 * MARGIN - HEADING));
  return `${-band.heldTop}px 0px ${-(windowHeight - band.bottom + room)}px 0px`;
}

/**
 * The panels a step is about: of those it changed, the ones the scenario focuses on if it
 * changed any (the lesson is there), else the unfolded ones if any, and of those the ones of the highest priority (Panel's
 * `priority`: the VACUUM panels on a VACUUM step, not the buffer pool it also read), else all.
 * Attributes only: no layout is read.
 */
export function relevantPanels(root: ParentNode): HTMLElement[] {
  const all = [...root.querySelectorAll<HTMLElement>('.panel[data-changed]')];
  const focus = all.filter((el) => el.hasAttribute('data-focus'));
  // A folded panel shows only that it changed: one that draws the change comes first.
  const unfolded = all.filter((el) => !el.classList.contains('panel-folded'));
  const changed = focus.length > 0 ? focus : unfolded.length > 0 ? unfolded : all;
  const rank = (el: HTMLElement) => Number(el.dataset.priority ?? 0);
  const top = changed.reduce((n, el) => Math.max(n, rank(el)), 0);
  return changed.filter((el) => rank(el) === top);
}

/**
 * How far the page must scroll to show one of `panels`: the smallest move that puts a panel's
 * heading just below the top of the band (under the strip where one is held). Layout is read
 * here, only when no panel of the step shows.
 */
function nearestMove(panels: readonly HTMLElement[], band: Band): number | null {
  let best: number | null = null;
  for (const el of panels) {
    const r = el.getBoundingClientRect();
    if (r.height === 0) continue;
    const move = r.top - (band.heldTop + MARGIN);
    if (best === null || Math.abs(move) < Math.abs(best)) best = move;
  }
  return best;
}

/**
 * Keeps a step's change in view without reading layout on every step. One IntersectionObserver
 * watches every panel's heading against the band (`rootMargin`), so a step only looks up
 * whether one of its relevant panels shows; when none does, it measures them and scrolls to
 * the nearest. The decision waits one frame after the step, when the observer has seen the new
 * layout, and is taken again when the panels change size while the layout settles (a link
 * opened at step N, panels drawn at their measured width, fonts) until the reader scrolls,
 * clicks or presses a key, or SETTLE_MS pass. Without IntersectionObserver, nothing moves.
 */
export class ChangeInView {
  private readonly doc: Document;
  private readonly win: Window | null;
  private readonly heads = new Set<Element>();
  private readonly shown = new Set<Element>();
  private io: IntersectionObserver | null = null;
  private margin = '';
  /** The observer was made and has not reported yet. */
  private fresh = false;
  private band: Band = { top: 0, bottom: 0, heldTop: 0 };
  private readonly sizes: ResizeObserver | null = null;
  private sized: Element[] = [];
  private frame = 0;
  /** The step being kept in view (its scroll behaviour), until the reader takes over. */
  private settling: { smooth: boolean; stop: () => void } | null = null;

  constructor(private readonly root: HTMLElement) {
    this.doc = root.ownerDocument;
    this.win = typeof IntersectionObserver === 'undefined' ? null : this.doc.defaultView;
    if (!this.win) return;
    if (typeof ResizeObserver !== 'undefined') this.sizes = new ResizeObserver((entries) => this.resized(entries));
    this.win.addEventListener('resize', this.measure);
    this.measure();
  }

  /** After a step: show its change once the observer has seen the new layout. */
  afterStep(smooth: boolean): () => void {
    const win = this.win;
    if (!win) return () => {};
    this.settling?.stop();
    const stop = () => {
      win.clearTimeout(timer);
      for (const t of READER_MOVES) win.removeEventListener(t, stop);
      if (this.settling?.stop === stop) this.settling = null;
    };
    const timer = win.setTimeout(stop, SETTLE_MS);
    for (const t of READER_MOVES) win.addEventListener(t, stop, { passive: true });
    this.settling = { smooth, stop };
    this.watch();
    // This frame lays the step out and the observer sees it; the next one decides.
    this.decideAfter(2);
    return stop;
  }

  destroy(): void {
    this.settling?.stop();
    this.io?.disconnect();
    this.sizes?.disconnect();
    if (this.win) {
      this.win.cancelAnimationFrame(this.frame);
      this.win.removeEventListener('resize', this.measure);
    }
  }

  /** The band from the window, the strip and the timeline; a new observer when it moved. */
  private readonly measure = (): void => {
    const win = this.win;
    if (!win) return;
    const band = visibleBand(this.doc);
    const margin = rootMargin(band, win.innerHeight);
    this.band = band;
    this.observeSizes();
    if (this.io && this.margin === margin) return;
    this.margin = margin;
    this.io?.disconnect();
    this.shown.clear();
    this.io = new IntersectionObserver((entries) => this.saw(entries), { rootMargin: margin, threshold: 1 });
    for (const h of this.heads) this.io.observe(h);
    this.fresh = this.heads.size > 0;
  };

  /** Sizes that move the band (the strip, the timeline) or the panels (the root). */
  private observeSizes(): void {
    if (!this.sizes) return;
    const now = [this.root, this.doc.querySelector('.narration'), this.doc.querySelector('.timeline')].filter((e) => e !== null);
    if (now.length === this.sized.length && now.every((e, i) => e === this.sized[i])) return;
    this.sizes.disconnect();
    for (const e of now) this.sizes.observe(e);
    this.sized = now;
  }

  /** After layout (no extra layout read): the band may have moved; a settling step decides again on the new layout. */
  private resized(entries: readonly ResizeObserverEntry[]): void {
    if (entries.some((e) => e.target !== this.root)) this.measure();
    this.watch();
    if (this.settling) this.decideAfter(1);
  }

  /** Observe the headings of panels that appeared, forget those that left. */
  private watch(): void {
    for (const h of this.heads)
      if (!h.isConnected) {
        this.io?.unobserve(h);
        this.heads.delete(h);
        this.shown.delete(h);
      }
    for (const h of this.root.querySelectorAll('.panel > .panel-head'))
      if (!this.heads.has(h)) {
        this.heads.add(h);
        this.io?.observe(h);
        this.fresh ||= this.io !== null;
      }
  }

  private saw(entries: readonly IntersectionObserverEntry[]): void {
    if (entries.length > 0) this.fresh = false;
    for (const e of entries) {
      if (e.isIntersecting && e.intersectionRatio > 0.99) this.shown.add(e.target);
      else this.shown.delete(e.target);
    }
  }

  private decideAfter(frames: number): void {
    const win = this.win!;
    win.cancelAnimationFrame(this.frame);
    const tick = (left: number) => {
      this.frame = win.requestAnimationFrame(() => (left > 1 ? tick(left - 1) : this.decide()));
    };
    tick(frames);
  }

  /** Scroll to the step's nearest relevant panel unless one shows. */
  private decide(): void {
    const settling = this.settling;
    if (!settling || !this.io) return;
    this.saw(this.io.takeRecords());
    // A new observer or heading not reported yet: its first report comes with the next frame.
    if (this.fresh) return this.decideAfter(1);
    const panels = relevantPanels(this.root);
    if (panels.length === 0) return;
    if (panels.some((el) => this.shown.has(el.querySelector(':scope > .panel-head')!))) return;
    const move = nearestMove(panels, this.band);
    if (move === null || Math.abs(move) < 1) return;
    this.win!.scrollTo({ top: this.win!.scrollY + move, behavior: settling.smooth ? 'smooth' : 'auto' });
  }
}

/**
 * After each step, keep the step's change in view (`ChangeInView`), unless `follow` is off
 * (playing at Max: steps come faster than a reader can follow, and the page holds still).
 */
export function useChangeInView(
  root: RefObject<HTMLElement | null>,
  frame: { readonly step: number },
  smooth: boolean,
  follow: boolean,
): void {
  const keeper = useRef<ChangeInView | null>(null);
  useLayoutEffect(() => {
    if (!root.current) return;
    const k = new ChangeInView(root.current);
    keeper.current = k;
    return () => {
      k.destroy();
      keeper.current = null;
    };
  }, [root]);
  useLayoutEffect(() => {
    if (!follow || frame.step === 0) return;
    return keeper.current?.afterStep(smooth);
  }, [frame, smooth, follow]);
}
