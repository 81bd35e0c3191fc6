/**
 * Frame times while a preset plays at maximum speed in headless Chromium: the
 * deltas between consecutive requestAnimationFrame callbacks over ~3 s, with play
 * restarted whenever it reaches the end (clicking Play at the end starts over from
 * step 0). Headless Chromium without a GPU paces frames with its own timer rather
 * than a display's vsync, so the numbers are as measured there.
 */
import { launchChromium } from './browser';
import { rendererMainCpuSeconds } from './renderer-cpu';
import { max, median, p95, round } from './stats';
import type { Bench, BenchContext, Figure } from './types';

const PRESET = 'two-cooks-one-crash';
const RECORD_MS = 3000;
const WARMUP_MS = 300;
const PLAY = 'button.play[aria-label="Play"]';

interface Recording {
  deltas: number[];
  restarts: number;
  longTasks: number[];
  /** How many times the timeline's step changed while recording: the steps drawn. */
  drawn: number;
}

/** What one playback recording gives: the page idle, then playing at Max speed. */
export interface Playback extends Recording {
  /** Renderer main-thread task time / wall time while playing (and while idle). */
  readonly busy: number;
  /** Renderer main-thread CPU time / wall time: the busy share without the time spent waiting for a core. */
  readonly cpu: number;
  readonly idle: Recording & { readonly busy: number; readonly cpu: number };
  /** The timeline position when recording stopped. */
  readonly step: string | null;
}

/**
 * The in-page recorder, as plain JavaScript source: tsx compiles this file with
 * esbuild's keepNames, whose `__name(...)` helper does not exist in the page, so
 * the function cannot be handed to page.evaluate as a compiled closure.
 * It resolves with the rAF deltas after a warm-up, clicking Play whenever playback
 * has stopped at the end (play: a selector, or null to record an idle page), and
 * collects long tasks for the diagnosis.
 */
const RECORDER = `({ recordMs, warmupMs, play }) => new Promise((resolve) => {
  const deltas = [];
  const longTasks = [];
  let restarts = 0;
  let drawn = 0;
  let shown = null;
  let start = -1;
  let last = -1;
  const observer = PerformanceObserver.supportedEntryTypes.includes('longtask')
    ? new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (start >= 0) longTasks.push(e.duration);
      })
    : null;
  if (observer) observer.observe({ type: 'longtask' });
  const t0 = performance.now();
  const loop = (now) => {
    const button = play ? document.querySelector(play) : null;
    if (button && !button.disabled) {
      button.click();
      restarts += 1;
    }
    if (now - t0 >= warmupMs) {
      const position = document.querySelector('.timeline-position strong');
      const step = position ? position.textContent : null;
      if (start >= 0 && step !== shown) drawn += 1;
      shown = step;
      if (start < 0) start = now;
      else deltas.push(now - last);
      last = now;
      if (now - start >= recordMs) {
        if (observer) observer.disconnect();
        resolve({ deltas, restarts, longTasks, drawn });
        return;
      }
    }
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
})`;

/**
 * Open the app at `hash` (a `#preset=` or `#s=` link), record rAF deltas on the idle page,
 * then while it plays at Max speed (restarting at the end). Shared by the benches that
 * measure playback (frames, durability).
 */
