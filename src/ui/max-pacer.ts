/**
 * Playing at Max speed: how many steps the next request asks the engine for, and when it may be
 * asked. Two measurements drive it, kept apart because they cost different threads:
 * - the engine's answer time (request to frame, in the worker): the batch doubles while the
 *   engine answers within ENGINE_BUDGET_MS, or within the last drawing's time when that is
 *   longer, and halves when it does not: a fast engine covers many steps per drawing, and
 *   heavy panels drawn less often still see the steps go by as fast;
 * - the page's drawing time (main thread: React's render and effects once the frame arrived,
 *   then the browser's style, layout and paint of the next animation frame): after each drawing
 *   the main thread is left idle for IDLE_PER_DRAW times as long before the next request, so
 *   playing at Max leaves it free most of the time for input, scrolling and the rest of the
 *   page, however heavy a lab's panels are. Two and a half times as long, because what is
 *   measured leaves out the frame message's decoding, the garbage collector and the other
 *   tasks of the page: with a pause as long as the drawing, a 2,000-node Kademlia run still
 *   kept the main thread two thirds busy, and with twice as long, half.
 * Pure and clock-free: the player hands it times from performance.now().
 */
export const ENGINE_BUDGET_MS = 6;
export const IDLE_PER_DRAW = 2.5;
const MAX_BATCH = 1024;

export class MaxPacer {
  /** Steps the next request asks for (before the caller's own limits). */
  batch = 1;
  /** No request before this time. */
  private readyAt = Number.NEGATIVE_INFINITY;
  /** The main-thread time of the drawing in progress: React's part, until the browser's is known. */
  private drawing = 0;
  /** The last whole drawing's main-thread time. */
  private lastDrawMs = 0;

  /** May a request go out at `now`? */
  ready(now: number): boolean {
    return now >= this.readyAt;
  }

  /**
   * A request answered: it went out at `asked`, its frame reached the page at `arrived`, and
   * React had drawn it (render, commit, effects) at `drawn`. Until the browser's part is known
   * (painted()), nothing more is asked.
   */
  answered(asked: number, arrived: number, drawn: number): void {
    const engineMs = arrived - asked;
    const budget = Math.max(ENGINE_BUDGET_MS, this.lastDrawMs);
    this.batch = engineMs < budget ? Math.min(this.batch * 2, MAX_BATCH) : Math.max(1, Math.floor(this.batch / 2));
    this.drawing = Math.max(0, drawn - arrived);
    this.readyAt = Number.POSITIVE_INFINITY;
  }

  /** The browser's style, layout and paint of the drawn frame took `renderMs`, ending at `now`. */
  painted(now: number, renderMs: number): void {
    this.lastDrawMs = this.drawing + Math.max(0, renderMs);
    this.readyAt = now + this.lastDrawMs * IDLE_PER_DRAW;
  }

  /** Play stopped, or a request failed: start afresh. */
  reset(): void {
    this.batch = 1;
    this.readyAt = Number.NEGATIVE_INFINITY;
    this.drawing = 0;
    this.lastDrawMs = 0;
  }
}
