import { expect, type Page } from '@playwright/test';

/** The screens a lesson must work on: two phones (390 and 360 px wide), a laptop, and a projector (1280x720 at 150 % zoom). */
export const SCREENS = [
  { name: 'phone 390x844', viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 },
  { name: 'small phone 360x740', viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 },
  { name: 'laptop 1440x900', viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 },
  { name: 'projector 1280x720 at 150%', viewport: { width: 853, height: 480 }, deviceScaleFactor: 1.5 },
] as const;

/** The smallest text a lesson may show, in CSS pixels. */
const MIN_TEXT_PX = 12;

export interface Geometry {
  /** The page's width beyond the window's (0: no sideways scroll). */
  readonly overflowX: number;
  /** Rendered text under MIN_TEXT_PX: a description of each (at most five). */
  readonly smallText: readonly string[];
  /** Pairs of SVG labels whose boxes overlap (at most five). */
  readonly overlaps: readonly string[];
  /**
   * Panels the step marked as changed, and whether one of them is on screen: its heading wholly
   * in the visible band (not under the narration strip) and at least min(its height, 200 px) of
   * it visible.
   */
  readonly changed: number;
  readonly changedOnScreen: boolean;
  /** The same for the changed panels the scenario focuses on (its `focus`): the step's point. */
  readonly focusChanged: number;
  readonly focusOnScreen: boolean;
  /** Whether any panel is on screen (what step 0 needs). */
  readonly panelOnScreen: boolean;
}

/**
 * Measure what a reader sees now, from bounding boxes and computed styles. The visible
 * band is the window between the narration strip (where it is held over the panels) and
 * the sticky timeline, as the lab view computes it (src/ui/panels/in-view.ts); the page
 * cannot import that module, so the rule is written here again.
 */
export function measureLesson(page: Page): Promise<Geometry> {
  return page.evaluate((minPx) => {
    const MIN_VISIBLE = 80;
    const MIN_CHANGED_VISIBLE = 200;
    const doc = document;
    const timeline = doc.querySelector('.timeline');
    const bottom = timeline ? Math.min(innerHeight, timeline.getBoundingClientRect().top) : innerHeight;
    // Below the narration when it is a strip held over the panels (narrow screens, presenter mode).
    const strip = doc.querySelector('.narration');
    const panels = doc.querySelector('.lab-panels-root');
    let top = 0;
    if (strip && panels && getComputedStyle(strip).position === 'sticky') {
      const s = strip.getBoundingClientRect();
      const p = panels.getBoundingClientRect();
      if (s.left < p.right && s.right > p.left) top = Math.max(0, s.bottom);
    }
    const onScreen = (el: Element, min = MIN_VISIBLE) => {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) return false;
      return Math.min(r.bottom, bottom) - Math.max(r.top, top) >= Math.min(min, r.height);
    };
    // A changed panel shows its point: the heading that names it, and enough of its body.
    const changedShown = (el: Element) => {
      const head = el.querySelector('.panel-head')?.getBoundingClientRect();
      return head !== undefined && head.top >= top && head.bottom <= bottom && onScreen(el, MIN_CHANGED_VISIBLE);
    };
    const shown = (el: Element) => {
      const s = getComputedStyle(el);
      if (s.visibility === 'hidden' || s.display === 'none' || Number(s.opacity) === 0) return false;
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0;
    };
    const describe = (el: Element, px: number) =>
      `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${(el.textContent ?? '').trim().slice(0, 30)}" ${px.toFixed(1)}px`;

    const smallText: string[] = [];
    const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
    const seen = new Set<Element>();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el: Element | null = n.parentElement ?? null;
      if (!el || seen.has(el) || !(n.textContent ?? '').trim()) continue;
      seen.add(el);
      if (el.closest('[aria-hidden="true"], title, style, script, .sr-only') || !shown(el)) continue;
      let px = parseFloat(getComputedStyle(el).fontSize);
      if (el instanceof SVGGraphicsElement) {
        const m = el.getScreenCTM();
        if (m) px *= Math.sqrt(Math.abs(m.a * m.d - m.b * m.c));
      }
      if (px < minPx - 0.05 && smallText.length < 5) smallText.push(describe(el, px));
    }

    const overlaps: string[] = [];
    for (const svg of doc.querySelectorAll('svg')) {
      const boxes = [...svg.querySelectorAll('text')]
        .filter((t) => (t.textContent ?? '').trim() && !t.closest('[aria-hidden="true"]') && shown(t))
        .map((t) => ({ t, r: t.getBoundingClientRect() }));
      for (let i = 0; i < boxes.length && overlaps.length < 5; i++) {
        for (let j = i + 1; j < boxes.length && overlaps.length < 5; j++) {
          const a = boxes[i]!.r;
          const b = boxes[j]!.r;
          const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (w > 2 && h > 2)
            overlaps.push(`"${boxes[i]!.t.textContent?.trim().slice(0, 24)}" × "${boxes[j]!.t.textContent?.trim().slice(0, 24)}"`);
        }
      }
    }

    // A folded panel shows only that it changed: where the step changed an unfolded one, that one must show.
    const allChanged = [...doc.querySelectorAll('.lab-panels-root .panel[data-changed]')];
    const unfolded = allChanged.filter((el) => !el.classList.contains('panel-folded'));
    const changed = unfolded.length > 0 ? unfolded : allChanged;
    const focusChanged = changed.filter((el) => el.hasAttribute('data-focus'));
    return {
      overflowX: Math.max(0, doc.documentElement.scrollWidth - innerWidth),
      smallText,
      overlaps,
      changed: changed.length,
      changedOnScreen: changed.some(changedShown),
      focusChanged: focusChanged.length,
      focusOnScreen: focusChanged.some(changedShown),
      panelOnScreen: [...doc.querySelectorAll('.lab-panels-root .panel')].some((el) => onScreen(el)),
    };
  }, MIN_TEXT_PX);
}

/** What is wrong with a step's geometry, in words (empty: nothing). */
function lessonProblems(g: Geometry, step: number): string[] {
  const out: string[] = [];
  if (g.overflowX > 0) out.push(`the page scrolls sideways by ${g.overflowX}px`);
  if (g.smallText.length > 0) out.push(`text under 12px: ${g.smallText.join('; ')}`);
  if (g.overlaps.length > 0) out.push(`labels overlap: ${g.overlaps.join('; ')}`);
  if (step === 0 && !g.panelOnScreen) out.push('no panel on the first screen');
  if (step > 0 && g.changed === 0) out.push('no panel shows what this step changed');
  if (step > 0 && g.changed > 0 && !g.changedOnScreen) out.push('no changed panel shows its heading and 200 px of itself on screen');
  if (step > 0 && g.focusChanged > 0 && !g.focusOnScreen)
    out.push('the step changed a panel the lesson focuses on, but none of those shows its heading and 200 px of itself on screen');
  return out;
}

/**
 * A step's problems once its view has settled: after the step number changes, the view may still
 * be bringing a changed panel under the narration strip while panels finish drawing (slower on a
 * busy machine). Measure until nothing is wrong or SETTLE_MS pass, and report the last measurement.
 */
const SETTLE_MS = 10_000;
export async function settledProblems(page: Page, step: number): Promise<string[]> {
  let problems: string[] = [];
  await expect
    .poll(async () => (problems = lessonProblems(await measureLesson(page), step)), {
      timeout: SETTLE_MS,
      intervals: [100, 250, 500, 1000],
    })
    .toEqual([])
    .catch(() => undefined);
  return problems;
}
