import { type StepNo, stepNo } from './brand';
import { type ActionOf, type AnyLab, applyAction, type EngineEvent, type EventOf, type OptionsOf, type StateOf, type ViewOf } from './lab';

/** What the UI receives for one position on the timeline. */
export interface Frame<V = unknown, E extends EngineEvent = EngineEvent> {
  readonly step: StepNo;
  readonly total: number;
  /** Events emitted by the action that led to this step (the init events at step 0). */
  readonly events: readonly E[];
  readonly view: V;
}

export interface TimelineInput<A, O> {
  readonly seed: number;
  readonly options: O;
  readonly actions: readonly A[];
}

export interface TimelineOptions {
  /** Take a snapshot of the engine state every N steps (default 128). */
  readonly snapshotEvery?: number;
}

/**
 * Runs one scenario on one lab and moves to any step. Going back restores the
 * nearest snapshot at or before the target and replays forward, so a seek gives
 * exactly the state that running forward gave (the kernel's main invariant).
 */
export class Timeline<L extends AnyLab> {
  readonly total: number;
  private readonly every: number;
  private readonly snapshots = new Map<number, StateOf<L>>();
  private state: StateOf<L>;
  private current = 0;
  private lastEvents: readonly EventOf<L>[];

  constructor(
    private readonly lab: L,
    private readonly input: TimelineInput<ActionOf<L>, OptionsOf<L>>,
    opts: TimelineOptions = {},
  ) {
    this.every = Math.max(1, opts.snapshotEvery ?? 128);
    this.total = input.actions.length;
    const { state, events } = lab.init(input.options, input.seed);
    this.snapshots.set(0, this.copy(state));
    this.state = state;
    this.lastEvents = events;
  }

  get step(): StepNo {
    return stepNo(this.current);
  }

  /** The live engine state (read-only by convention; for tests and the runner). */
  get engineState(): StateOf<L> {
    return this.state;
  }

  /** Number of snapshots held, for tests and benchmarks. */
  get snapshotCount(): number {
    return this.snapshots.size;
  }

  /** Move to `target` (clamped to [0, total]) and return the frame there. */
  seek(target: number): Frame<ViewOf<L>, EventOf<L>> {
    const to = this.clamp(target);
    if (to === this.current) return this.frame();
    if (to < this.current || !this.canReachFromCurrent(to)) this.restoreBefore(to);
    while (this.current < to) this.advance();
    return this.frame();
  }

  /** Run forward from the current step, collecting every step's events. */
  runTo(target: number): { frames: { step: StepNo; events: readonly EventOf<L>[] }[]; frame: Frame<ViewOf<L>, EventOf<L>> } {
    const to = this.clamp(target);
    if (to <= this.current) return { frames: [], frame: this.seek(to) };
    const frames: { step: StepNo; events: readonly EventOf<L>[] }[] = [];
    while (this.current < to) {
      this.advance();
      frames.push({ step: this.step, events: this.lastEvents });
    }
    return { frames, frame: this.frame() };
  }

  frame(): Frame<ViewOf<L>, EventOf<L>> {
    return { step: this.step, total: this.total, events: this.lastEvents, view: this.lab.view(this.state) };
  }

  /** The lab's own snapshot copy when it has one, else a full structured clone. */
  private copy(state: StateOf<L>): StateOf<L> {
    return this.lab.clone ? this.lab.clone(state) : structuredClone(state);
  }

  /** A step in [0, total]; NaN (a bad number from a caller) stays at the current step instead of corrupting the state. */
  private clamp(target: number): number {
    if (Number.isNaN(target)) return this.current;
    return Math.max(0, Math.min(this.total, Math.trunc(target)));
  }

  /** Going forward from here is no slower than restoring a later snapshot. */
  private canReachFromCurrent(to: number): boolean {
    const snap = this.nearestSnapshotBefore(to);
    return snap <= this.current;
  }

  /** The step of the best snapshot to replay `to` from: at most `to - 1`, so step `to` runs and yields its events. */
  private nearestSnapshotBefore(to: number): number {
    let s = Math.floor(Math.max(0, to - 1) / this.every) * this.every;
    while (s > 0 && !this.snapshots.has(s)) s -= this.every;
    return s;
  }

  private restoreBefore(to: number): void {
    if (to === 0) {
      const { state, events } = this.lab.init(this.input.options, this.input.seed);
      this.state = state;
      this.lastEvents = events;
      this.current = 0;
      return;
    }
    const s = this.nearestSnapshotBefore(to);
    const snapshot = this.snapshots.get(s);
    if (snapshot === undefined) throw new Error(`No snapshot at step ${s}.`);
    this.state = this.copy(snapshot);
    this.current = s;
  }

  private advance(): void {
    const action = this.input.actions[this.current];
    this.lastEvents = applyAction(this.lab, this.state, action);
    this.current += 1;
    if (this.current % this.every === 0 && !this.snapshots.has(this.current)) {
      this.snapshots.set(this.current, this.copy(this.state));
    }
  }
}