export async function recordPlayback(ctx: BenchContext, hash: string): Promise<Playback> {
  const url = await ctx.previewUrl();
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${url}${hash}`);
    await page.waitForSelector(`${PLAY}:not([disabled])`, { state: 'visible', timeout: 30_000 });
    // Main-thread time (Chromium's TaskDuration, in seconds) spent while recording, for the diagnosis.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const taskSeconds = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return metrics.find((m) => m.name === 'TaskDuration')?.value ?? Number.NaN;
    };
    const record = async (play: string | null) => {
      const args = { recordMs: RECORD_MS, warmupMs: WARMUP_MS, play };
      const before = await taskSeconds();
      const cpuBefore = rendererMainCpuSeconds();
      const t0 = performance.now();
      const rec = (await page.evaluate(`(${RECORDER})(${JSON.stringify(args)})`)) as Recording;
      const wall = (performance.now() - t0) / 1000;
      const busy = ((await taskSeconds()) - before) / wall;
      const cpu = (rendererMainCpuSeconds() - cpuBefore) / wall;
      return { ...rec, busy, cpu };
    };
    // Baseline: the same page, paused. It shows how headless Chromium paces frames with nothing to do.
    const idle = await record(null);
    await page.locator('label.speed select').selectOption({ label: 'Max' });
    await page.locator(PLAY).click();
    const rec = await record(PLAY);
    const step = await page.locator('.timeline-position strong').textContent();
    await context.close();
    return { ...rec, idle, step };
  } finally {
    await browser.close();
  }
}

/** The figures of a playback recording; `prefix` names them apart when a bench reports several. */
export function playbackFigures(ctx: BenchContext, rec: Playback, prefix = ''): Figure[] {
  const { idle, step } = rec;
  const d = rec.deltas;
  // A frame that took longer than 1.5 intervals at 60 Hz skipped at least one vsync.
  const slow = d.filter((x) => x > 25);
  ctx.log(
    `${prefix || 'frames: '}${d.length} frames in ${RECORD_MS} ms, ${rec.restarts} restarts of play, ` +
      `${rec.longTasks.length} long tasks${rec.longTasks.length ? ` (max ${max(rec.longTasks).toFixed(0)} ms)` : ''}, last step ${step}; deltas > 25 ms: ${slow.map((x) => x.toFixed(1)).join(', ') || 'none'}`,
  );
  const note = 'headless Chromium, --disable-gpu: its own frame pacing, not a display vsync';
  // Frame times to the page clock's tick: outside cross-origin isolation Chromium coarsens
  // performance.now() and rAF times to 0.1 ms (one 60 Hz frame reads 16.6, 16.7 or 16.8 ms), so a
  // quantile's hundredths are interpolation between two ticks, not a measurement.
  const tick = (ms: number) => round(ms, 1);
  const figures: Figure[] = [
    { name: 'p50 frame', value: tick(median(d)), unit: 'ms', note: `${d.length} frames, ${rec.restarts} restarts` },
    { name: 'p95 frame', value: tick(p95(d)), unit: 'ms', target: { op: '<=', value: 16.7 }, note },
    { name: 'max frame', value: tick(max(d)), unit: 'ms', note: `${rec.longTasks.length} long tasks (>50 ms)` },
    { name: 'frames > 25 ms', value: slow.length, unit: '', note: 'skipped at least one 60 Hz interval' },
    {
      name: 'main thread busy while playing',
      value: round(rec.busy * 100, 0),
      unit: '%',
      note: `renderer main-thread task time / wall time; idle page ${round(idle.busy * 100, 0)} %`,
    },
    {
      name: 'main thread CPU while playing',
      value: round(rec.cpu * 100, 0),
      unit: '%',
      note: `renderer main-thread CPU time (/proc) / wall time: busy without waiting for a core; idle page ${round(idle.cpu * 100, 0)} %`,
    },
    {
      // At Max the player asks for the next step as soon as the last one is drawn, so busy % stays
      // high while drawing is the bottleneck; the cost of one drawn step shows the drawing's weight.
      name: 'main thread CPU per drawn step',
      value: rec.drawn > 0 ? round((rec.cpu * RECORD_MS) / rec.drawn, 1) : Number.NaN,
      unit: 'ms',
      note: `${rec.drawn} steps drawn in ${RECORD_MS} ms; busy (task time) per step ${rec.drawn > 0 ? round((rec.busy * RECORD_MS) / rec.drawn, 1) : '—'} ms`,
    },
    {
      name: 'idle baseline p95',
      value: tick(p95(idle.deltas)),
      unit: 'ms',
      note: `same page paused, ${idle.deltas.length} frames: p50 ${tick(median(idle.deltas))} ms, max ${tick(max(idle.deltas))} ms`,
    },
  ];
  return figures.map((f) => ({ ...f, name: prefix + f.name }));
}

const frames: Bench = {
  title: `rAF frame times while "${PRESET}" plays at Max speed (headless Chromium)`,
  async run(ctx) {
    return playbackFigures(ctx, await recordPlayback(ctx, `#preset=${PRESET}`));
  },
};

export default frames;
